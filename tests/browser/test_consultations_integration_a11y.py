"""A person's taking part in "Have your say" on the pages other apps own passes axe-core (WCAG 2.2
A and AA) with no console errors: the staff record with its "Have your say" section and story
rows, and the person's own story in the portal (also at 320px wide, with no sideways scroll).

Run on their own with: pytest tests/browser/test_consultations_integration_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

from community.services import cocreator_for_user_ensure
from tests.consultations.integration_factories import took_part_in_every_way

from .harness import assert_page_ok, require_browser_tooling, sign_in_as

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def person(cocreator, staff_member):
    me = cocreator_for_user_ensure(user=cocreator)
    took_part_in_every_way(me, staff_member=staff_member, words="Casey")
    return me


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_the_staff_record_with_have_your_say(browser, live_server, settings, staff_member, person):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, f"/staff/community/{person.pk}/")
    assert 'id="have-your-say"' in browser.page_source
    assert "Answered the questions in" in browser.page_source
    assert_page_ok(browser)


def test_the_persons_own_story(browser, live_server, cocreator, person):
    sign_in_as(browser, live_server, cocreator)
    browser.set_window_size(320, 900)
    visit(browser, live_server, "/portal/story/")
    assert "You answered the questions in" in browser.page_source
    assert_page_ok(browser)
    width = browser.execute_script("return document.documentElement.scrollWidth")
    viewport = browser.execute_script("return document.documentElement.clientWidth")
    assert width <= viewport
