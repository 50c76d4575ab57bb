"""Every page a person meets first passes axe-core (WCAG 2.2 A and AA) and logs no console errors.

Run on their own with: pytest tests/browser -p no:randomly
On failure the output lists every violation (rule, impact, selector, what to fix) and every
severe console entry, so the fix can be made from the test output alone.
"""

from urllib.parse import urlparse

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import PASSWORD

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback puts back what migrations made (the role groups) for the next test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LOGIN_FORM = "form:has(input[name='password'])"


def path_of(driver) -> str:
    return urlparse(driver.current_url).path


def response_status(driver) -> int:
    """The HTTP status of the page now shown, from the Navigation Timing API."""
    return driver.execute_script(
        "const nav = performance.getEntriesByType('navigation')[0];"
        "return nav ? nav.responseStatus : 0;"
    )


def submit(form) -> None:
    """Press the form's submit button, as a person would."""
    form.find_element(By.CSS_SELECTOR, "button[type='submit'], input[type='submit']").click()
    WebDriverWait(form.parent, 10).until(stale(form))


def visit(driver, live_server, path: str) -> None:
    """Open a page and make sure it is that page, served with 200, not a redirect or error."""
    driver.get(live_server.url + path)
    assert path_of(driver) == path, f"Opening {path} ended on {driver.current_url}"
    status = response_status(driver)
    assert status == 200, f"{path} answered {status}"


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/login/", "/accounts/login/code/", "/accounts/signup/"],
    ids=["home", "sign-in", "sign-in-with-a-code", "sign-up"],
)
def test_public_page_is_accessible(browser, live_server, path):
    visit(browser, live_server, path)
    assert_page_ok(browser)


@pytest.mark.parametrize(
    ("person", "path"),
    [
        ("staff_member", "/staff/"),
        ("cocreator", "/portal/"),
        ("steering_member", "/reports/"),
    ],
    ids=["staff", "cocreator", "steering"],
)
def test_role_home_is_accessible(browser, live_server, settings, request, person, path):
    # Two-factor set-up before staff pages is tested elsewhere; here we want the staff dashboard.
    settings.STAFF_MFA_REQUIRED = False
    user = request.getfixturevalue(person)
    sign_in_as(browser, live_server, user)
    visit(browser, live_server, path)
    assert_page_ok(browser)


def test_sign_in_errors_are_accessible(browser, live_server):
    visit(browser, live_server, "/accounts/login/")
    form = browser.find_element(By.CSS_SELECTOR, LOGIN_FORM)
    # Without `novalidate` the browser's own validation stops an empty submission before it
    # reaches the server, so the NHS.UK error summary never renders. Say so at once.
    blocked = browser.execute_script(
        "const form = arguments[0];"
        "return form.noValidate ? [] : Array.from(form.querySelectorAll(':invalid'))"
        ".map((el) => el.name + ': ' + el.validationMessage);",
        form,
    )
    assert not blocked, (
        "The browser's own validation would stop the empty sign-in form from being sent, so "
        f"no error summary would render (fields it blocks on: {blocked}). Add `novalidate` to "
        "the <form> so the server's error summary is shown instead."
    )
    submit(form)
    WebDriverWait(browser, 10).until(stale(form))
    assert path_of(browser) == "/accounts/login/", f"Submitting ended on {browser.current_url}"
    summaries = browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert summaries, (
        "The sign-in page shows no error summary (.nhsuk-error-summary) after an empty submission"
    )
    assert_page_ok(browser)


def test_a_cocreator_signs_in_with_a_password(browser, live_server, cocreator):
    visit(browser, live_server, "/accounts/login/")
    form = browser.find_element(By.CSS_SELECTOR, LOGIN_FORM)
    form.find_element(By.NAME, "login").send_keys(cocreator.email)
    form.find_element(By.NAME, "password").send_keys(PASSWORD)
    submit(form)

    try:
        WebDriverWait(browser, 10).until(lambda d: path_of(d) != "/accounts/login/")
    except TimeoutException:
        errors = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")]
        raise AssertionError(
            f"Signing in stayed on the sign-in page; errors shown: {errors}"
        ) from None
    assert path_of(browser) == "/portal/", f"Signing in ended on {browser.current_url}"
    headings = browser.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"/portal/ has {len(headings)} <h1> elements"
    assert_page_ok(browser)
