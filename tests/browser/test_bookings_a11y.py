"""Staff booking pages and the "to contact" list pass axe-core (WCAG 2.2 A and AA) and log no
console errors: booking from an activity and from a person's record, moving, cancelling, the
activity's booking list with who booked, the person's record with their places, and the list.

Run on their own with: pytest tests/browser/test_bookings_a11y.py -p no:randomly
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.bookings.services import booking_make
from community.models import HandContactMethod, ToContact
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory

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
def world(staff_member):
    activity = ActivityFactory(title="Carers' group", capacity=1)
    ActivityFactory(title="Walk and talk")
    person = CoCreatorFactory(
        full_name="Pat Phoner",
        email="",
        prefers_email=False,
        prefers_phone=True,
        phone="01234 567890",
    )
    waiting = CoCreatorFactory(full_name="Wen Waiting")
    booked = booking_make(activity=activity, cocreator=person, actor=staff_member, note="Rang in")
    booking_make(activity=activity, cocreator=waiting, actor=staff_member)
    ToContact.objects.create(
        key="demo:overdue",
        cocreator=waiting,
        kind="booking_waiting",
        method=HandContactMethod.POST,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        what_to_say="Wen is on the waiting list.",
    )
    return {"activity": activity, "person": person, "signup": booked.signup}


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit_empty(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def test_the_activity_page_with_its_booking_list(staff_in_browser, live_server, world):
    visit(staff_in_browser, live_server, f"/staff/activities/{world['activity'].pk}/")
    assert "Booked by" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_book_a_person_and_its_errors(staff_in_browser, live_server, world):
    visit(staff_in_browser, live_server, f"/staff/activities/{world['activity'].pk}/book/")
    assert_page_ok(staff_in_browser)
    submit_empty(staff_in_browser)
    assert_page_ok(staff_in_browser)


def test_the_person_record_and_booking_from_it(staff_in_browser, live_server, world):
    visit(staff_in_browser, live_server, f"/staff/community/{world['person'].pk}/")
    assert "Places booked" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/bookings/people/{world['person'].pk}/book/")
    assert_page_ok(staff_in_browser)
    submit_empty(staff_in_browser)
    assert_page_ok(staff_in_browser)


def test_move_and_cancel(staff_in_browser, live_server, world):
    base = f"/staff/activities/{world['activity'].pk}/sign-ups/{world['signup'].pk}"
    visit(staff_in_browser, live_server, f"{base}/move/")
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"{base}/cancel/")
    assert_page_ok(staff_in_browser)


def test_the_to_contact_list(staff_in_browser, live_server, world):
    visit(staff_in_browser, live_server, "/staff/to-contact/")
    assert "Pat Phoner" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    staff_in_browser.get(live_server.url + "/staff/to-contact/?day=nonsense")
    assert_page_ok(staff_in_browser)
