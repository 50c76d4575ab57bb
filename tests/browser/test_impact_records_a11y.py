"""The impact record pages and the public "You said, we did" page pass axe-core (WCAG 2.2 A and AA).

Run on their own with: pytest tests/browser/test_impact_records_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from impact.models import ImpactStatus
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import ImpactRecordFactory
from tests.impact.records.conftest import add_evidence, service_area

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
def records(db):
    wards = service_area("Acute wards")
    draft = ImpactRecordFactory(title="Shorter waits", service_area=wards)
    draft.contributors.set([CoCreatorFactory(full_name="Ann Able")])
    add_evidence(draft, before="60", after="28")
    add_evidence(draft, before="4", measure="Complaints a month")
    ImpactRecordFactory(
        title="Quieter nights",
        status=ImpactStatus.PUBLISHED,
        we_did="",
        we_could_not="The building has no more rooms.",
    )
    return {"draft": draft}


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


def test_the_record_list_is_accessible(staff_in_browser, live_server, records):
    visit(staff_in_browser, live_server, "/staff/impact/")
    assert "Shorter waits" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_record_page_is_accessible(staff_in_browser, live_server, records):
    visit(staff_in_browser, live_server, f"/staff/impact/{records['draft'].pk}/")
    assert "Complaints a month" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_record_form_with_errors_is_accessible(staff_in_browser, live_server, records):
    visit(staff_in_browser, live_server, "/staff/impact/add/")
    assert_page_ok(staff_in_browser)
    submit(staff_in_browser)
    assert "Enter what changed" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_evidence_form_with_errors_is_accessible(staff_in_browser, live_server, records):
    visit(staff_in_browser, live_server, f"/staff/impact/{records['draft'].pk}/evidence/add/")
    assert_page_ok(staff_in_browser)
    submit(staff_in_browser)
    assert "Enter the measure" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_publish_refusal_is_accessible(staff_in_browser, live_server, records):
    visit(staff_in_browser, live_server, f"/staff/impact/{records['draft'].pk}/publish/")
    submit(staff_in_browser)
    assert_page_ok(staff_in_browser)


def test_the_public_page_is_accessible(browser, live_server, records):
    visit(browser, live_server, "/you-said-we-did/")
    assert "Quieter nights" in browser.page_source
    assert "Shorter waits" not in browser.page_source
    assert_page_ok(browser)
