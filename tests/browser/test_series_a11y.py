"""Repeating sessions and cancelling pages pass axe-core (WCAG 2.2 A and AA) and log no console
errors: making a series (both steps, and with errors), a series, changing the rest of it, booking
a person onto it, cancelling an activity, and a co-creator's "Book all" button.

Run on their own with: pytest tests/browser/test_series_a11y.py -p no:randomly
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import ActivityStatus, SeriesFrequency
from activities.series.services import series_create
from tests.activities.factories import ActivityFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


@pytest.fixture
def series(db):
    first = ActivityFactory.build(
        title="Carers' peer group",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        ends_at=timezone.now() + datetime.timedelta(days=7, hours=2),
        status=ActivityStatus.OPEN,
    )
    start = timezone.localdate(first.starts_at)
    days = [start + datetime.timedelta(weeks=n) for n in range(4)]
    return series_create(first=first, frequency=SeriesFrequency.WEEKLY, days=days, actor=None)


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


def test_making_a_series_is_accessible_with_errors_and_at_step_two(staff_in_browser, live_server):
    visit(staff_in_browser, live_server, "/staff/series/add/")
    assert_page_ok(staff_in_browser)
    submit(staff_in_browser)
    assert staff_in_browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(staff_in_browser)
    when = timezone.localdate() + datetime.timedelta(days=10)
    fields = {
        "title": "Carers' peer group",
        "summary": "Meet other carers.",
        "venue": "Gillingham library",
        "start_date_day": str(when.day),
        "start_date_month": str(when.month),
        "start_date_year": str(when.year),
        "start_time": "18:00",
        "end_time": "20:00",
        "repeat_count": "4",
    }
    for name, value in fields.items():
        element = staff_in_browser.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)
    for css in (
        "input[name='level'][value='3']",
        "input[name='format'][value='in_person']",
        "input[name='status'][value='open']",
        "input[name='frequency'][value='weekly']",
    ):
        staff_in_browser.find_element(By.CSS_SELECTOR, css).click()
    setting = staff_in_browser.find_element(By.NAME, "setting")
    setting.find_element(By.CSS_SELECTOR, "option[value='community_venue']").click()
    submit(staff_in_browser)
    assert "Choose the dates" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_a_series_and_its_pages_are_accessible(staff_in_browser, live_server, series):
    visit(staff_in_browser, live_server, f"/staff/series/{series.pk}/")
    assert "peer group" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    second = series.sessions.order_by("starts_at")[1]
    visit(
        staff_in_browser,
        live_server,
        f"/staff/series/{series.pk}/sessions/{second.pk}/change-following/",
    )
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/series/{series.pk}/book/")
    assert_page_ok(staff_in_browser)


def test_cancelling_an_activity_is_accessible_with_errors(staff_in_browser, live_server, series):
    session = series.sessions.order_by("starts_at").first()
    visit(staff_in_browser, live_server, f"/staff/activities/{session.pk}/")
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/activities/{session.pk}/cancel/")
    assert_page_ok(staff_in_browser)
    submit(staff_in_browser)
    assert "Enter the reason for cancelling" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_book_all_button_is_accessible(browser, live_server, cocreator, series):
    sign_in_as(browser, live_server, cocreator)
    session = series.sessions.order_by("starts_at").first()
    visit(browser, live_server, f"/portal/opportunities/{session.pk}/")
    assert "Book all 4 sessions" in browser.page_source
    assert_page_ok(browser)
