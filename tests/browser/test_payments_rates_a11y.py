"""The payment rates pages and a paid activity's portal page pass axe-core (WCAG 2.2 A and AA)
and log no console errors: the rates list with rates in use, starting later and ended; the add
form and its errors; a used rate's end-date form; the portal page of a paid activity with its
rates and expenses.

Run on their own with: pytest tests/browser/test_payments_rates_a11y.py -p no:randomly
"""

import datetime
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import ActivityPayment
from community.services import cocreator_for_user_ensure
from tests.activities.factories import ActivityFactory
from tests.payments.factories import can_manage, claim
from tests.payments.factories import rate_added as _rate

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def manager_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    can_manage(staff_member)
    sign_in_as(browser, live_server, staff_member)
    return browser


@pytest.fixture
def rates(db):
    today = timezone.localdate()
    ended = _rate(
        name="Old half day",
        valid_from=today - datetime.timedelta(days=400),
        valid_to=today - datetime.timedelta(days=31),
        amount=Decimal("35.00"),
    )
    current = _rate(valid_from=today - datetime.timedelta(days=30))
    _rate(
        name="Full day",
        up_to_hours=None,
        amount=Decimal("75.00"),
        valid_from=today - datetime.timedelta(days=30),
    )
    _rate(name="Co-create day", level=5, valid_from=today + datetime.timedelta(days=60))
    claim(ActivityFactory(), rate=ended, payment_amount=ended.amount)
    return {"ended": ended, "current": current}


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def test_the_rates_list(manager_in_browser, live_server, rates):
    visit(manager_in_browser, live_server, "/staff/payments/rates/")
    page = manager_in_browser.page_source
    assert "Rates in use now" in page and "Old half day" in page and "Co-create day" in page
    assert_page_ok(manager_in_browser)


def test_add_a_rate_and_its_errors(manager_in_browser, live_server, rates):
    visit(manager_in_browser, live_server, "/staff/payments/rates/add/")
    assert_page_ok(manager_in_browser)
    submit(manager_in_browser)
    assert_page_ok(manager_in_browser)
    # An overlapping rate: the clash is named in the error summary.
    form = manager_in_browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    start = timezone.localdate()
    for name, value in (
        ("name", "Another half day"),
        ("up_to_hours", "4"),
        ("amount", "45.00"),
        ("valid_from_day", str(start.day)),
        ("valid_from_month", str(start.month)),
        ("valid_from_year", str(start.year)),
    ):
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    submit(manager_in_browser)
    assert "These dates overlap" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)


def test_a_used_rate_asks_only_for_an_end_date(manager_in_browser, live_server, rates):
    visit(manager_in_browser, live_server, f"/staff/payments/rates/{rates['ended'].pk}/edit/")
    assert "only its end date can be set" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)


def test_a_paid_activity_in_the_portal(browser, live_server, cocreator, rates):
    cocreator_for_user_ensure(user=cocreator)
    activity = ActivityFactory(
        title="Paid reading panel",
        payment=ActivityPayment.PAID,
        expenses_covered="Bus or train fares, or 45p a mile; parking.",
    )
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, f"/portal/opportunities/{activity.pk}/")
    assert "£40.00 for up to 4 hours; £75.00 for longer" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, "/portal/opportunities/")
    assert ">Paid</strong>" in browser.page_source
    assert_page_ok(browser)
