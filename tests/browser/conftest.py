"""Fixtures for the browser tests: one Chromium per module, and the people who sign in.

The helpers (signing in, axe-core, the console) are in harness.py.
"""

import shutil
import tempfile

import pytest
from django.core.cache import cache

from .harness import (
    CHROMEDRIVER,
    CHROMIUM,
    CHROMIUM_FLAGS,
    SAME_SITE_PAGE,
    WINDOW_SIZE,
    require_browser_tooling,
)

# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _chromium():
    """One Chromium per test module, with a fresh profile that is deleted afterwards."""
    require_browser_tooling()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="cocreation-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_window_size(*WINDOW_SIZE)
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(30)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(_chromium, live_server):
    """The module's Chromium, signed out and with an empty console, at the start of each test."""
    _chromium.get(live_server.url + SAME_SITE_PAGE)
    _chromium.delete_all_cookies()
    _chromium.get("about:blank")
    _chromium.get_log("browser")  # Reading the log empties it.
    cache.clear()  # allauth's rate limits live in the cache (the live server shares this process).
    yield _chromium
    cache.clear()
