"""Staff pages for projects, activities, notes and attendance pass axe-core (WCAG 2.2 A and AA)
and log no console errors, including with the error summary showing.

Run on their own with: pytest tests/browser/test_activities_staff_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import (
    ActivityStatus,
    AttendanceStatus,
    EngagementLevel,
    Objective,
    Project,
    SignUp,
    SignUpStatus,
)
from activities.services import AttendanceLine, attendance_record_session, project_save
from community.models import PartnerKind
from community.partners.services import partner_create
from community.services import cocreator_register
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    # Two-factor set-up before staff pages is tested elsewhere; here we want the pages themselves.
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


@pytest.fixture
def session(db, staff_member):
    """A project with a past session: two booked, one waiting, one recorded walk-in, and notes."""
    partner = partner_create(
        actor=None, name="Riverside Wellbeing Collective", kind=PartnerKind.VOLUNTARY
    )
    project = project_save(
        project=Project(
            title="Garden therapy", summary="A garden for the ward.", lead=staff_member
        ),
        objectives=[Objective.COMMUNITY, Objective.ENVIRONMENT],
        partners=[partner],
    )
    ActivityFactory(
        title="Planting day", project=project, level=EngagementLevel.COCREATE, capacity=10
    )
    past = ActivityFactory(
        title="Design workshop",
        project=project,
        starts_at=at(2024, 3, 5, 10),
        hours=2.5,
        capacity=2,
        status=ActivityStatus.DONE,
        venue="Priory Ward, Maidstone",
    )
    past.partners.add(partner)
    past.notes_unheard_voices = "Young carers"
    past.save()
    people = [
        cocreator_register(
            actor=None, full_name=name, email=f"{name.split()[0].lower()}@example.org"
        )
        for name in ("Ann Able", "Ben Bell", "Cy Cole", "Wendy Walker")
    ]
    for who, status in zip(
        people[:3], (SignUpStatus.BOOKED, SignUpStatus.BOOKED, SignUpStatus.WAITING), strict=True
    ):
        SignUp.objects.create(activity=past, cocreator=who, status=status)
    attendance_record_session(
        activity=past,
        lines=[AttendanceLine(people[3].pk, AttendanceStatus.ATTENDED, walked_in=True)],
        actor=staff_member,
    )
    return {"project": project, "activity": past}


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == urlparse(path).path, (
        f"{path} ended on {driver.current_url}"
    )
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{path} has {len(headings)} <h1> elements"


def submit(driver, form_selector="main form[method='post']"):
    form = driver.find_element(By.CSS_SELECTOR, form_selector)
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary"), (
        f"No error summary on {driver.current_url} after a bad submission"
    )


def test_the_project_list_is_accessible(staff_in_browser, live_server, session):
    visit(staff_in_browser, live_server, "/staff/projects/")
    assert "Garden therapy" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_project_detail_page_is_accessible(staff_in_browser, live_server, session):
    visit(staff_in_browser, live_server, f"/staff/projects/{session['project'].pk}/")
    assert "Planting day" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_project_form_with_errors_is_accessible(staff_in_browser, live_server, session):
    visit(staff_in_browser, live_server, "/staff/projects/add/")
    assert_page_ok(staff_in_browser)
    submit(staff_in_browser)
    assert "Choose at least one objective the project serves" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_activity_list_is_accessible(staff_in_browser, live_server, session):
    visit(staff_in_browser, live_server, "/staff/activities/?when=all")
    assert "Design workshop" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_activity_list_with_a_wrong_filter_is_accessible(
    staff_in_browser, live_server, session
):
    visit(staff_in_browser, live_server, "/staff/activities/?level=9")
    assert staff_in_browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(staff_in_browser)


def test_the_activity_detail_page_is_accessible(staff_in_browser, live_server, session):
    visit(staff_in_browser, live_server, f"/staff/activities/{session['activity'].pk}/")
    assert "Cy Cole" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_activity_form_with_errors_is_accessible(staff_in_browser, live_server, session):
    visit(staff_in_browser, live_server, "/staff/activities/add/")
    assert_page_ok(staff_in_browser)
    staff_in_browser.find_element(By.NAME, "start_time").send_keys("25:00")
    staff_in_browser.find_element(By.NAME, "capacity").send_keys("0")
    submit(staff_in_browser)
    assert "Choose an engagement level" in staff_in_browser.page_source
    assert "Places must be 1 or more" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_activity_edit_form_with_an_end_before_the_start_is_accessible(
    staff_in_browser, live_server, session
):
    visit(staff_in_browser, live_server, f"/staff/activities/{session['activity'].pk}/edit/")
    end = staff_in_browser.find_element(By.NAME, "end_time")
    end.clear()
    end.send_keys("09:00")
    submit(staff_in_browser)
    assert "End time must be after the start time" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_notes_page_is_accessible(staff_in_browser, live_server, session):
    visit(staff_in_browser, live_server, f"/staff/activities/{session['activity'].pk}/notes/")
    assert "Whose voices are still unheard?" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_attendance_page_with_errors_is_accessible(staff_in_browser, live_server, session):
    visit(staff_in_browser, live_server, f"/staff/activities/{session['activity'].pk}/attendance/")
    assert_page_ok(staff_in_browser)
    hours = staff_in_browser.find_element(By.NAME, "form-0-hours")
    hours.clear()
    hours.send_keys("30")
    submit(staff_in_browser)
    assert "Choose whether Ann Able attended" in staff_in_browser.page_source
    assert "Hours for Ann Able must be between 0 and 24" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_walk_in_page_with_results_and_errors_is_accessible(
    staff_in_browser, live_server, session
):
    path = f"/staff/activities/{session['activity'].pk}/attendance/add/"
    visit(staff_in_browser, live_server, path + "?q=ann")
    assert "Ann Able" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    submit(staff_in_browser, "form#new-person")
    assert "Enter the person's full name" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
