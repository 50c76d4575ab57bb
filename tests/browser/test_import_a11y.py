"""The register import pages pass axe-core (WCAG 2.2 A and AA) and log no console errors.

Run on their own with: pytest tests/browser/test_import_a11y.py -p no:randomly
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback puts back what migrations made (roles, localities) for the next test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UPLOAD = "/staff/community/import/"
PREVIEW = "/staff/community/import/preview/"

GOOD = "full_name,email,phone,locality,relationships,date_of_birth\r\n" + "".join(
    f"Person Number{n},person{n}@example.org,07700 9{n:05d},Medway,Carer,01/02/1980\r\n"
    for n in range(1, 26)
)
WITH_PROBLEMS = (
    "full_name,email,phone,locality,relationships,date_of_birth\r\n"
    "Ann Lee,not an email,07700 900001,Atlantis,Carer; Pilot,31/02/1980\r\n"
    ",bo@example.org,,,,\r\n"
    "Cy Dee,bo@example.org,,,,\r\n"
)


@pytest.fixture
def staff_browser(browser, live_server, settings, staff_member):
    # Two-factor set-up before staff pages is tested elsewhere; here we want the import pages.
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def _path(driver) -> str:
    return urlparse(driver.current_url).path


def _upload(driver, live_server, tmp_path: Path, content: str) -> None:
    """Choose a file and press the button, as a person would; wait for the next page."""
    driver.get(live_server.url + UPLOAD)
    path = tmp_path / "register.csv"
    path.write_text(content, encoding="utf-8")
    file_input = driver.find_element(By.CSS_SELECTOR, "input[type='file']")
    file_input.send_keys(str(path))
    form = driver.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


def test_the_upload_page_is_accessible(staff_browser, live_server):
    staff_browser.get(live_server.url + UPLOAD)
    assert _path(staff_browser) == UPLOAD
    assert len(staff_browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert_page_ok(staff_browser)


def test_the_upload_page_with_an_error_is_accessible(staff_browser, live_server):
    staff_browser.get(live_server.url + UPLOAD)
    form = staff_browser.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(staff_browser, 10).until(stale(form))
    summary = staff_browser.find_element(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Select a CSV file" in summary.text
    assert_page_ok(staff_browser)


def test_the_preview_with_problems_is_accessible(staff_browser, live_server, tmp_path):
    _upload(staff_browser, live_server, tmp_path, WITH_PROBLEMS)
    assert _path(staff_browser) == PREVIEW
    summary = staff_browser.find_element(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "nothing has been imported" in summary.text
    assert staff_browser.find_elements(By.CSS_SELECTOR, "#problems table")
    assert len(staff_browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert_page_ok(staff_browser)


def test_the_preview_without_problems_is_accessible(staff_browser, live_server, tmp_path):
    _upload(staff_browser, live_server, tmp_path, GOOD)
    assert _path(staff_browser) == PREVIEW
    assert "25 people are ready to import" in staff_browser.page_source
    assert len(staff_browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert_page_ok(staff_browser)

    staff_browser.find_element(By.XPATH, "//button[contains(., 'Import 25 people')]").click()
    WebDriverWait(staff_browser, 10).until(lambda d: _path(d) != PREVIEW)
    # The worker adds them; the progress page shows how far it has got, then the result.
    assert re.fullmatch(r"/staff/community/import/\d+/", _path(staff_browser))

    def finished(driver):
        if "25 people imported" in driver.page_source:
            return True
        driver.refresh()
        return False

    WebDriverWait(staff_browser, 15, poll_frequency=1).until(finished)
    assert len(staff_browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert_page_ok(staff_browser)
