"""Statements and recognition pages pass axe-core (WCAG 2.2 A and AA) and log no console
errors: the person's payment statements page (with years, and with none), their certificate
page when there is nothing to certify, the staff record with its "Recognition" and "Payment
statements" sections, and the reference letter form, with its error and once saved.

Run on their own with: pytest tests/browser/test_payments_recognition_a11y.py -p no:randomly
"""

from decimal import Decimal
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.services import cocreator_for_user_ensure
from payments.models import PaymentMethod, ReferenceLetter
from payments.recognition.services import reference_letter_save
from tests.activities.factories import ActivityFactory, AttendanceFactory, ProjectFactory
from tests.payments.factories import exported_claim, given_claim, uk

from .harness import WINDOW_SIZE, assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def person(cocreator, staff_member):
    """The co-creator's record: sessions attended, payments in two tax years, a letter."""
    me = cocreator_for_user_ensure(user=cocreator)
    project = ProjectFactory(title="Better hospital food")
    AttendanceFactory(
        activity=ActivityFactory(title="Menu tasting", project=project, starts_at=uk(2025, 5, 4)),
        cocreator=me,
    )
    exported_claim(
        me, exported_at=uk(2025, 6, 1), payment=Decimal("40.00"), expenses=Decimal("6.30")
    )
    exported_claim(me, exported_at=uk(2024, 6, 1), payment=Decimal("75.00"), title="Walk")
    given_claim(me, paid_at=uk(2025, 7, 1), method=PaymentMethod.DONATION, charity="Mind")
    reference_letter_save(
        cocreator=me, addressed_to="Kent College", body="A fine colleague.", actor=staff_member
    )
    return me


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_the_persons_statements_page(browser, live_server, cocreator, person):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/portal/payments/statements/")
    assert "2025 to 2026" in browser.page_source and "2024 to 2025" in browser.page_source
    assert_page_ok(browser)


def test_the_statements_page_and_certificate_page_with_nothing_yet(
    browser, live_server, other_cocreator
):
    sign_in_as(browser, live_server, other_cocreator)
    visit(browser, live_server, "/portal/payments/statements/")
    assert "You have no statements yet" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, "/portal/payments/certificate.pdf")
    assert "You have not taken part in an activity yet" in browser.page_source
    assert_page_ok(browser)


def test_the_staff_record_with_recognition_and_statements(staff_in_browser, live_server, person):
    visit(staff_in_browser, live_server, f"/staff/community/{person.pk}/")
    assert "Recognition" in staff_in_browser.page_source
    assert "Payment statements" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_reference_letter_form_its_error_and_the_saved_letter(
    staff_in_browser, live_server, person
):
    visit(
        staff_in_browser, live_server, f"/staff/payments/people/{person.pk}/reference-letters/add/"
    )
    assert "Better hospital food" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    form = staff_in_browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.ID, "id_body").clear()
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(staff_in_browser, 10).until(stale(form))
    assert staff_in_browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(staff_in_browser)
    letter = ReferenceLetter.objects.get(cocreator=person)
    visit(staff_in_browser, live_server, f"/staff/payments/reference-letters/{letter.pk}/")
    assert_page_ok(staff_in_browser)


def _fits(driver) -> bool:
    wide, window = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth];"
    )
    return wide <= window


def test_the_pages_fit_a_small_phone(
    browser, live_server, settings, cocreator, staff_member, person
):
    settings.STAFF_MFA_REQUIRED = False
    try:
        browser.set_window_size(320, 900)
        sign_in_as(browser, live_server, cocreator)
        visit(browser, live_server, "/portal/payments/statements/")
        assert _fits(browser), "the statements page scrolls sideways"
        browser.delete_all_cookies()
        sign_in_as(browser, live_server, staff_member)
        for path in (
            f"/staff/community/{person.pk}/",
            f"/staff/payments/people/{person.pk}/reference-letters/add/",
        ):
            visit(browser, live_server, path)
            assert _fits(browser), f"{path} scrolls sideways"
    finally:
        browser.set_window_size(*WINDOW_SIZE)
