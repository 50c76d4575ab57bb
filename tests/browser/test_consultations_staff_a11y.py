"""The staff's "Have your say" pages pass axe-core (WCAG 2.2 A and AA) and log no console errors:
the list, starting a consultation (with errors), a draft's page, changing it, its questions
(with an error) and changing one, its documents (with an error), publishing (ready and not),
closing early, telling its audience, an ended one's read-only page and the staff dashboard's
panel. The whole path from starting a draft to publishing and telling people runs without
JavaScript-only controls.

Run on their own with: pytest tests/browser/test_consultations_staff_a11y.py -p no:randomly
"""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from consultations.models import Consultation, ConsultationStatus, Moderation
from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import (
    ConsultationFactory,
    ContributionFactory,
    QuestionFactory,
)

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(db):
    CoCreatorFactory(full_name="Erin O'Email")
    CoCreatorFactory(full_name="Nell No-login")
    draft = ConsultationFactory(draft=True, title="Crisis line opening hours")
    QuestionFactory(consultation=draft, text="Which times would you call?")
    QuestionFactory(consultation=draft, kind="scale", text="How easy is it to get through?")
    live = ConsultationFactory(title="Waiting room music")
    ContributionFactory(consultation=live, moderation=Moderation.WAITING)
    ended = ConsultationFactory(ended=True, title="Leaflets for carers")
    return {"draft": draft, "live": live, "ended": ended}


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit(driver):
    form = driver.find_elements(By.CSS_SELECTOR, "main form[method='post']")[-1]
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


def submit_empty(driver):
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def test_the_list_starting_one_and_its_pages(staff_in_browser, live_server, world):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/have-your-say/")
    assert "Waiting room music" in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, "/staff/have-your-say/add/")
    assert_page_ok(driver)
    submit_empty(driver)
    assert "Enter the topic" in driver.page_source
    assert_page_ok(driver)
    draft = world["draft"]
    for page in ("", "edit/", "questions/", "documents/", "publish/"):
        visit(driver, live_server, f"/staff/have-your-say/{draft.pk}/{page}")
        assert_page_ok(driver)
    question = draft.questions.first()
    visit(driver, live_server, f"/staff/have-your-say/{draft.pk}/questions/{question.pk}/")
    assert_page_ok(driver)
    visit(driver, live_server, f"/staff/have-your-say/{draft.pk}/questions/")
    submit_empty(driver)
    assert_page_ok(driver)
    visit(driver, live_server, f"/staff/have-your-say/{draft.pk}/documents/")
    submit_empty(driver)
    assert "Choose a file to upload" in driver.page_source
    assert_page_ok(driver)


def test_publishing_closing_and_telling_people(staff_in_browser, live_server, world):
    driver = staff_in_browser
    draft = world["draft"]
    visit(driver, live_server, f"/staff/have-your-say/{draft.pk}/publish/")
    submit(driver)
    assert Consultation.objects.get(pk=draft.pk).status == ConsultationStatus.PUBLISHED
    assert_page_ok(driver)
    visit(driver, live_server, f"/staff/have-your-say/{draft.pk}/invite/")
    assert 'id="by-email"' in driver.page_source
    assert_page_ok(driver)
    submit(driver)
    assert_page_ok(driver)
    live = world["live"]
    visit(driver, live_server, f"/staff/have-your-say/{live.pk}/close/")
    assert_page_ok(driver)
    not_ready = ConsultationFactory(
        draft=True,
        ideas_on=False,
        discussion_on=False,
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() - timedelta(days=1),
    )
    visit(driver, live_server, f"/staff/have-your-say/{not_ready.pk}/publish/")
    assert 'id="problems"' in driver.page_source
    assert_page_ok(driver)
    ended = world["ended"]
    for page in ("", "edit/", "questions/"):
        visit(driver, live_server, f"/staff/have-your-say/{ended.pk}/{page}")
        assert_page_ok(driver)
    visit(driver, live_server, "/staff/")
    assert 'id="have-your-say-panel"' in driver.page_source
    assert_page_ok(driver)
