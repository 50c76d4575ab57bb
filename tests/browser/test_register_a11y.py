"""The community register's pages pass axe-core (WCAG 2.2 A and AA) with no console errors.

Run on their own with: pytest tests/browser/test_register_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.models import Champion, EthnicGroup, Interest, Locality
from community.services import (
    audit_record,
    cocreator_register,
    demographics_save,
    equality_consent_give,
)
from tests.community.register.conftest import grant_equality_permission

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff(browser, live_server, settings, staff_member):
    # Two-factor set-up before staff pages is tested elsewhere; here we want the register.
    settings.STAFF_MFA_REQUIRED = False
    grant_equality_permission(staff_member)
    sign_in_as(browser, live_server, staff_member)
    return staff_member


@pytest.fixture
def person(db):
    person = cocreator_register(
        actor=None,
        full_name="Alex Ashdown",
        preferred_name="Lex",
        email="alex@example.org",
        phone="07700900123",
        address="1 High Street\nMaidstone",
        locality=Locality.objects.get(name="Maidstone"),
        relationships=["carer", "family"],
        interests=[Interest.objects.get(name="Research")],
        access_needs=["interpreter"],
        interpreter_language="Polish",
        available_evenings=True,
        prefers_email=True,
        staff_note="Prefers morning calls",
    )
    Champion.objects.create(cocreator=person, communities="Polish community in Kent")
    for i in range(60):
        cocreator_register(actor=None, full_name=f"Person {i:02d}", relationships=["staff"])
    return person


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == urlparse(path).path, driver.current_url
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_the_register_list_is_accessible(browser, live_server, staff, person):
    visit(browser, live_server, "/staff/community/")
    assert "61 people match" in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-pagination")
    assert_page_ok(browser)


def test_the_register_list_with_a_wrong_filter_is_accessible(browser, live_server, staff, person):
    visit(browser, live_server, "/staff/community/?status=sleeping")
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)


def test_the_profile_is_accessible(browser, live_server, staff, person):
    equality_consent_give(cocreator=person, actor=None)
    demographics_save(
        cocreator=person,
        actor=None,
        religion="none",
        ethnic_group=EthnicGroup.objects.get(label="White: Irish"),
    )
    audit_record(actor=staff, action="change", cocreator_id=person.pk, fields=["phone"])
    visit(browser, live_server, f"/staff/community/{person.pk}/")
    assert "Recent activity on this record" in browser.page_source
    assert "No religion" in browser.page_source
    assert_page_ok(browser)


def test_the_add_form_with_errors_is_accessible(browser, live_server, staff, person):
    visit(browser, live_server, "/staff/community/add/")
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.NAME, "email").send_keys("alex@example.org")
    form.find_element(By.NAME, "phone").send_keys("12345")
    browser.execute_script(
        "arguments[0].click();", form.find_element(By.CSS_SELECTOR, "input[value='interpreter']")
    )
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    summary = browser.find_element(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Enter the person's full name" in summary.text
    assert "Enter a UK phone number" in summary.text
    assert_page_ok(browser)


def test_the_add_form_with_a_duplicate_warning_is_accessible(browser, live_server, staff, person):
    visit(browser, live_server, "/staff/community/add/")
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.NAME, "full_name").send_keys("Alex Other")
    form.find_element(By.NAME, "email").send_keys("alex@example.org")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert "This is a different person" in browser.page_source
    assert_page_ok(browser)


def test_the_edit_form_is_accessible(browser, live_server, staff, person):
    visit(browser, live_server, f"/staff/community/{person.pk}/edit/")
    assert_page_ok(browser)


def test_the_equality_consent_step_is_accessible(browser, live_server, staff, person):
    visit(browser, live_server, f"/staff/community/{person.pk}/equality/")
    assert "The person has agreed to this" in browser.page_source
    assert_page_ok(browser)


def test_the_equality_answers_form_is_accessible(browser, live_server, staff, person):
    equality_consent_give(cocreator=person, actor=None)
    visit(browser, live_server, f"/staff/community/{person.pk}/equality/")
    assert "Prefer not to say" in browser.page_source
    assert_page_ok(browser)


def test_the_equality_answers_form_with_errors_is_accessible(browser, live_server, staff, person):
    equality_consent_give(cocreator=person, actor=None)
    visit(browser, live_server, f"/staff/community/{person.pk}/equality/")
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.NAME, "year_of_birth").send_keys("nineteen")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)


def test_the_withdraw_page_is_accessible(browser, live_server, staff, person):
    equality_consent_give(cocreator=person, actor=None)
    visit(browser, live_server, f"/staff/community/{person.pk}/equality/withdraw/")
    assert_page_ok(browser)


def test_the_audit_log_is_accessible(browser, live_server, staff, person):
    audit_record(actor=staff, action="export", count=61)
    visit(browser, live_server, "/staff/audit/")
    assert_page_ok(browser)
