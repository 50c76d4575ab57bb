"""Joining and signing in by code with JavaScript turned off, at 1280 px and at 390 px.

A person joins (name, email, how to take part), reads the code we email them, types it in and
lands on their portal home, greeted by name with a welcome. On every page: no horizontal
scrolling (document.documentElement.scrollWidth <= window.innerWidth) and axe-core finds no
violations. JavaScript is off through Chromium's script-execution switch, so the page's own
scripts never run; WebDriver's (typing, measuring, axe) still do.
"""

import re
import time
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.cache import cache
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .harness import (
    SAME_SITE_PAGE,
    WINDOW_SIZE,
    assert_page_ok,
    require_browser_tooling,
    stale,
)

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback puts back what migrations made (the role groups) for the next test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [1280, 390]
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


@contextmanager
def page_scripts_allowed(driver):
    """Let scripts run for a moment, for axe: the page's own scripts, skipped when it loaded,
    are not run again, so axe sees the page as it is without JavaScript."""
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})


@pytest.fixture
def browser(_chromium, live_server):
    """The module's Chromium with JavaScript turned off, signed out, with an empty console.

    Chromium's script-execution switch (DevTools' Emulation domain) holds across navigations:
    no page script runs, while WebDriver's own commands (typing, measuring) still work.
    """
    driver = _chromium
    driver.set_window_size(*WINDOW_SIZE)
    driver.get(live_server.url + SAME_SITE_PAGE)
    driver.delete_all_cookies()
    driver.get("about:blank")
    # Opening a script file makes the browser ask for /favicon.ico; let that finish, as two
    # requests at once would lock SQLite's shared in-memory test database for one of them.
    time.sleep(0.5)
    driver.get_log("browser")  # Reading the log empties it.
    cache.clear()  # allauth's rate limits live in the cache (the live server shares this process).
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    yield driver
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    driver.set_window_size(*WINDOW_SIZE)
    cache.clear()


def path_of(driver) -> str:
    return urlparse(driver.current_url).path


def submit(driver, form) -> None:
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


def form_posting_to(driver, path: str):
    return driver.find_element(By.CSS_SELECTOR, f"main form[action='{path}']")


def check_page(driver, widths_seen: dict) -> None:
    """No JavaScript ran, nothing scrolls sideways, and axe finds nothing."""
    body_classes = driver.find_element(By.TAG_NAME, "body").get_attribute("class") or ""
    assert "js-enabled" not in body_classes, "the page's JavaScript ran"
    scroll_width, inner_width = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth];"
    )
    widths_seen[path_of(driver)] = (scroll_width, inner_width)
    assert scroll_width <= inner_width, (
        f"{driver.current_url} scrolls sideways: {scroll_width} px wide in {inner_width} px"
    )
    with page_scripts_allowed(driver):
        assert_page_ok(driver)
    body_classes = driver.find_element(By.TAG_NAME, "body").get_attribute("class") or ""
    assert "js-enabled" not in body_classes, "the page's JavaScript ran after axe"


def code_sent_to(address: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return CODE.search(message.body).group(1)


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_a_person_joins_by_code_without_javascript(browser, live_server, width, capsys):
    seen: dict = {}
    address = f"sam.{width}@example.org"
    browser.set_window_size(width, 900)

    browser.get(live_server.url + "/accounts/signup/")
    assert path_of(browser) == "/accounts/signup/"
    check_page(browser, seen)

    # Sent empty, the form names each question it needs.
    submit(browser, form_posting_to(browser, "/accounts/signup/"))
    summary = browser.find_element(By.CSS_SELECTOR, ".nhsuk-error-summary").text
    assert "Enter your full name" in summary and "Enter your email address" in summary
    assert "This field is required" not in browser.page_source
    check_page(browser, seen)

    form = form_posting_to(browser, "/accounts/signup/")
    form.find_element(By.ID, "id_full_name").send_keys("Samira Newcomer")
    form.find_element(By.ID, "id_preferred_name").send_keys("Sam")
    form.find_element(By.ID, "id_email").send_keys(address)
    # The checkboxes are NHS.UK's: the box is under its label, which is what a person presses.
    for label in ("Online", "Evenings"):
        form.find_element(By.XPATH, f".//label[normalize-space()='{label}']").click()
    submit(browser, form)

    assert path_of(browser) == "/accounts/confirm-email/", browser.current_url
    assert address in browser.find_element(By.TAG_NAME, "main").text
    check_page(browser, seen)

    form = form_posting_to(browser, "/accounts/confirm-email/")
    form.find_element(By.ID, "id_code").send_keys(code_sent_to(address))
    submit(browser, form)

    assert path_of(browser) == "/portal/", browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hello, Sam"
    welcome = browser.find_element(By.ID, "welcome").text
    assert "what to do first" in welcome
    check_page(browser, seen)

    with capsys.disabled():
        print(f"\n{width} px, scroll width / window width: {seen}")


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def test_a_cocreator_signs_in_by_code_without_javascript(browser, live_server, cocreator, width):
    seen: dict = {}
    browser.set_window_size(width, 900)
    browser.get(live_server.url + "/accounts/login/")
    check_page(browser, seen)

    form = form_posting_to(browser, "/accounts/login/code/")
    form.find_element(By.ID, "code-email").send_keys(cocreator.email)
    submit(browser, form)

    assert path_of(browser) == "/accounts/login/code/confirm/", browser.current_url
    check_page(browser, seen)
    form = form_posting_to(browser, "/accounts/login/code/confirm/")
    form.find_element(By.ID, "id_code").send_keys(code_sent_to(cocreator.email))
    submit(browser, form)

    assert path_of(browser) == "/portal/", browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Hello, ")
    check_page(browser, seen)
