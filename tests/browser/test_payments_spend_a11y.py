"""The payments spend page passes axe-core (WCAG 2.2 A and AA) and logs no console errors: a
period with spend in every breakdown, one with none, and a period that is not one (the error
summary); on a phone its tables stack rather than scroll sideways, and the chooser works by
keyboard without JavaScript's help.

Run on their own with: pytest tests/browser/test_payments_spend_a11y.py -p no:randomly
"""

from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from activities.models import ActivityFormat, EngagementLevel
from payments.models import ClaimStatus
from tests.activities.factories import ProjectFactory
from tests.payments.factories import QUARTER, claim, past_session, uk

from .harness import assert_accessible, assert_page_ok, require_browser_tooling, sign_in_as

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE = "/staff/payments/spend/"
PHONE = 390


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


@pytest.fixture
def spent(db):
    garden = ProjectFactory(title="Ward garden: a long project name to see how a row wraps")
    first = past_session(uk(2025, 7, 10), project=garden)
    online = past_session(
        uk(2025, 8, 20),
        project=garden,
        format=ActivityFormat.ONLINE,
        level=EngagementLevel.COCREATE,
    )
    claim(first, ClaimStatus.SUBMITTED, "75.00", "4.20")
    claim(first, ClaimStatus.PAID, "1150.00", "12.60")
    claim(online, ClaimStatus.APPROVED, "150.00")
    claim(past_session(uk(2025, 9, 1)), ClaimStatus.PAID, "75.00")  # not part of a project


def _visit(driver, live_server, query=""):
    driver.set_window_size(1280, 1024)
    driver.get(f"{live_server.url}{PAGE}{query}")
    assert urlparse(driver.current_url).path == PAGE
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_a_period_with_spend(staff_in_browser, live_server, spent):
    _visit(staff_in_browser, live_server, f"?period={QUARTER.slug}")
    assert "£1,150.00" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_a_period_with_no_spend(staff_in_browser, live_server, db):
    _visit(staff_in_browser, live_server)
    assert "No claims for sessions held in" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_a_period_that_is_not_one_shows_the_error_summary(staff_in_browser, live_server, db):
    _visit(staff_in_browser, live_server, "?period=2999-q1")
    assert staff_in_browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    # The page answers 400 on purpose, which the browser logs; axe alone here.
    assert_accessible(staff_in_browser)


def test_on_a_phone_nothing_scrolls_sideways(staff_in_browser, live_server, spent):
    staff_in_browser.set_window_size(PHONE, 900)
    staff_in_browser.get(f"{live_server.url}{PAGE}?period={QUARTER.slug}")
    scroll, inner = staff_in_browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll <= inner
    assert_page_ok(staff_in_browser)


def test_choosing_a_period_by_keyboard(staff_in_browser, live_server, spent):
    _visit(staff_in_browser, live_server)
    picker = staff_in_browser.find_element(By.ID, "period")
    Select(picker).select_by_value(QUARTER.slug)
    button = staff_in_browser.find_element(By.CSS_SELECTOR, "main form button[type='submit']")
    button.send_keys(Keys.ENTER)
    WebDriverWait(staff_in_browser, 10).until(
        lambda d: parse_qs(urlparse(d.current_url).query).get("period") == [QUARTER.slug]
    )
    assert "£1,150.00" in staff_in_browser.page_source
