"""The idea board and discussion pass axe-core (WCAG 2.2 A and AA) and log no console errors: the
board and discussion with ideas, posts, replies, a waiting and a hidden post (on the consultation's
page and on the ideas-and-discussion page), adding an idea and a post (each with an error), a
reply, reporting (with an error), choosing a name (with an error), the crisis support panel after
writing, the house rules; and for staff the board with their buttons and exact figures, the
moderation queue with a crisis flag and a report, hiding (with an error), posting as the team and
the crisis words page (with an error). The co-creator pages are also checked at 320px wide.

Run on their own with: pytest tests/browser/test_consultations_discussion_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from consultations.models import (
    Audience,
    ContributionKind,
    ContributionReport,
    DiscussionName,
    Moderation,
    Support,
)
from tests.community.factories import CoCreatorFactory
from tests.consultations.discussion_factories import person_with_name, seed_crisis_words
from tests.consultations.factories import ConsultationFactory, ContributionFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(cocreator, staff_member):
    seed_crisis_words()
    me = person_with_name(cocreator, "Casey C.")
    consultation = ConsultationFactory(
        title="Crisis café opening hours", audience=Audience.COCREATORS, owner=staff_member
    )
    other = CoCreatorFactory(full_name="Olu Other")
    DiscussionName.objects.create(cocreator=other, display_name="Olu O.")
    idea = ContributionFactory(consultation=consultation, author=other, title="Open at weekends")
    ContributionFactory(consultation=consultation, author=me, title="Text us back")
    for _ in range(3):
        Support.objects.create(idea=idea, cocreator=CoCreatorFactory())
    post = ContributionFactory(
        consultation=consultation,
        author=other,
        kind=ContributionKind.POST,
        title="",
        body="Evenings would help me most.",
    )
    ContributionFactory(
        consultation=consultation,
        author=me,
        kind=ContributionKind.POST,
        title="",
        body="Me too, after work.",
        reply_to=post,
    )
    ContributionFactory(
        consultation=consultation,
        author=me,
        kind=ContributionKind.POST,
        title="",
        body="Waiting for the team.",
        moderation=Moderation.WAITING,
    )
    hidden = ContributionFactory(
        consultation=consultation,
        author=other,
        kind=ContributionKind.POST,
        title="",
        body="Something unkind.",
        moderation=Moderation.HIDDEN,
        hidden_reason="Unkind",
    )
    crisis = ContributionFactory(
        consultation=consultation,
        author=me,
        kind=ContributionKind.POST,
        title="",
        body="I want to end my life some days.",
        moderation=Moderation.WAITING,
        crisis_words="end my life",
    )
    ContributionReport.objects.create(contribution=idea, reason="It is off topic")
    return {
        "consultation": consultation,
        "idea": idea,
        "post": post,
        "hidden": hidden,
        "crisis": crisis,
    }


@pytest.fixture
def cocreator_in_browser(browser, live_server, cocreator):
    sign_in_as(browser, live_server, cocreator)
    return browser


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def visit(driver, live_server, path, query=""):
    driver.get(live_server.url + path + query)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit_empty(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post'][novalidate]")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def no_sideways_scroll(driver):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return document.documentElement.clientWidth")
    assert width <= viewport, f"{driver.current_url} scrolls sideways: {width} > {viewport}"


def test_the_board_and_discussion_for_a_cocreator(cocreator_in_browser, live_server, world):
    driver = cocreator_in_browser
    pk = world["consultation"].pk
    for path in (f"/have-your-say/{pk}/ideas-and-discussion/", f"/have-your-say/{pk}/"):
        visit(driver, live_server, path)
        source = driver.page_source
        assert "Open at weekends" in source and "Waiting for a check" in source
        assert "Hidden by the team" in source and "Something unkind" not in source
        main = driver.find_element(By.TAG_NAME, "main").get_attribute("innerHTML")
        assert "Casey Cocreator" not in main  # the header names the signed-in person; no post does
        assert_page_ok(driver)
    driver.set_window_size(320, 800)
    visit(driver, live_server, f"/have-your-say/{pk}/ideas-and-discussion/")
    no_sideways_scroll(driver)
    driver.set_window_size(1280, 1000)


def test_the_forms_with_errors(cocreator_in_browser, live_server, world):
    driver = cocreator_in_browser
    pk = world["consultation"].pk
    for path in (
        f"/have-your-say/{pk}/ideas/add/",
        f"/have-your-say/{pk}/discussion/add/",
        f"/have-your-say/{pk}/contributions/{world['idea'].pk}/report/",
        "/portal/display-name/",
    ):
        visit(driver, live_server, path)
        assert_page_ok(driver)
        driver.execute_script(
            "document.querySelectorAll('main textarea, main input[type=text]')"
            ".forEach(function (el) { el.value = ''; });"
        )
        submit_empty(driver)
        assert_page_ok(driver)
    visit(
        driver, live_server, f"/have-your-say/{pk}/discussion/add/", f"?reply_to={world['post'].pk}"
    )
    assert "Evenings would help me most" in driver.page_source
    assert_page_ok(driver)


def test_the_crisis_support_panel_and_the_house_rules(cocreator_in_browser, live_server, world):
    driver = cocreator_in_browser
    pk = world["consultation"].pk
    visit(driver, live_server, f"/have-your-say/{pk}/contributions/{world['crisis'].pk}/sent/")
    assert "116 123" in driver.page_source and "option 2" in driver.page_source
    assert_page_ok(driver)
    driver.set_window_size(320, 800)
    no_sideways_scroll(driver)
    driver.set_window_size(1280, 1000)
    visit(driver, live_server, "/have-your-say/house-rules/")
    assert_page_ok(driver)


def test_the_staff_pages(staff_in_browser, live_server, world):
    driver = staff_in_browser
    pk = world["consultation"].pk
    visit(driver, live_server, f"/have-your-say/{pk}/ideas-and-discussion/")
    assert "3 people support this" in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, "/staff/have-your-say/moderation/")
    assert "Crisis words" in driver.page_source and "It is off topic" in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, f"/staff/have-your-say/{pk}/contributions/{world['idea'].pk}/hide/")
    assert_page_ok(driver)
    submit_empty(driver)
    assert_page_ok(driver)
    visit(driver, live_server, f"/have-your-say/{pk}/discussion/add/")
    assert "as the team" in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, "/staff/have-your-say/crisis-words/")
    assert "kill myself" in driver.page_source
    assert_page_ok(driver)
    submit_empty(driver)
    assert_page_ok(driver)
