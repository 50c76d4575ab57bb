"""The theme pages pass axe-core (WCAG 2.2 A and AA) and log no console errors.

Run on their own with: pytest tests/browser/test_themes_a11y.py -p no:randomly
"""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from impact.models import InsightTag, SourceThemeCount, Theme

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIST = "/staff/themes/"
IMPORT = "/staff/themes/import/"
TRIANGULATION = "/staff/themes/triangulation/"


@pytest.fixture
def staff_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def _path(driver) -> str:
    return urlparse(driver.current_url).path


def _h1_count(driver) -> int:
    return len(driver.find_elements(By.TAG_NAME, "h1"))


def test_the_theme_list_is_accessible(staff_browser, live_server):
    staff_browser.get(live_server.url + LIST)
    assert _path(staff_browser) == LIST
    assert staff_browser.find_elements(By.CSS_SELECTOR, "table.nhsuk-table")
    assert _h1_count(staff_browser) == 1
    assert_page_ok(staff_browser)


def test_the_import_page_with_problems_is_accessible(staff_browser, live_server, tmp_path: Path):
    staff_browser.get(live_server.url + IMPORT)
    path = tmp_path / "counts.csv"
    path.write_text("source,theme,month,count\nletters,Nowhere,April,-1\n", encoding="utf-8")
    staff_browser.find_element(By.CSS_SELECTOR, "input[type='file']").send_keys(str(path))
    form = staff_browser.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(staff_browser, 10).until(stale(form))
    summary = staff_browser.find_element(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Nothing has been imported" in summary.text
    assert "is not a source" in staff_browser.page_source
    assert _h1_count(staff_browser) == 1
    assert_page_ok(staff_browser)


def test_the_triangulation_page_is_accessible(staff_browser, live_server):
    theme = Theme.objects.order_by("name").first()
    today = timezone.localdate().replace(day=1)
    for n in range(6):
        InsightTag.objects.create(theme=theme, source="journal", source_id=str(n), month=today)
    SourceThemeCount.objects.create(source="pals", theme=theme, month=today, count=9)
    staff_browser.get(live_server.url + TRIANGULATION)
    assert _path(staff_browser) == TRIANGULATION
    assert "Agree: a top-3 theme in both" in staff_browser.page_source
    assert _h1_count(staff_browser) == 1
    assert_page_ok(staff_browser)
