"""Issue 15's words and guard rails, in a real browser at 1280px and 390px: a walk-in added from
the attendance page without saving it first (answers kept), the audit log in words and UK time,
and an impact record that its checker cannot publish. axe-core finds nothing; nothing scrolls
sideways.

Run on its own with: pytest tests/browser/test_staff_guard_rails_browser.py -p no:randomly
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import ActivityStatus, SignUp, SignUpStatus
from community.audit import audit_record
from community.models import AuditAction
from community.services import cocreator_register
from impact.services.records import impact_record_check
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory
from tests.impact.factories import ImpactRecordFactory

from .harness import WINDOW_SIZE, assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (1280, 390)


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    yield browser
    browser.set_window_size(*WINDOW_SIZE)


def _fits(driver, width):
    driver.set_window_size(width, 900)
    scroll, inner = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth];"
    )
    assert scroll <= inner, f"{driver.current_url} scrolls sideways at {width}px ({scroll}px)"
    assert_page_ok(driver)


def _click(driver, selector):
    button = driver.find_element(By.CSS_SELECTOR, selector)
    button.click()
    WebDriverWait(driver, 10).until(stale(button))


def test_a_walk_in_is_added_without_losing_what_was_entered(
    staff_in_browser, live_server, staff_member
):
    driver = staff_in_browser
    activity = ActivityFactory(
        title="Design workshop", starts_at=at(2024, 3, 5, 14), hours=2, status=ActivityStatus.DONE
    )
    for name in ("Ann Able", "Ben Bell"):
        person = cocreator_register(actor=None, full_name=name)
        SignUp.objects.create(activity=activity, cocreator=person, status=SignUpStatus.BOOKED)

    driver.get(f"{live_server.url}/staff/activities/{activity.pk}/attendance/")
    assert "Tue 5 Mar 2024, 2pm to 4pm" in driver.page_source
    for width in WIDTHS:
        _fits(driver, width)
    driver.find_element(By.CSS_SELECTOR, "input[name='form-0-status'][value='attended']").click()
    _click(driver, "button[name='walk_in']")

    assert "/attendance/add/" in driver.current_url
    driver.find_element(By.NAME, "full_name").send_keys("Nia New")
    _click(driver, "form#new-person button[type='submit']")

    assert driver.current_url.endswith(f"/staff/activities/{activity.pk}/attendance/")
    assert "include ones you have not saved yet" in driver.page_source
    assert "Nia New" in driver.page_source
    ann = driver.find_element(By.CSS_SELECTOR, "input[name='form-0-status'][value='attended']")
    assert ann.is_selected(), "Ann's answer was kept while the walk-in was added"
    for width in WIDTHS:
        _fits(driver, width)


def test_the_audit_log_is_in_words_and_uk_time(staff_in_browser, live_server, staff_member):
    driver = staff_in_browser
    person = cocreator_register(actor=None, full_name="Alex Ashdown")
    audit_record(
        actor=staff_member,
        action=AuditAction.CHANGE,
        cocreator_id=person.pk,
        fields=["demographics.pregnancy_maternity", "postcode"],
    )
    driver.get(f"{live_server.url}/staff/audit/")
    assert "Pregnancy and maternity, Postcode" in driver.page_source
    assert "UTC" not in driver.page_source and "demographics." not in driver.page_source
    for width in WIDTHS:
        _fits(driver, width)


def test_the_checker_is_told_someone_else_publishes(staff_in_browser, live_server, staff_member):
    driver = staff_in_browser
    record = ImpactRecordFactory()
    impact_record_check(record=record, actor=staff_member)
    driver.get(f"{live_server.url}/staff/impact/{record.pk}/")
    assert "someone else in the team must publish it" in driver.page_source
    for width in WIDTHS:
        _fits(driver, width)
    driver.get(f"{live_server.url}/staff/impact/{record.pk}/publish/")
    assert "Someone else must publish this record" in driver.page_source
    for width in WIDTHS:
        _fits(driver, width)
