"""Fixtures for the browser tests: one Chromium per worker, and the people who sign in.

The helpers (signing in, axe-core, the console) are in harness.py.
"""

import shutil
import tempfile

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.cache import cache

from .harness import (
    CHROMEDRIVER,
    CHROMIUM,
    CHROMIUM_FLAGS,
    SAME_SITE_PAGE,
    WINDOW_SIZE,
    require_browser_tooling,
)

# --- the live server's static files ---------------------------------------------------------


class _StaticFilesKeptHandler(StaticFilesHandler):
    """The live server's static files, which the browser may keep for an hour.

    Django's handler sends them with no Cache-Control, so Chromium asks again for every style
    sheet, script, font and image at every page, each a request to the Python server in this
    process: most of a browser test's requests. The files do not change during a run.
    """

    def get_response(self, request):
        response = super().get_response(request)
        if response.status_code == 200:
            response["Cache-Control"] = "max-age=3600"
        return response


@pytest.fixture(scope="session", autouse=True)
def _live_server_keeps_static_files():
    """Before the live server starts (pytest-django makes it with this handler)."""
    from django.contrib.staticfiles import handlers

    handlers.StaticFilesHandler = _StaticFilesKeptHandler
    yield
    handlers.StaticFilesHandler = StaticFilesHandler


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _chromium():
    """One Chromium for all the browser tests a worker runs (starting one takes about 1.5 s),
    with a fresh profile that is deleted afterwards. Each test starts it afresh: signed out, at
    the usual window size, with scripts on and an empty console (the `browser` fixture)."""
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
    _chromium.set_window_size(*WINDOW_SIZE)
    _chromium.get(live_server.url + SAME_SITE_PAGE)
    _chromium.delete_all_cookies()
    _chromium.get("about:blank")
    _chromium.get_log("browser")  # Reading the log empties it.
    cache.clear()  # allauth's rate limits live in the cache (the live server shares this process).
    yield _chromium
    cache.clear()
