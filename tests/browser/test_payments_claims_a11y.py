"""Claims pages pass axe-core (WCAG 2.2 A and AA) and log no console errors: the choice page with
the benefits and tax notice (and its errors), the person's payments page, a claim page with its
expenses and an error summary, and the staff pages for a person.

Run on their own with: pytest tests/browser/test_payments_claims_a11y.py -p no:randomly
"""

from decimal import Decimal
from urllib.parse import urlparse

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.services import cocreator_for_user_ensure
from impact.documents import check_upload
from payments.claims.services import expense_add, payment_choice_record
from payments.models import ClaimStatus, ExpenseKind, PaymentMethod
from tests.payments.factories import claim_of, past_session, png

from .harness import WINDOW_SIZE, assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EXPENSE_FORM = "main form[enctype='multipart/form-data']"


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def fits_a_phone(driver, width=320):
    """Nothing scrolls sideways at 320px (400% zoom on a desktop), as the statement says."""

    def fits(d):
        scroll, inner = d.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth];"
        )
        return scroll <= inner

    driver.set_window_size(width, WINDOW_SIZE[1])
    try:
        # Just after a resize the NHS.UK header is still moving its links into "More".
        WebDriverWait(driver, 2, poll_frequency=0.1).until(fits)
    except TimeoutException:
        pytest.fail(f"{driver.current_url} scrolls sideways at {width}px")
    finally:
        driver.set_window_size(*WINDOW_SIZE)


def submit(driver, selector):
    form = driver.find_element(By.CSS_SELECTOR, selector)
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


@pytest.fixture
def world(cocreator):
    me = cocreator_for_user_ensure(user=cocreator)
    open_claim = claim_of(me, past_session(title="Carers' forum"), payment_amount=Decimal("40.00"))
    expense_add(claim=open_claim, kind=ExpenseKind.MILEAGE, miles=Decimal("12"), actor=None)
    upload = png()
    expense_add(
        claim=open_claim,
        kind=ExpenseKind.PARKING,
        amount=Decimal("3.50"),
        description="Hospital car park",
        receipt=upload,
        checked=check_upload(upload),
        actor=None,
    )
    claim_of(
        me,
        past_session(title="Ward garden design"),
        status=ClaimStatus.RETURNED,
        returned_reason="Please add the bus receipt.",
        payment_amount=Decimal("40.00"),
    )
    claim_of(me, past_session(title="Reading group"), status=ClaimStatus.PAID)
    empty = claim_of(me, past_session(title="Walk and talk"))
    return {"me": me, "claim": open_claim, "empty": empty}


@pytest.fixture
def signed_in(browser, live_server, cocreator, world):
    sign_in_as(browser, live_server, cocreator)
    return browser


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member, world):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def test_the_choice_page_and_its_errors(signed_in, live_server):
    visit(signed_in, live_server, "/portal/payments/choice/")
    assert "Universal Credit" in signed_in.page_source
    assert_page_ok(signed_in)
    submit(signed_in, "main form[method='post']")
    assert_page_ok(signed_in)


def test_the_payments_page_before_and_after_choosing(signed_in, live_server, world):
    visit(signed_in, live_server, "/portal/payments/")
    assert "You have not chosen yet" in signed_in.page_source
    assert_page_ok(signed_in)
    payment_choice_record(cocreator=world["me"], method=PaymentMethod.VOUCHER, actor=None)
    visit(signed_in, live_server, "/portal/payments/")
    assert "£48.90" in signed_in.page_source  # £40.00, 12 miles at 45p and £3.50 parking
    assert_page_ok(signed_in)
    fits_a_phone(signed_in)


def test_a_claim_page_with_an_error_summary(signed_in, live_server, world):
    path = f"/portal/payments/claims/{world['claim'].pk}/"
    visit(signed_in, live_server, path)
    assert "Hospital car park" in signed_in.page_source
    assert_page_ok(signed_in)
    fits_a_phone(signed_in)
    submit(signed_in, EXPENSE_FORM)
    assert_page_ok(signed_in)


def test_a_claim_with_nothing_to_pay_says_so(signed_in, live_server, world):
    payment_choice_record(cocreator=world["me"], method=PaymentMethod.PAYROLL, actor=None)
    path = f"/portal/payments/claims/{world['empty'].pk}/"
    visit(signed_in, live_server, path)
    submit(signed_in, f"main form[action='{path}submit/']")
    assert "There is nothing to pay on this claim" in signed_in.page_source
    assert_page_ok(signed_in)


def test_starting_a_claim(signed_in, live_server):
    visit(signed_in, live_server, "/portal/payments/claims/start/")
    assert_page_ok(signed_in)


def test_the_staff_pages_for_a_person(staff_in_browser, live_server, world):
    person = world["me"].pk
    visit(staff_in_browser, live_server, f"/staff/payments/people/{person}/")
    assert "Carers' forum" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    fits_a_phone(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/payments/people/{person}/choice/")
    assert_page_ok(staff_in_browser)
    submit(staff_in_browser, "main form[method='post']")
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/payments/claims/{world['claim'].pk}/edit/")
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/community/{person}/")
    assert "Payments and expenses" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
