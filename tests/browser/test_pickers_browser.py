"""Choosing people and activities by typing and by keyboard alone, at 1280 and 390 px wide.

Pickers (cocreation.lib.pickers) list only what is chosen. With JavaScript, app.js puts GOV.UK's
accessible-autocomplete in the search box, which asks the staff search endpoint as the person
types; the one chosen becomes a ticked checkbox (or the chosen radio). Without JavaScript the
Search button sends the form back with a page of matches to tick (tests/lib/test_pickers.py and
tests/impact/records/test_pickers.py check the pages without a browser).

Run on their own with: pytest tests/browser/test_pickers_browser.py -p no:randomly
"""

import time
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import Activity
from impact.models import CaseStudy, ImpactRecord
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory

from .harness import WINDOW_SIZE, assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [1280, 390]


@pytest.fixture
def long_lists(db):
    """60 activities and 60 people, and a few to find among them."""
    start = timezone.now() - timedelta(days=200)
    for i in range(60):
        ActivityFactory(title=f"Session {i:02d}", starts_at=start + timedelta(days=3 * i))
    ActivityFactory(title="Ward garden planting day", starts_at=start + timedelta(days=1))
    for i in range(60):
        CoCreatorFactory(full_name=f"Person {i:02d}")
    CoCreatorFactory(full_name="Priya Shah")
    CoCreatorFactory(full_name="Tomás Bryant", email="tomas.bryant@example.org")


@pytest.fixture
def staff_in_browser(long_lists, staff_member, browser, live_server, settings, request):
    # Rows first: rows written while the browser asks the live server for anything (even its
    # favicon) lock SQLite's shared in-memory database for that request.
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    # Signing in opens a script file, for which the browser asks for /favicon.ico; let that
    # finish, as two requests at once would lock the test database for one of them.
    time.sleep(0.5)
    browser.set_window_size(request.param, WINDOW_SIZE[1])
    yield browser
    browser.set_window_size(*WINDOW_SIZE)


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, driver.current_url


def keys(driver, *typed):
    ActionChains(driver).send_keys(*typed).perform()


def focused_id(driver):
    return driver.execute_script("return document.activeElement && document.activeElement.id")


def tab_to(driver, test, limit=200):
    """Press Tab until the focused element passes `test` (a function of the driver)."""
    for _ in range(limit):
        if test(driver):
            return
        keys(driver, Keys.TAB)
    raise AssertionError(f"Tab never reached it; focus is on #{focused_id(driver)}")


def tab_to_id(driver, element_id):
    tab_to(driver, lambda d: focused_id(d) == element_id)


def no_sideways_scroll(driver):
    width, inner = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth];"
    )
    assert width <= inner, f"the page is {width}px wide in a {inner}px window"


def suggestions(driver, name):
    return [
        o.text.split("\n")[0]
        for o in driver.find_elements(By.CSS_SELECTOR, f"#id_{name}__q__listbox li[role=option]")
    ]


def chosen(driver, name):
    """The labels of the boxes ticked in the picker for `name`."""
    return driver.execute_script(
        "return [...document.querySelectorAll(`#id_${arguments[0]}_picker input:checked`)]"
        ".map((box) => document.querySelector(`label[for='${box.id}']`).textContent.trim());",
        name,
    )


def activity_label(start):
    activity = Activity.objects.get(title__startswith=start)
    when = timezone.localtime(activity.starts_at)
    return f"{activity.title} ({when.day} {when:%B %Y})"


def choose_by_typing(driver, name, words, expect):
    """Type in the picker's box, wait for the first suggestion, arrow down to it, press Enter."""
    keys(driver, words)
    WebDriverWait(driver, 5).until(lambda d: suggestions(d, name)[:1] == [expect])
    keys(driver, Keys.ARROW_DOWN, Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: expect in chosen(d, name))
    # The box empties for the next search, and keeps the focus.
    WebDriverWait(driver, 5).until(
        lambda d: d.find_element(By.ID, f"id_{name}__q").get_attribute("value") == ""
    )
    assert focused_id(driver) == f"id_{name}__q"


@pytest.mark.parametrize("staff_in_browser", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
def test_staff_choose_an_activity_and_two_people_by_keyboard(staff_in_browser, live_server):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/impact/add/")
    # app.js has put accessible-autocomplete in each search box and taken the buttons away.
    WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "input#id_contributors__q[role='combobox']")
    )
    assert not driver.find_elements(By.CSS_SELECTOR, "button[name$='__search']")
    assert driver.find_element(By.CSS_SELECTOR, "label[for='id_contributors__q']").text == (
        "Search for a co-creator by name or email"
    )
    assert not driver.find_elements(By.CSS_SELECTOR, "input[name='contributors']")
    assert_page_ok(driver)
    no_sideways_scroll(driver)

    driver.find_element(By.ID, "id_title").send_keys("Calmer garden")
    tab_to_id(driver, "id_what_changed")
    keys(driver, "A quiet place outside.")
    tab_to_id(driver, "id_kind_0")
    keys(driver, Keys.SPACE)
    tab_to_id(driver, "id_how_influenced")
    keys(driver, "Co-creators designed it.")

    tab_to_id(driver, "id_activities__q")
    choose_by_typing(driver, "activities", "garden", expect=activity_label("Ward garden"))
    assert chosen(driver, "activities") == [activity_label("Ward garden")]

    tab_to_id(driver, "id_contributors__q")
    keys(driver, "person")
    WebDriverWait(driver, 5).until(lambda d: len(suggestions(d, "contributors")) == 20)
    status = driver.find_element(By.ID, "id_contributors__status")
    assert status.text == "Showing 20 of 60 matches. Type more to narrow it down."
    assert_page_ok(driver)  # with the list of matches open
    keys(driver, Keys.ESCAPE)
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    keys(driver, Keys.BACKSPACE)
    choose_by_typing(driver, "contributors", "priya", expect="Priya Shah")
    # Enter with no match highlighted neither chooses nor sends the form.
    keys(driver, Keys.ENTER)
    assert urlparse(driver.current_url).path == "/staff/impact/add/"
    choose_by_typing(driver, "contributors", "tomas bry", expect="Tomás Bryant")
    assert chosen(driver, "contributors") == ["Priya Shah", "Tomás Bryant"]
    assert status.text == "Tomás Bryant chosen. 2 chosen in all."
    assert_page_ok(driver)
    no_sideways_scroll(driver)

    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    tab_to(
        driver,
        lambda d: (
            d.switch_to.active_element.get_attribute("type") == "submit"
            and d.switch_to.active_element.text == "Add impact record"
        ),
    )
    keys(driver, Keys.ENTER)
    WebDriverWait(driver, 10).until(stale(form))

    record = ImpactRecord.objects.get(title="Calmer garden")
    assert [a.title for a in record.activities.all()] == ["Ward garden planting day"]
    assert sorted(p.full_name for p in record.contributors.all()) == ["Priya Shah", "Tomás Bryant"]
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "Priya Shah" in page and "Tomás Bryant" in page
    assert_page_ok(driver)


