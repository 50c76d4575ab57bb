"""Accreditation applying's pages pass axe-core (WCAG 2.2 A and AA) and log no console errors:
staff's services, a service, adding a contact with an error, the criteria (a published version
and a draft, a criterion form with errors, publishing with problems), an application's pages
(self-assessment, a criterion with evidence, linking evidence after a search, an upload with an
error, submitting with criteria missing, withdrawing), and the partner section's accreditation
page, application and answer form with errors.

Run on their own with: pytest tests/browser/test_capacity_accreditation_applying_a11y.py -p no:randomly
"""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from capacity.models import AccreditationEvidence, EvidenceKind
from tests.activities.factories import ActivityFactory
from tests.capacity.accreditation_applying_factories import (
    ApplicationFactory,
    AssessmentFactory,
    ServiceFactory,
    framework_with_criteria,
)
from tests.impact.factories import ImpactRecordFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(partner_member):
    framework, criteria = framework_with_criteria(standards=2, each=2, version="2026.1")
    draft, draft_criteria = framework_with_criteria(
        standards=1, each=1, version="2027.1", published_at=None
    )
    service = ServiceFactory(name="Community Mental Health Team, Medway", contacts=[partner_member])
    ServiceFactory(name="Mother and Baby Unit", invited_at=None, contacts=[partner_member])
    application = ApplicationFactory(service=service, framework=framework)
    assessment = AssessmentFactory(application=application, criterion=criteria[0])
    record = ImpactRecordFactory(title="Evening clinics", published=True)
    activity = ActivityFactory(
        title="Priorities workshop", starts_at=timezone.now() - dt.timedelta(days=14)
    )
    name = default_storage.save("evidence/2026/01/a11y.pdf", ContentFile(b"%PDF-1.4 minutes"))
    for kwargs in (
        {"kind": EvidenceKind.IMPACT, "impact_record": record, "note": "Shows the change"},
        {"kind": EvidenceKind.ACTIVITY, "activity": activity},
        {"kind": EvidenceKind.DOCUMENT, "document": name, "document_name": "Minutes.pdf"},
    ):
        AccreditationEvidence.objects.create(assessment=assessment, **kwargs)
    ImpactRecordFactory(title="Evening clinics for carers", published=True)
    return {
        "framework": framework,
        "draft": draft,
        "draft_standard": draft_criteria[0].standard,
        "service": service,
        "application": application,
        "criterion": criteria[0],
    }


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def send_form(driver, button_text=None):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    if button_text:
        button = form.find_element(By.XPATH, f".//button[contains(., '{button_text}')]")
    else:
        button = form.find_elements(By.CSS_SELECTOR, "button[type='submit']")[-1]
    button.click()
    WebDriverWait(driver, 10).until(stale(form))


def test_staff_services_and_contacts(browser, live_server, settings, staff_member, world):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/staff/accreditation/")
    assert "Accreditation is a pilot" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/accreditation/services/{world['service'].pk}/")
    assert_page_ok(browser)
    visit(
        browser, live_server, f"/staff/accreditation/services/{world['service'].pk}/contacts/add/"
    )
    browser.find_element(By.ID, "id_email").send_keys("not an address")
    send_form(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)


def test_staff_criteria_pages(browser, live_server, settings, staff_member, world):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/staff/accreditation/criteria/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/accreditation/criteria/{world['framework'].pk}/")
    assert "can no longer be changed" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/accreditation/criteria/{world['draft'].pk}/")
    assert "Add a criterion to standard 1" in browser.page_source
    assert_page_ok(browser)
    standard = world["draft_standard"]
    visit(browser, live_server, f"/staff/accreditation/standards/{standard.pk}/criteria/add/")
    number = browser.find_element(By.ID, "id_number")
    number.clear()
    number.send_keys("1")
    send_form(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/accreditation/standards/{standard.pk}/remove/")
    assert_page_ok(browser)
    empty, _ = framework_with_criteria(standards=0, version="2028.1", published_at=None)
    visit(browser, live_server, f"/staff/accreditation/criteria/{empty.pk}/publish/")
    assert "cannot be published yet" in browser.page_source
    assert_page_ok(browser)


def test_staff_application_pages(browser, live_server, settings, staff_member, world):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    base = f"/staff/accreditation/applications/{world['application'].pk}/"
    visit(browser, live_server, base)
    assert "1 of 4 criteria answered" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"{base}criteria/{world['criterion'].pk}/")
    assert "Minutes.pdf" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"{base}criteria/{world['criterion'].pk}/activity/")
    assert_page_ok(browser)
    visit(browser, live_server, f"{base}submit/")
    assert "3 criteria still need a rating and an answer" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"{base}withdraw/")
    assert_page_ok(browser)


def test_partner_pages(browser, live_server, partner_member, world):
    sign_in_as(browser, live_server, partner_member)
    visit(browser, live_server, "/partners/accreditation/")
    assert "Mother and Baby Unit has not been invited to apply yet" in browser.page_source
    assert_page_ok(browser)
    base = f"/partners/accreditation/applications/{world['application'].pk}/"
    visit(browser, live_server, base)
    assert_page_ok(browser)
    criterion = world["criterion"]
    visit(browser, live_server, f"{base}criteria/{criterion.pk}/")
    textarea = browser.find_element(By.ID, "id_how_we_meet_it")
    textarea.clear()
    send_form(browser, "Save the answer")
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)
    # Searching for an impact record sends the form back with the matches (no live search).
    visit(browser, live_server, f"{base}criteria/{criterion.pk}/impact-record/")
    browser.find_element(By.ID, "id_impact_record__q").send_keys("carers")
    search = browser.find_element(By.CSS_SELECTOR, "button[name='impact_record__search']")
    search.click()
    WebDriverWait(browser, 10).until(stale(search))
    assert "Evening clinics for carers" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"{base}criteria/{criterion.pk}/document/")
    send_form(browser, "Upload")
    assert "Choose a file to upload" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"{base}submit/")
    assert_page_ok(browser)


def _fits(driver) -> bool:
    scroll, inner = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth];"
    )
    return scroll <= inner


def test_the_pages_do_not_scroll_sideways_at_320px(
    browser, live_server, settings, staff_member, partner_member, world
):
    settings.STAFF_MFA_REQUIRED = False
    application = world["application"]
    criterion = world["criterion"]
    pages = {
        staff_member: [
            "/staff/accreditation/",
            f"/staff/accreditation/services/{world['service'].pk}/",
            "/staff/accreditation/criteria/",
            f"/staff/accreditation/criteria/{world['draft'].pk}/",
            f"/staff/accreditation/applications/{application.pk}/",
            f"/staff/accreditation/applications/{application.pk}/criteria/{criterion.pk}/",
        ],
        partner_member: [
            "/partners/accreditation/",
            f"/partners/accreditation/applications/{application.pk}/",
            f"/partners/accreditation/applications/{application.pk}/criteria/{criterion.pk}/",
            f"/partners/accreditation/applications/{application.pk}/criteria/{criterion.pk}"
            "/impact-record/",
        ],
    }
    try:
        browser.set_window_size(320, 800)
        for user, paths in pages.items():
            browser.delete_all_cookies()
            sign_in_as(browser, live_server, user)
            for path in paths:
                visit(browser, live_server, path)
                WebDriverWait(browser, 3, poll_frequency=0.1).until(_fits, f"{path} is too wide")
    finally:
        browser.set_window_size(1280, 1024)
