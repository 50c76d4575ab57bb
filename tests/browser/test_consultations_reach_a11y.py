"""Where consultations reach people pass axe-core (WCAG 2.2 A and AA) and log no console errors:
the public home page with a consultation listed (for a visitor and a signed-in co-creator), the
portal's opportunities with "Have your say online" (and with a filter error), and the insight
inbox with written answers and an idea to tag (and with an error). The portal page is also
checked at 320px wide for sideways scrolling.

Run on their own with: pytest tests/browser/test_consultations_reach_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.services import cocreator_for_user_ensure
from consultations.models import Answer, Audience, QuestionKind
from tests.consultations.factories import (
    ConsultationFactory,
    ContributionFactory,
    QuestionFactory,
    ResponseFactory,
)
from tests.consultations.reach_factories import service_area

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale, wait_for_page

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(cocreator):
    me = cocreator_for_user_ensure(user=cocreator)
    wards = service_area("Acute wards")
    me.interests.add(wards)
    public = ConsultationFactory(
        title="Ward visiting times", audience=Audience.PUBLIC, service_area=wards
    )
    mine = ConsultationFactory(title="Crisis line hours")
    question = QuestionFactory(consultation=mine, kind=QuestionKind.TEXT, text="What would help?")
    Answer.objects.create(
        response=ResponseFactory(consultation=mine),
        question=question,
        text="Answer the phone after 10pm, please.",
    )
    ContributionFactory(consultation=mine, body="A text when the line is busy.")
    return {"public": public, "mine": mine}


def visit(driver, live_server, path, query=""):
    driver.get(live_server.url + path + query)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def no_sideways_scroll(driver):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return document.documentElement.clientWidth")
    assert width <= viewport, f"{driver.current_url} scrolls sideways: {width} > {viewport}"


def test_the_home_page_with_a_consultation(browser, live_server, world, cocreator):
    visit(browser, live_server, "/")
    assert "Ward visiting times" in browser.page_source
    assert "Crisis line hours" not in browser.page_source
    assert_page_ok(browser)
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/")
    assert "Crisis line hours" in browser.page_source
    assert_page_ok(browser)


def test_the_portal_opportunities_with_a_consultation(browser, live_server, world, cocreator):
    sign_in_as(browser, live_server, cocreator)
    browser.set_window_size(320, 900)
    visit(browser, live_server, "/portal/opportunities/")
    assert "Have your say online" in browser.page_source
    assert "Ward visiting times" in browser.page_source
    assert_page_ok(browser)
    no_sideways_scroll(browser)
    visit(browser, live_server, "/portal/opportunities/", "?when=someday")
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Have your say online" in browser.page_source
    assert_page_ok(browser)


def test_the_insight_inbox_with_consultation_items(
    browser, live_server, settings, staff_member, world
):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/staff/insight/")
    assert "Answer the phone after 10pm, please." in browser.page_source
    assert "A text when the line is busy." in browser.page_source
    assert_page_ok(browser)
    # A theme that is not there: the page says so in an error summary.
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    browser.execute_script(
        "const s = arguments[0].querySelector('select[name=theme]');"
        "s.innerHTML = '<option value=\"999999\">Gone</option>';",
        form,
    )
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))  # the answer page, not the one still leaving
    wait_for_page(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)