@pytest.mark.parametrize("staff_in_browser", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
def test_staff_choose_one_person_by_typing_and_can_choose_no_one_again(
    staff_in_browser, live_server
):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/case-studies/add/")
    WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "input#id_cocreator__q[role='combobox']")
    )
    assert chosen(driver, "cocreator") == ["No one in particular"]
    no_sideways_scroll(driver)

    driver.find_element(By.ID, "id_title").send_keys("Priya's story")
    tab_to_id(driver, "id_story")
    keys(driver, "How the garden came to be.")
    tab_to_id(driver, "id_cocreator__q")
    choose_by_typing(driver, "cocreator", "priya", expect="Priya Shah")
    assert chosen(driver, "cocreator") == ["Priya Shah"]  # a radio: "No one" is no longer chosen
    assert_page_ok(driver)
    no_sideways_scroll(driver)

    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    tab_to(
        driver,
        lambda d: (
            d.switch_to.active_element.get_attribute("type") == "submit"
            and d.switch_to.active_element.text == "Add case study"
        ),
    )
    keys(driver, Keys.ENTER)
    WebDriverWait(driver, 10).until(stale(form))
    study = CaseStudy.objects.get(title="Priya's story")
    assert study.cocreator.full_name == "Priya Shah"

    # On the change page the person is the chosen radio; "No one in particular" undoes it.
    WebDriverWait(driver, 10).until(lambda d: chosen(d, "cocreator") == ["Priya Shah"])
    driver.find_element(By.CSS_SELECTOR, "label[for='id_cocreator_1']").click()
    assert chosen(driver, "cocreator") == ["No one in particular"]
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    driver.find_element(By.XPATH, "//button[normalize-space()='Save changes']").click()
    WebDriverWait(driver, 10).until(stale(form))
    study.refresh_from_db()
    assert study.cocreator is None


@pytest.mark.parametrize("staff_in_browser", [390], indirect=True, ids=lambda w: f"{w}px")
def test_without_javascript_search_shows_matches_to_tick_by_keyboard(staff_in_browser, live_server):
    driver = staff_in_browser
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        visit(driver, live_server, "/staff/impact/add/")
        assert not driver.find_elements(By.CSS_SELECTOR, "[role='combobox']")
        assert not driver.find_elements(By.CSS_SELECTOR, "input[name='contributors']")
        no_sideways_scroll(driver)

        driver.find_element(By.ID, "id_title").send_keys("Calmer garden")
        tab_to_id(driver, "id_what_changed")
        keys(driver, "A quiet place outside.")
        tab_to_id(driver, "id_kind_0")
        keys(driver, Keys.SPACE)
        tab_to_id(driver, "id_how_influenced")
        keys(driver, "Co-creators designed it.")
        tab_to_id(driver, "id_contributors__q")
        keys(driver, "priya")
        keys(driver, Keys.TAB)  # to the Search button beside the box
        button = driver.switch_to.active_element
        assert (button.get_attribute("name"), button.text) == ("contributors__search", "Search")
        form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
        keys(driver, Keys.ENTER)
        WebDriverWait(driver, 10).until(stale(form))

        # The page comes back at the matches, with everything typed kept and nothing saved.
        assert urlparse(driver.current_url).fragment == "id_contributors__status"
        status = driver.find_element(By.ID, "id_contributors__status")
        assert status.text == "1 match for “priya”."
        assert driver.find_element(By.ID, "id_title").get_attribute("value") == "Calmer garden"
        assert not ImpactRecord.objects.exists()
        keys(driver, Keys.TAB)  # from the matches' line to the first match
        assert focused_id(driver) == "id_contributors_0"
        keys(driver, Keys.SPACE)
        assert chosen(driver, "contributors") == ["Priya Shah"]
        no_sideways_scroll(driver)
        # axe runs as a script: let it, on the page as it stands (app.js did not run at load).
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        assert_page_ok(driver)
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})

        form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
        tab_to(
            driver,
            lambda d: (
                d.switch_to.active_element.get_attribute("type") == "submit"
                and d.switch_to.active_element.text == "Add impact record"
            ),
        )
        keys(driver, Keys.ENTER)
        WebDriverWait(driver, 10).until(stale(form))
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})

    record = ImpactRecord.objects.get(title="Calmer garden")
    assert [p.full_name for p in record.contributors.all()] == ["Priya Shah"]
