"""The survey pages pass axe-core (WCAG 2.2 A and AA), answer pages with errors included.

Run on their own with: pytest tests/browser/test_surveys_a11y.py -p no:randomly
"""

from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.services import cocreator_for_user_ensure
from impact.models import ExperienceResponse, SurveyInvitation, SurveyKind
from tests.activities.factories import ActivityFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def invitations(cocreator):
    person = cocreator_for_user_ensure(user=cocreator)
    person.relationships.create(kind="staff")
    activity = ActivityFactory(starts_at=timezone.now() - timedelta(days=3))
    experience = SurveyInvitation.objects.create(
        key="e",
        cocreator=person,
        kind=SurveyKind.EXPERIENCE,
        activity=activity,
        due_on=timezone.localdate(),
    )
    wellbeing = SurveyInvitation.objects.create(
        key="w", cocreator=person, kind=SurveyKind.WELLBEING_BEFORE, due_on=timezone.localdate()
    )
    return experience, wellbeing


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, driver.current_url
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit_empty(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


@pytest.mark.parametrize("which", [0, 1], ids=["experience", "wellbeing"])
def test_the_answer_pages_with_errors_are_accessible(browser, live_server, invitations, which):
    path = f"/surveys/{invitations[which].token}/"
    visit(browser, live_server, path)
    assert_page_ok(browser)
    submit_empty(browser)
    assert_page_ok(browser)


def test_the_portal_surveys_page_is_accessible(browser, live_server, cocreator, invitations):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/portal/surveys/")
    assert_page_ok(browser)


def test_the_staff_results_page_is_accessible(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    ExperienceResponse.objects.create(month=date(2026, 1, 1), confidence=5, connection=3)
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/staff/surveys/")
    assert_page_ok(browser)
