"""The steering group's reports pass axe-core (WCAG 2.2 A and AA) with the demo's data, and staff
publish a governance pack through the form.

These use the real `reporting.reports.figures.report_for` (the live server runs in its own thread, so
nothing can be patched across). Run on their own with:
pytest tests/browser/test_reports_browser.py -p no:randomly
"""

from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from cocreation.lib.periods import period_containing
from reporting.models import GovernancePack
from reporting.packs.services import pack_publish

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def latest():
    """The most recent quarter that has ended: the one the reports home shows."""
    return period_containing(timezone.localdate(), "quarter").previous()


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, driver.current_url
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_a_steering_member_reads_the_reports_plan_and_a_pack(
    browser, live_server, demo, latest, steering_member, staff_member
):
    pack = pack_publish(period=latest, narrative="A quarter of steady progress.", user=staff_member)
    sign_in_as(browser, live_server, steering_member)

    visit(browser, live_server, "/reports/")
    assert latest.label in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "main table.nhsuk-table")
    assert_page_ok(browser)

    visit(browser, live_server, f"/reports/{latest.slug}/")
    assert "How this is worked out" in browser.page_source
    assert "No figure has changed since the pack was published" in browser.page_source
    assert_page_ok(browser)

    visit(browser, live_server, "/reports/plan/")
    assert_page_ok(browser)

    visit(browser, live_server, f"/reports/packs/{pack.pk}/")
    assert "A quarter of steady progress." in browser.page_source
    assert "The pack matches its fingerprint." in browser.page_source
    assert_page_ok(browser)


def test_the_picker_periods_and_summaries_are_accessible(
    browser, live_server, demo, latest, steering_member
):
    sign_in_as(browser, live_server, steering_member)
    visit(browser, live_server, "/reports/periods/")
    assert_page_ok(browser)
    half = period_containing(latest.start, "half")
    visit(browser, live_server, f"/reports/six-monthly/{half.slug}/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/reports/annual/{latest.year}/")
    assert_page_ok(browser)

    # The picker works without JavaScript: a GET form that the periods page redirects.
    visit(browser, live_server, f"/reports/{latest.slug}/")
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/reports/periods/']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert urlparse(browser.current_url).path == f"/reports/{latest.slug}/"


def test_staff_publish_a_pack_through_the_form(
    browser, live_server, demo, latest, staff_member, settings
):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, f"/reports/{latest.slug}/")
    browser.find_element(By.LINK_TEXT, "Publish a governance pack for this period").click()
    path = f"/staff/reports/{latest.slug}/publish/"
    WebDriverWait(browser, 10).until(lambda d: urlparse(d.current_url).path == path)
    assert_page_ok(browser)

    # Sent empty first: the error summary must be accessible too.
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert "Write the narrative for the steering group" in browser.page_source
    assert_page_ok(browser)

    browser.find_element(By.ID, "id_narrative").send_keys("Published from the browser.")
    browser.find_element(By.ID, "id_confirm").click()
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    pack = GovernancePack.objects.get(period_slug=latest.slug)
    assert urlparse(browser.current_url).path == f"/reports/packs/{pack.pk}/"
    assert "Published from the browser." in browser.page_source
    assert pack.intact
    assert_page_ok(browser)


def _print_a4(driver) -> list[str]:
    """The page as Chromium prints it on A4, one text per page."""
    import base64
    import io

    import pypdf
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    reader = pypdf.PdfReader(io.BytesIO(base64.b64decode(driver.print_page(options))))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_the_quarterly_report_leads_with_the_summary_and_folds_the_rest_on_a_phone(
    browser, live_server, demo, latest, steering_member
):
    sign_in_as(browser, live_server, steering_member)
    visit(browser, live_server, f"/reports/{latest.slug}/")
    main = browser.find_element(By.TAG_NAME, "main")
    assert main.find_elements(By.TAG_NAME, "h2")[0].text == "Summary"
    summary = browser.find_element(By.ID, "summary")
    assert summary.find_elements(By.CSS_SELECTOR, ".app-summary__measure")
    assert "Plan actions needing attention" in summary.text
    # The demo plan has actions at risk, off track or overdue: the list is not empty.
    assert summary.find_elements(By.CSS_SELECTOR, ".app-summary__actions li")
    folds = browser.find_elements(By.CSS_SELECTOR, "details[data-app-fold]")
    assert folds and all(d.get_property("open") for d in folds)  # open on a wide screen
    assert browser.execute_script(
        "return arguments[0].compareDocumentPosition(arguments[1]) & Node.DOCUMENT_POSITION_FOLLOWING",
        summary,
        folds[0],
    )
    assert_page_ok(browser)

    # Printed, the summary takes no more than two A4 pages; the detailed report starts after it.
    pages = _print_a4(browser)
    assert "Summary" in pages[0]
    detail = next(i for i, text in enumerate(pages) if "Outcome 1: improved experience" in text)
    print(f"The summary printed on {detail} A4 page(s) of {len(pages)}.")
    assert detail <= 2, f"the summary printed on {detail} pages"

    # On a phone (375 pixels wide) the detailed sections fold; the summary is what shows.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        visit(browser, live_server, f"/reports/{latest.slug}/")
        WebDriverWait(browser, 10).until(
            lambda d: (
                d.find_elements(By.CSS_SELECTOR, "details[data-app-fold]")
                and not any(
                    el.get_property("open")
                    for el in d.find_elements(By.CSS_SELECTOR, "details[data-app-fold]")
                )
            )
        )
        assert browser.find_element(By.ID, "summary").is_displayed()
        toggle = browser.find_element(By.CSS_SELECTOR, "details[data-app-fold] > summary")
        assert toggle.is_displayed()
        toggle.click()  # a reader can still open each section
        assert browser.find_element(By.CSS_SELECTOR, "details[data-app-fold]").get_property("open")
        assert_page_ok(browser)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_steering_member_reads_the_pack_summary_first_and_staff_can_check_the_fingerprint(
    browser, live_server, demo, latest, steering_member, staff_member, settings
):
    settings.STAFF_MFA_REQUIRED = False
    pack = pack_publish(period=latest, narrative="A quarter of steady progress.", user=staff_member)
    sign_in_as(browser, live_server, steering_member)
    visit(browser, live_server, f"/reports/packs/{pack.pk}/")
    assert browser.find_element(By.TAG_NAME, "main").find_elements(By.TAG_NAME, "h2")[0].text == (
        "Summary"
    )
    assert pack.digest not in browser.page_source
    assert_page_ok(browser)

    browser.delete_all_cookies()
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, f"/reports/packs/{pack.pk}/")
    fingerprint = browser.find_element(By.ID, "pack-fingerprint")
    assert not fingerprint.get_property("open")
    fingerprint.find_element(By.TAG_NAME, "summary").click()
    assert pack.digest in fingerprint.text
    assert_page_ok(browser)
