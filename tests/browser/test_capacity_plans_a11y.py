"""Development plan pages pass axe-core (WCAG 2.2 A and AA) and log no console errors: the staff
list, a person's record with their plan, starting a plan with an error, the plan's page, its
forms (with errors), removing a step and the history with a snapshot open; in the portal, the
page without a plan, starting one, the person's own plan, its forms and history, and a mentee's
plan for their mentor. Each is also checked at 320px wide, where nothing may scroll sideways.

Run on their own with: pytest tests/browser/test_capacity_plans_a11y.py -p no:randomly
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from capacity.models import PlanStepKind
from capacity.plans.services import review_add, step_add
from tests.capacity.plans_factories import a_plan, agreed_mentoring, person_of
from tests.capacity.training_factories import CourseFactory
from tests.community.factories import CoCreatorFactory

from .harness import WINDOW_SIZE, assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(cocreator, staff_member):
    course = CourseFactory(title="Facilitation skills")
    me = person_of(cocreator)
    plan = a_plan(me, actor=staff_member, written_with=staff_member, agreed_days_ago=20)
    step_add(
        plan=plan,
        actor=staff_member,
        kind=PlanStepKind.COURSE,
        what="Go to the facilitation skills course",
        course=course,
        by_when=timezone.localdate(),
    )
    step_add(plan=plan, actor=cocreator, kind=PlanStepKind.MENTORING, what="Find a peer mentor")
    review_add(
        plan=plan,
        actor=staff_member,
        held_on=timezone.localdate(),
        how_it_is_going="Going well; spoke up at the carers' forum.",
        next_review_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    mentee = CoCreatorFactory(full_name="Mo Mentee")
    agreed_mentoring(me, mentee)
    mentee_plan = a_plan(mentee, written_with_mentor=me, steps=1, actor=staff_member)
    return {"plan": plan, "mentee_plan": mentee_plan, "me": me}


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def narrow_fits(driver):
    """At 320px wide nothing scrolls sideways."""
    driver.set_window_size(320, 800)
    try:
        wide = driver.execute_script(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not wide, f"{driver.current_url} scrolls sideways at 320px"
    finally:
        driver.set_window_size(*WINDOW_SIZE)


def check(driver):
    assert_page_ok(driver)
    narrow_fits(driver)


def submit_empty(driver, clear=()):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    for name in clear:
        form.find_element(By.NAME, name).clear()
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def test_the_staff_list_record_and_plan_page(staff_in_browser, live_server, world):
    plan = world["plan"]
    visit(staff_in_browser, live_server, "/staff/plans/")
    assert "Due soon" in staff_in_browser.page_source
    check(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/community/{plan.cocreator_id}/")
    assert 'id="development-plan"' in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/plans/{plan.pk}/")
    assert "Go to the facilitation skills course" in staff_in_browser.page_source
    check(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/plans/{plan.pk}/history/")
    staff_in_browser.find_element(By.CSS_SELECTOR, "details summary").click()
    check(staff_in_browser)
    step = plan.steps.first()
    visit(staff_in_browser, live_server, f"/staff/plans/{plan.pk}/steps/{step.pk}/remove/")
    check(staff_in_browser)


def test_the_staff_forms_with_errors(staff_in_browser, live_server, world):
    plan = world["plan"]
    other = CoCreatorFactory(full_name="Nadia Noplan")
    visit(staff_in_browser, live_server, f"/staff/people/{other.pk}/plan/")
    check(staff_in_browser)
    submit_empty(staff_in_browser)
    check(staff_in_browser)
    for path in (
        f"/staff/plans/{plan.pk}/edit/",
        f"/staff/plans/{plan.pk}/steps/add/",
        f"/staff/plans/{plan.pk}/reviews/add/",
    ):
        visit(staff_in_browser, live_server, path)
        check(staff_in_browser)
        submit_empty(staff_in_browser, clear=("hopes",) if path.endswith("edit/") else ())
        check(staff_in_browser)


def test_the_portal_without_a_plan_and_starting_one(browser, live_server, world, other_cocreator):
    sign_in_as(browser, live_server, other_cocreator)
    visit(browser, live_server, "/portal/plan/")
    assert "Start your plan" in browser.page_source
    check(browser)
    visit(browser, live_server, "/portal/plan/start/")
    check(browser)
    submit_empty(browser)
    check(browser)


def test_the_portal_plan_its_forms_history_and_a_mentees_plan(
    browser, live_server, world, cocreator
):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/portal/plan/")
    assert "Your development plan" in browser.page_source
    assert "Development plan of Mo Mentee" in browser.page_source
    check(browser)
    for path, clear in (("/portal/plan/edit/", ("hopes",)), ("/portal/plan/steps/add/", ())):
        visit(browser, live_server, path)
        check(browser)
        submit_empty(browser, clear=clear)
        check(browser)
    visit(browser, live_server, "/portal/plan/history/")
    browser.find_element(By.CSS_SELECTOR, "details summary").click()
    check(browser)
    mentee_plan = world["mentee_plan"]
    visit(browser, live_server, f"/portal/plan/mentee/{mentee_plan.pk}/")
    assert "You are their mentor" in browser.page_source
    check(browser)
    visit(browser, live_server, f"/portal/plan/mentee/{mentee_plan.pk}/history/")
    check(browser)
