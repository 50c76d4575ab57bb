"""The resource pack's pages pass axe-core (WCAG 2.2 A and AA) and log no console errors: the
public library, a resource with its downloads and linked jargon, the jargon buster with a search,
the portal's library, and the staff resource form showing an error.

Run on their own with: pytest tests/browser/test_capacity_resources_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from capacity.models import Resource
from capacity.resources.demo import demo_build
from capacity.resources.services import resource_storage_name

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pack():
    demo_build()
    guide = Resource.objects.get(slug="best-practice-guide")
    for field in ("file", "easy_read", "large_print"):
        name = default_storage.save(resource_storage_name("pdf"), ContentFile(b"%PDF-1.4\n" * 50))
        setattr(guide, field, name)
    guide.save()
    return guide


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == urlparse(live_server.url + path).path
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_the_public_library(browser, live_server, pack):
    visit(browser, live_server, "/resources/?kind=guide")
    assert "Best-practice guide to co-creation" in browser.page_source
    assert_page_ok(browser)


def test_a_resource_page_with_downloads_and_jargon_links(browser, live_server, pack):
    visit(browser, live_server, f"/resources/{pack.slug}/")
    assert "Large-print version" in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "a.app-jargon-link")
    assert_page_ok(browser)


def test_the_jargon_buster_a_to_z_and_a_search(browser, live_server, pack):
    visit(browser, live_server, "/jargon/")
    assert_page_ok(browser)
    field = browser.find_element(By.ID, "jargon-q")
    field.send_keys("care")
    form = browser.find_element(By.CSS_SELECTOR, "form[role='search']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert "found for “care”" in browser.page_source
    assert_page_ok(browser)


def test_the_portal_library(browser, live_server, pack, cocreator):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/portal/resources/")
    assert "Co-creators only" in browser.page_source
    assert_page_ok(browser)


def test_the_staff_resource_form_with_an_error(browser, live_server, pack, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/staff/resources/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/resources/{pack.pk}/edit/")
    summary = browser.find_element(By.ID, "id_summary")
    summary.clear()
    summary.send_keys("A changed summary, with no word on what changed.")
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Say what changed" in browser.page_source
    assert_page_ok(browser)


def test_the_staff_jargon_list(browser, live_server, pack, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/staff/jargon/")
    assert_page_ok(browser)
