"""The events calendar's pages pass axe-core (WCAG 2.2 A and AA) with no console errors.

Run on their own with: pytest tests/browser/test_calendar_a11y.py -p no:randomly
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import AwarenessDate
from activities.services import signup_create
from community.services import cocreator_for_user_ensure
from tests.activities.factories import ActivityFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _open(driver, live_server, path):
    driver.get(live_server.url + path)
    wanted = urlparse(path).path
    assert urlparse(driver.current_url).path == wanted, f"{path} ended on {driver.current_url}"
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{path} has {len(headings)} <h1> elements"


def _submit(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


@pytest.fixture
def this_month():
    """A busy month: activities today and later this month, and awareness dates."""
    today = timezone.localdate()
    first = today.replace(day=1)
    soon = timezone.now() + datetime.timedelta(hours=2)
    activity = ActivityFactory(starts_at=soon, title="Ward garden design session")
    ActivityFactory(starts_at=soon + datetime.timedelta(days=3), title="Carers' evening")
    AwarenessDate.objects.create(name="Calendar Test Week", starts_on=first, ends_on=today)
    AwarenessDate.objects.create(name="Calendar Test Day", starts_on=today)
    return activity


def test_the_month_view_is_accessible(browser, live_server, this_month):
    _open(browser, live_server, "/calendar/")
    assert browser.find_elements(By.CSS_SELECTOR, "td[aria-current='date']")
    assert_page_ok(browser)


def test_the_month_view_is_accessible_on_a_small_screen(browser, live_server, this_month):
    browser.set_window_size(375, 812)
    try:
        _open(browser, live_server, "/calendar/")
        assert_page_ok(browser)
    finally:
        from .harness import WINDOW_SIZE

        browser.set_window_size(*WINDOW_SIZE)


def test_the_list_view_is_accessible(browser, live_server, this_month):
    _open(browser, live_server, "/calendar/list/")
    assert_page_ok(browser)


def test_the_public_activity_page_is_accessible(browser, live_server, this_month):
    _open(browser, live_server, f"/calendar/activities/{this_month.pk}/")
    assert_page_ok(browser)


def test_the_portal_calendar_page_is_accessible(browser, live_server, cocreator, this_month):
    person = cocreator_for_user_ensure(user=cocreator)
    signup_create(activity_id=this_month.pk, cocreator=person)
    sign_in_as(browser, live_server, cocreator)
    _open(browser, live_server, "/portal/calendar/")
    assert_page_ok(browser)
    _submit(browser)  # make a new link
    assert urlparse(browser.current_url).path == "/portal/calendar/"
    assert_page_ok(browser)


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    # Two-factor set-up before staff pages is tested elsewhere; here we want the pages themselves.
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def test_the_awareness_dates_list_is_accessible(staff_in_browser, live_server, this_month):
    _open(staff_in_browser, live_server, "/staff/calendar/dates/")
    assert_page_ok(staff_in_browser)


def test_the_awareness_date_form_with_errors_is_accessible(staff_in_browser, live_server):
    _open(staff_in_browser, live_server, "/staff/calendar/dates/add/")
    assert_page_ok(staff_in_browser)
    staff_in_browser.find_element(By.NAME, "starts_on_day").send_keys("20")
    staff_in_browser.find_element(By.NAME, "starts_on_month").send_keys("6")
    staff_in_browser.find_element(By.NAME, "starts_on_year").send_keys("2027")
    staff_in_browser.find_element(By.NAME, "ends_on_day").send_keys("14")
    staff_in_browser.find_element(By.NAME, "ends_on_month").send_keys("6")
    staff_in_browser.find_element(By.NAME, "ends_on_year").send_keys("2027")
    _submit(staff_in_browser)
    summary = staff_in_browser.find_element(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Enter the name of the awareness date" in summary.text
    assert "The last day must be the same as or after the first day" in summary.text
    assert_page_ok(staff_in_browser)


def test_the_remove_page_is_accessible(staff_in_browser, live_server, this_month):
    row = AwarenessDate.objects.get(name="Calendar Test Day")
    _open(staff_in_browser, live_server, f"/staff/calendar/dates/{row.pk}/remove/")
    assert_page_ok(staff_in_browser)
