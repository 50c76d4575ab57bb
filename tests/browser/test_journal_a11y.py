"""The journal and case study pages pass axe-core (WCAG 2.2 A and AA).

Run on their own with: pytest tests/browser/test_journal_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.services import cocreator_for_user_ensure
from impact.models import CaseStudy, ChangeKind, ImpactRecord, JournalEntry, JournalSharing

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def entries(cocreator):
    cocreator_for_user_ensure(user=cocreator)
    JournalEntry.objects.create(
        author=cocreator, body="Private thoughts.", prompt="What's missing?"
    )
    return JournalEntry.objects.create(
        author=cocreator,
        body="Carers were not in the room.",
        prompt="Whose voices are still unheard?",
        sharing=JournalSharing.SHARED,
    )


@pytest.fixture
def staff(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return staff_member


@pytest.fixture
def case_study(cocreator):
    person = cocreator_for_user_ensure(user=cocreator)
    record = ImpactRecord.objects.create(
        title="Evening clinic",
        what_changed="Opens later",
        kind=ChangeKind.SERVICE,
        how_influenced="Co-creators asked",
    )
    study = CaseStudy.objects.create(title="Finding my voice", story="A story.", cocreator=person)
    study.impact_records.set([record])
    return study


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == urlparse(path).path, driver.current_url
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit_empty(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def test_the_journal_list_is_accessible(browser, live_server, cocreator, entries):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/journal/")
    assert "Whose voices are still unheard?" in browser.page_source
    assert_page_ok(browser)


def test_the_journal_form_with_errors_is_accessible(browser, live_server, cocreator, entries):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/journal/add/")
    submit_empty(browser)
    assert_page_ok(browser)


def test_a_journal_entry_with_its_themes_form_is_accessible(
    browser, live_server, cocreator, entries
):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, f"/journal/{entries.pk}/")
    assert "Contribute themes anonymously" in browser.page_source
    assert_page_ok(browser)


def test_the_staff_shared_list_is_accessible(browser, live_server, staff, entries):
    visit(browser, live_server, "/staff/journal/shared/")
    assert "Casey Cocreator" in browser.page_source
    assert_page_ok(browser)


def test_the_case_study_list_is_accessible(browser, live_server, staff, case_study):
    visit(browser, live_server, "/staff/case-studies/")
    assert "Finding my voice" in browser.page_source
    assert_page_ok(browser)


def test_the_case_study_form_with_errors_is_accessible(browser, live_server, staff, case_study):
    visit(browser, live_server, "/staff/case-studies/add/")
    submit_empty(browser)
    assert_page_ok(browser)


def test_the_case_study_edit_page_is_accessible(browser, live_server, staff, case_study):
    visit(browser, live_server, f"/staff/case-studies/{case_study.pk}/")
    assert "Record consent to publish" in browser.page_source
    assert_page_ok(browser)
