"""A person's story and contact log (staff), and the person's own story (portal), pass axe-core
(WCAG 2.2 A and AA) and log no console errors.

Run on their own with: pytest tests/browser/test_story_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.models import ContactLogEntry
from community.services import cocreator_for_user_ensure
from tests.community.story_support import person_with_everything

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
def person(cocreator, staff_member):
    record = cocreator_for_user_ensure(user=cocreator)
    person_with_everything(record, staff_member=staff_member)
    return record


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_the_record_with_its_story_and_contact_log_form_is_accessible(
    staff_in_browser, live_server, person
):
    visit(staff_in_browser, live_server, f"/staff/community/{person.pk}/")
    assert "Their story" in staff_in_browser.page_source
    staff_in_browser.find_element(By.CSS_SELECTOR, "#contact-log ~ details summary").click()
    assert_page_ok(staff_in_browser)


def test_the_whole_story_page_is_accessible(staff_in_browser, live_server, person):
    visit(staff_in_browser, live_server, f"/staff/community/{person.pk}/story/")
    assert "Garden planning" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_contact_log_form_with_errors_is_accessible(staff_in_browser, live_server, person):
    visit(staff_in_browser, live_server, f"/staff/community/{person.pk}/contact-log/add/")
    assert_page_ok(staff_in_browser)
    form = staff_in_browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(staff_in_browser, 10).until(stale(form))
    assert staff_in_browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Enter what was said" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_changing_a_note_is_accessible(staff_in_browser, live_server, person):
    entry = ContactLogEntry.objects.filter(cocreator=person).first()
    visit(staff_in_browser, live_server, f"/staff/contact-log/{entry.pk}/edit/")
    assert_page_ok(staff_in_browser)


def test_the_dashboard_with_follow_ups_due_is_accessible(staff_in_browser, live_server, person):
    assert ContactLogEntry.objects.filter(follow_up_on__lte=timezone.localdate()).exists()
    visit(staff_in_browser, live_server, "/staff/")
    assert "Follow-ups due" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_persons_own_story_is_accessible(browser, live_server, cocreator, person):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/portal/story/")
    assert "What your involvement changed" in browser.page_source
    assert "Quieter wards at night" in browser.page_source
    assert_page_ok(browser)
