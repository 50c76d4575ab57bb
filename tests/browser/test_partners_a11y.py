"""Partner and champion pages pass axe-core (WCAG 2.2 A and AA) and log no console errors.

Run on their own with: pytest tests/browser/test_partners_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.models import Locality, PartnerKind
from community.partners.services import champion_appoint, partner_contact_add, partner_create
from community.services import cocreator_register

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
def partner(db):
    medway = Locality.objects.get(name="Medway")
    partner = partner_create(
        actor=None,
        name="Riverside Wellbeing Collective",
        kind=PartnerKind.VOLUNTARY,
        communities_reached="Young carers in Chatham",
        website="https://riverside.example.org",
        localities=[medway],
    )
    contact = partner_contact_add(
        actor=None,
        organisation=partner,
        name="Priya Example",
        role="Outreach lead",
        email="priya@example.org",
    )
    champion_appoint(
        actor=None, partner_contact=contact, communities="Young carers", localities=[medway]
    )
    person = cocreator_register(actor=None, full_name="Tomasz Example", email="t@example.org")
    champion_appoint(actor=None, cocreator=person, communities="Polish families")
    return partner


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{path} has {len(headings)} <h1> elements"


def submit_empty(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary"), (
        f"No error summary on {driver.current_url} after an empty submission"
    )


def test_the_partner_list_is_accessible(staff_in_browser, live_server, partner):
    visit(staff_in_browser, live_server, "/staff/partners/")
    assert "Riverside Wellbeing Collective" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_partner_detail_page_is_accessible(staff_in_browser, live_server, partner):
    visit(staff_in_browser, live_server, f"/staff/partners/{partner.pk}/")
    assert "Priya Example" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_partner_form_with_errors_is_accessible(staff_in_browser, live_server, partner):
    visit(staff_in_browser, live_server, "/staff/partners/add/")
    assert_page_ok(staff_in_browser)
    submit_empty(staff_in_browser)
    assert_page_ok(staff_in_browser)


def test_the_contact_form_with_errors_is_accessible(staff_in_browser, live_server, partner):
    visit(staff_in_browser, live_server, f"/staff/partners/{partner.pk}/contacts/add/")
    submit_empty(staff_in_browser)
    assert_page_ok(staff_in_browser)


def test_the_champion_list_is_accessible(staff_in_browser, live_server, partner):
    visit(staff_in_browser, live_server, "/staff/champions/")
    assert "Tomasz Example" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_champion_form_with_errors_is_accessible(staff_in_browser, live_server, partner):
    visit(staff_in_browser, live_server, "/staff/champions/add/")
    assert_page_ok(staff_in_browser)
    staff_in_browser.find_element(By.NAME, "since_day").clear()
    submit_empty(staff_in_browser)
    assert "Choose a co-creator or a partner contact" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
