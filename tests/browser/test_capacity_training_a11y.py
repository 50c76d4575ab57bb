"""Training pages pass axe-core (WCAG 2.2 A and AA) and log no console errors: the staff list of
courses, a course's page with a run, sessions, completions and feedback, the portal's offer, and
the "what should change" form showing an error.

Run on their own with: pytest tests/browser/test_capacity_training_a11y.py -p no:randomly
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from capacity.models import CourseFeedback
from community.services import cocreator_for_user_ensure
from tests.activities.factories import ActivityFactory, AttendanceFactory
from tests.capacity.training_factories import (
    CompletionFactory,
    CourseFactory,
    CourseRunFactory,
    CourseSessionFactory,
)

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(cocreator):
    course = CourseFactory(title="Safeguarding for co-creation", expires_after_months=36)
    CourseFactory(title="Inclusive communication")
    past = CourseRunFactory(course=course, name="Last year")
    came = CourseSessionFactory(
        run=past,
        activity=ActivityFactory(
            title="Safeguarding session", starts_at=timezone.now() - datetime.timedelta(days=30)
        ),
    ).activity
    CourseSessionFactory(
        run=CourseRunFactory(course=course, name="Coming up"),
        activity=ActivityFactory(title="Safeguarding: next group"),
        required=False,
    )
    person = cocreator_for_user_ensure(user=cocreator)
    AttendanceFactory(activity=came, cocreator=person)
    today = timezone.localdate()
    CompletionFactory(
        course=course,
        cocreator=person,
        run=past,
        completed_on=today - datetime.timedelta(days=1070),
        expires_on=today + datetime.timedelta(days=20),
    )
    CourseFeedback.objects.create(run=past, cocreator=person, what_should_change="More breaks.")
    return {"course": course, "run": past}


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_staff_list_and_course_page(browser, live_server, settings, staff_member, world):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/staff/training/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/training/courses/{world['course'].pk}/")
    assert "More breaks." in browser.page_source
    assert_page_ok(browser)


def test_portal_offer_and_feedback_form_with_an_error(browser, live_server, cocreator, world):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/portal/training/")
    assert "Safeguarding: next group" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/portal/training/runs/{world['run'].pk}/feedback/")
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)
