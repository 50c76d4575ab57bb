"""The co-creator portal's pages pass axe-core (WCAG 2.2 A and AA) with no console errors.

Run on their own with: pytest tests/browser/test_portal_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.services import cocreator_for_user_ensure

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAIN_FORM = "main form[method='post']"


def _open(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{path} has {len(headings)} <h1> elements"


def _submit(driver):
    form = driver.find_element(By.CSS_SELECTOR, MAIN_FORM)
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


@pytest.fixture
def signed_in(browser, live_server, cocreator):
    cocreator_for_user_ensure(user=cocreator)
    sign_in_as(browser, live_server, cocreator)
    return browser


@pytest.mark.parametrize(
    "path",
    [
        "/portal/",
        "/portal/profile/",
        "/portal/preferences/",
        "/portal/equality/",
        "/portal/data/",
        "/portal/leave/",
    ],
    ids=["home", "profile", "preferences", "equality-explanation", "data", "leave"],
)
def test_portal_page_is_accessible(signed_in, live_server, path):
    _open(signed_in, live_server, path)
    assert_page_ok(signed_in)


def test_the_profile_page_with_errors_is_accessible(signed_in, live_server):
    _open(signed_in, live_server, "/portal/profile/")
    name = signed_in.find_element(By.NAME, "full_name")
    name.clear()
    signed_in.find_element(By.NAME, "phone").send_keys("not a number")
    signed_in.find_element(
        By.CSS_SELECTOR, "input[name='access_needs'][value='interpreter']"
    ).click()
    _submit(signed_in)
    summary = signed_in.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert summary, "no error summary after bad input"
    text = summary[0].text
    assert "Enter your full name" in text
    assert "Enter the language you need an interpreter for" in text
    assert_page_ok(signed_in)


def test_the_preferences_page_with_errors_is_accessible(signed_in, live_server):
    _open(signed_in, live_server, "/portal/preferences/")
    signed_in.find_element(By.CSS_SELECTOR, "input[name='channels'][value='post']").click()
    _submit(signed_in)
    summary = signed_in.find_element(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "add your postal address" in summary.text
    assert_page_ok(signed_in)


def test_both_equality_steps_are_accessible(signed_in, live_server):
    _open(signed_in, live_server, "/portal/equality/")
    _submit(signed_in)  # without ticking "I agree": the error
    assert signed_in.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(signed_in)

    signed_in.find_element(By.NAME, "agree").click()
    _submit(signed_in)
    assert signed_in.find_elements(By.NAME, "sex"), "the questions did not appear after agreeing"
    assert_page_ok(signed_in)

    _open(signed_in, live_server, "/portal/equality/withdraw/")
    assert_page_ok(signed_in)


def test_the_leave_page_with_an_error_and_the_page_after_leaving_are_accessible(
    signed_in, live_server
):
    _open(signed_in, live_server, "/portal/leave/")
    _submit(signed_in)
    assert signed_in.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(signed_in)

    signed_in.find_element(By.NAME, "understand").click()
    _submit(signed_in)
    assert urlparse(signed_in.current_url).path == "/portal/left/"
    assert_page_ok(signed_in)
