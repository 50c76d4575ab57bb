"""The staff dashboard passes axe-core (WCAG 2.2 A and AA), empty and with the demo's data.

Run on its own with: pytest tests/browser/test_dashboard_a11y.py -p no:randomly
"""

from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By

from community.models import User

from .harness import assert_page_ok, require_browser_tooling, sign_in_as

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def no_two_factor(settings):
    # Two-factor set-up before staff pages is tested elsewhere; here we want the dashboard.
    settings.STAFF_MFA_REQUIRED = False


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, driver.current_url
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_the_dashboard_with_the_demo_data_is_accessible(
    browser, live_server, no_two_factor, monkeypatch
):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=StringIO())
    sign_in_as(browser, live_server, User.objects.get(email="staff@example.org"))
    visit(browser, live_server, "/staff/")
    page = browser.page_source
    assert "The centre of gravity is" in page
    assert "Nobody is on a waiting list." not in page
    assert browser.find_elements(
        By.CSS_SELECTOR, "svg[role='img'][aria-label*='participant-hours']"
    )
    assert len(browser.find_elements(By.CSS_SELECTOR, "main table")) >= 5
    assert_page_ok(browser)


def test_the_empty_dashboard_is_accessible(browser, live_server, no_two_factor, staff_member):
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/staff/")
    assert "No activities in the next 14 days." in browser.page_source
    assert_page_ok(browser)
