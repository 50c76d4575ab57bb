"""The browser-test harness: Debian's Chromium driven by Debian's chromedriver, and axe-core.

Selenium is never allowed to download a driver or a browser: both paths are given, and Selenium
Manager is told to stay offline. The tooling these tests need is checked once by
`require_browser_tooling()`; when it is missing the module is skipped locally, and fails when
BROWSER_TESTS_REQUIRED is 1/true (CI sets it), so CI cannot go green by skipping.

Helpers:
- `sign_in_as(driver, live_server, user)` copies a Django session into the browser.
- `assert_accessible(driver)` injects axe-core and fails with every WCAG 2.2 A/AA violation.
- `assert_no_console_errors(driver)` fails on any SEVERE browser-console entry (CSP
  violations, 404s for static files, JavaScript errors).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

# Never consult Selenium Manager's download service, whatever happens below.
os.environ.setdefault("SE_OFFLINE", "true")

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


WINDOW_SIZE = (1280, 1024)
# A page on the live server that needs no database: cookies can only be set or cleared for the
# site the browser is on.
SAME_SITE_PAGE = "/static/js/app.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    f"--window-size={WINDOW_SIZE[0]},{WINDOW_SIZE[1]}",
]


def _required() -> bool:
    return os.environ.get("BROWSER_TESTS_REQUIRED", "").strip().lower() in {"1", "true"}


def missing_browser_tooling() -> list[str]:
    """What this machine lacks for browser tests, each with how to install it."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (install: apt-get install chromium chromium-driver)")
    if not CHROMEDRIVER.is_file():
        missing.append(f"{CHROMEDRIVER} (install: apt-get install chromium chromium-driver)")
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS.relative_to(REPO_ROOT)} (install: npm ci, at the repository root)")
    return missing


def require_browser_tooling() -> None:
    """Skip the calling module if the tooling is missing, or fail if BROWSER_TESTS_REQUIRED."""
    missing = missing_browser_tooling()
    if not missing:
        return
    message = "Browser tests need: " + "; ".join(missing)
    if _required():
        pytest.fail(
            message + " -- and BROWSER_TESTS_REQUIRED is set, so this is a failure.", pytrace=False
        )
    pytest.skip(message, allow_module_level=True)


# --- signing in ------------------------------------------------------------------------------


def sign_in_as(driver, live_server, user) -> None:
    """Give the browser a signed-in session for `user`, without going through the form."""
    client = Client()
    client.force_login(user)
    cookie_name = django_settings.SESSION_COOKIE_NAME
    session_key = client.cookies[cookie_name].value
    driver.get(live_server.url + SAME_SITE_PAGE)
    driver.add_cookie({"name": cookie_name, "value": session_key, "path": "/"})


# --- checks ------------------------------------------------------------------------------------

_AXE_RUN = """
const done = arguments[arguments.length - 1];
const options = {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']};
axe.run(document, options).then(
  (results) => done({
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
    })),
  }),
  (error) => done({error: String(error && error.stack || error)}),
);
"""


def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def wait_for_page(driver, timeout: float = 10) -> None:
    """Wait until the page has finished loading, so checks never run on a page being replaced."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def axe_violations(driver) -> list[dict]:
    """Run axe-core on the current page for WCAG 2.0/2.1/2.2 A and AA; return the violations.

    On a loaded machine the page's own script may still be changing the page when axe starts,
    which Chromium reports as a node that "does not belong to the document": try again then.
    """
    from selenium.common.exceptions import WebDriverException

    for attempt in range(3):
        wait_for_page(driver)
        try:
            return _axe_violations_once(driver)
        except WebDriverException as error:
            if "does not belong to the document" not in str(error) or attempt == 2:
                raise
            time.sleep(0.5)
    raise AssertionError("unreachable")


def _axe_violations_once(driver) -> list[dict]:
    # execute_script runs through the DevTools protocol, which a page's CSP does not govern.
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(_axe_source())
    if not driver.execute_script("return typeof window.axe === 'object';"):
        raise AssertionError(
            f"axe-core could not be injected into {driver.current_url} "
            "(was it blocked by the page's Content Security Policy?)"
        )
    result = driver.execute_async_script(_AXE_RUN, AXE_TAGS)
    if result.get("error"):
        raise AssertionError(f"axe-core failed on {driver.current_url}: {result['error']}")
    return result["violations"]


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [
        f"{len(violations)} accessibility violation(s) (axe-core, {', '.join(AXE_TAGS)}) on {url}:"
    ]
    for v in violations:
        lines.append("")
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        lines.append(f"    {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(t if isinstance(t, str) else " >> ".join(t) for t in node["target"])
            lines.append(f"  - target: {target}")
            lines.append(f"    html:   {node['html'][:300]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"    {summary_line}")
    return "\n".join(lines)


def assert_accessible(driver) -> None:
    violations = axe_violations(driver)
    if violations:
        report = format_violations(driver.current_url, violations)
        print(report)
        raise AssertionError(report)


def severe_console_entries(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def assert_no_console_errors(driver) -> None:
    entries = severe_console_entries(driver)
    if entries:
        report = "\n".join(
            [f"{len(entries)} severe browser console error(s) on {driver.current_url}:"]
            + [f"  - [{e.get('source', '?')}] {e['message']}" for e in entries]
        )
        print(report)
        raise AssertionError(report)


def assert_page_ok(driver) -> None:
    """axe first, then the console, so errors that arrive while axe runs are caught too.

    Both are reported together so one run shows every problem on the page.
    """
    problems = []
    for check in (assert_accessible, assert_no_console_errors):
        try:
            check(driver)
        except AssertionError as error:
            problems.append(str(error))
    if problems:
        raise AssertionError("\n\n".join(problems))


def stale(element):
    """A wait condition: the element's page has been replaced (after a click that navigates).

    Selenium's own staleness_of only knows StaleElementReferenceException; mid-navigation Chromium
    may instead say the node "does not belong to the document", which means the same thing.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def predicate(_driver):
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return predicate
