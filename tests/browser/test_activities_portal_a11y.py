"""The co-creator's opportunity pages pass axe-core (WCAG 2.2 A and AA) with no console errors.

Run on their own with: pytest tests/browser/test_activities_portal_a11y.py -p no:randomly
"""

from decimal import Decimal
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import ActivityStatus, EngagementLevel
from activities.services import AttendanceLine, attendance_record_session, signup_create
from community.services import cocreator_for_user_ensure, cocreator_register
from tests.activities.factories import ActivityFactory
from tests.activities.portal.conftest import (
    TUESDAY_EVENING,
    TUESDAY_MORNING,
    WEDNESDAY_MORNING,
    at,
    locality,
    prefer,
    project_about,
    service_area,
)

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _open(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{path} has {len(headings)} <h1> elements"


def _submit(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


def _wait_for_text(driver, text):
    """Wait until the page that follows a form has loaded and says `text`."""
    WebDriverWait(driver, 10).until(EC.text_to_be_present_in_element((By.TAG_NAME, "main"), text))


@pytest.fixture
def world(cocreator):
    """Me, with preferences, a place, a waiting-list place, a full activity and past sessions."""
    me = prefer(
        cocreator_for_user_ensure(user=cocreator),
        interests=[service_area("Eating disorders")],
        available_evenings=True,
        locality=locality("Swale"),
    )
    others = [
        cocreator_register(actor=None, full_name=f"Other {i}", email=f"other{i}@example.org")
        for i in range(2)
    ]
    booked = ActivityFactory(
        title="Menu review evening",
        starts_at=TUESDAY_EVENING,
        capacity=6,
        venue="The Hub, 1 High Street",
        locality=locality("Swale"),
        project=project_about(service_area("Eating disorders")),
        access_provisions="Step-free access. We pay travel costs.",
        recognition="A £20 voucher",
    )
    waiting = ActivityFactory(title="Small focus group", starts_at=TUESDAY_MORNING, capacity=1)
    full = ActivityFactory(title="Garden design", starts_at=WEDNESDAY_MORNING, capacity=1)
    booked_place = signup_create(activity_id=booked.pk, cocreator=me)
    signup_create(activity_id=waiting.pk, cocreator=others[0])
    waiting_place = signup_create(activity_id=waiting.pk, cocreator=me)
    signup_create(activity_id=full.pk, cocreator=others[1])
    for day, level in ((3, EngagementLevel.ENGAGE), (10, EngagementLevel.COCREATE)):
        past = ActivityFactory(
            title=f"Past session {day}",
            starts_at=at(2025, 6, day, 14),
            level=level,
            status=ActivityStatus.DONE,
        )
        attendance_record_session(
            activity=past,
            lines=[AttendanceLine(cocreator_id=me.pk, status="attended", hours=Decimal("1.5"))],
            actor=None,
        )
    return {
        "booked": booked,
        "waiting": waiting,
        "full": full,
        "booked_place": booked_place,
        "waiting_place": waiting_place,
    }


@pytest.fixture
def signed_in(browser, live_server, cocreator, world):
    sign_in_as(browser, live_server, cocreator)
    return browser


def test_the_opportunity_list_is_accessible(signed_in, live_server):
    _open(signed_in, live_server, "/portal/opportunities/")
    assert "Near you in Swale" in signed_in.page_source
    assert_page_ok(signed_in)


@pytest.mark.parametrize("which", ["booked", "waiting", "full"])
def test_an_opportunity_page_is_accessible_booked_waiting_or_full(
    signed_in, live_server, world, which
):
    _open(signed_in, live_server, f"/portal/opportunities/{world[which].pk}/")
    assert_page_ok(signed_in)


def test_joining_a_waiting_list_is_accessible(signed_in, live_server, world):
    _open(signed_in, live_server, f"/portal/opportunities/{world['full'].pk}/")
    _submit(signed_in)
    _wait_for_text(signed_in, "You are number 1 on the waiting list")
    assert_page_ok(signed_in)


def test_a_refused_sign_up_shows_an_accessible_error(signed_in, live_server, world, cocreator):
    _open(signed_in, live_server, f"/portal/opportunities/{world['full'].pk}/")
    # Meanwhile, in another tab, I joined the list: this page's button is now out of date.
    signup_create(activity_id=world["full"].pk, cocreator=cocreator.cocreator)
    _submit(signed_in)
    _wait_for_text(signed_in, "You have already signed up for this activity.")
    summary = signed_in.find_element(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "You have already signed up for this activity." in summary.text
    assert_page_ok(signed_in)


@pytest.mark.parametrize("which", ["booked_place", "waiting_place"])
def test_the_withdraw_confirmation_is_accessible(signed_in, live_server, world, which):
    _open(signed_in, live_server, f"/portal/sign-ups/{world[which].pk}/withdraw/")
    assert_page_ok(signed_in)


def test_my_activities_is_accessible(signed_in, live_server):
    _open(signed_in, live_server, "/portal/activities/")
    assert "You have taken part in 2 sessions, 3 hours in total." in signed_in.page_source
    assert_page_ok(signed_in)


def test_the_portal_home_with_the_involvement_section_is_accessible(signed_in, live_server):
    _open(signed_in, live_server, "/portal/")
    assert "Your next activity is" in signed_in.page_source
    assert_page_ok(signed_in)
