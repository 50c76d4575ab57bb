"""Choosing from long lists by typing and by keyboard alone, at 1280 and 390 px wide.

Several from a long list (cocreation.lib.forms.CheckboxFilterWidget): a box to type in narrows
the checkboxes. One from a long list (a select of more than 30 options): GOV.UK's
accessible-autocomplete. Without JavaScript both are the plain list (tests/impact/records/
test_pickers.py checks the page without it).

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
    """60 activities and 60 people, as many as the demo has in a few months."""
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


def select_all(driver):
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()


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


def visible_choices(driver, list_id):
    return [
        label.text
        for label in driver.find_elements(By.CSS_SELECTOR, f"#{list_id} label")
        if label.is_displayed()
    ]


def activity_label(start):
    activity = Activity.objects.get(title__startswith=start)
    when = timezone.localtime(activity.starts_at)
    return f"{activity.title} ({when.day} {when:%B %Y})"


def choose_by_typing(driver, name, words, expect):
    """Type in the list's box, go down to the first match and tick it with the space bar."""
    select_all(driver)
    keys(driver, words)
    WebDriverWait(driver, 5).until(lambda d: visible_choices(d, f"id_{name}_list")[:1] == [expect])
    keys(driver, Keys.ARROW_DOWN)
    box = driver.switch_to.active_element
    assert box.get_attribute("name") == name and box.get_attribute("type") == "checkbox"
    keys(driver, Keys.SPACE)
    assert driver.switch_to.active_element.is_selected()


@pytest.mark.parametrize("staff_in_browser", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
def test_staff_choose_an_activity_and_two_people_by_keyboard(staff_in_browser, live_server):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/impact/add/")
    assert driver.find_element(By.ID, "id_activities_filter").is_displayed()
    assert len(visible_choices(driver, "id_contributors_list")) >= 62
    assert_page_ok(driver)
    no_sideways_scroll(driver)

    driver.find_element(By.ID, "id_title").send_keys("Calmer garden")
    tab_to_id(driver, "id_what_changed")
    keys(driver, "A quiet place outside.")
    tab_to_id(driver, "id_kind_0")
    keys(driver, Keys.SPACE)
    tab_to_id(driver, "id_how_influenced")
    keys(driver, "Co-creators designed it.")

    tab_to_id(driver, "id_activities_filter")
    choose_by_typing(driver, "activities", "garden", expect=activity_label("Ward garden"))
    chosen = driver.find_elements(By.CSS_SELECTOR, ".app-checkbox-filter__chosen")
    assert chosen[0].text.startswith("Chosen (1): Ward garden planting day")

    tab_to_id(driver, "id_contributors_filter")
    choose_by_typing(driver, "contributors", "priya", expect="Priya Shah")
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert focused_id(driver) == "id_contributors_filter"
    choose_by_typing(driver, "contributors", "tomas bry", expect="Tomás Bryant")
    assert chosen[1].text == "Chosen (2): Priya Shah; Tomás Bryant"
    status = driver.find_element(By.ID, "id_contributors_filter_status")
    WebDriverWait(driver, 5).until(lambda d: status.text.startswith("1 of 62 shown"))
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
    assert "Ward garden planting day" in page
    assert "Priya Shah" in page and "Tomás Bryant" in page
    assert_page_ok(driver)
    no_sideways_scroll(driver)


@pytest.mark.parametrize("staff_in_browser", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
def test_staff_choose_one_person_from_a_long_list_by_typing(staff_in_browser, live_server):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/case-studies/add/")
    # accessible-autocomplete has replaced the select with a box to type in, labelled the same.
    box = WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "input#id_cocreator[role='combobox']")
    )
    assert not driver.find_element(By.ID, "id_cocreator-select").is_displayed()
    assert (
        driver.find_element(By.CSS_SELECTOR, "label[for='id_cocreator']").text
        == "Co-creator (optional)"
    )
    assert_page_ok(driver)
    no_sideways_scroll(driver)

    driver.find_element(By.ID, "id_title").send_keys("Priya's story")
    tab_to_id(driver, "id_story")
    keys(driver, "How the garden came to be.")
    tab_to_id(driver, "id_cocreator")
    keys(driver, "priya")
    WebDriverWait(driver, 5).until(
        lambda d: (
            [o.text for o in d.find_elements(By.CSS_SELECTOR, ".autocomplete__option")]
            == ["Priya Shah"]
        )
    )
    assert_page_ok(driver)  # with the list of matches open
    keys(driver, Keys.ARROW_DOWN, Keys.ENTER)
    assert box.get_attribute("value") == "Priya Shah"
    assert (
        driver.execute_script(
            "const s = document.getElementById('id_cocreator-select');"
            "return s.options[s.selectedIndex].text;"
        )
        == "Priya Shah"
    )
    no_sideways_scroll(driver)

    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    tab_to(driver, lambda d: d.switch_to.active_element.get_attribute("type") == "submit")
    keys(driver, Keys.ENTER)
    WebDriverWait(driver, 10).until(stale(form))

    assert CaseStudy.objects.get(title="Priya's story").cocreator.full_name == "Priya Shah"


@pytest.mark.parametrize("staff_in_browser", [1280], indirect=True, ids=lambda w: f"{w}px")
def test_emptying_the_box_chooses_no_one(staff_in_browser, live_server):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/case-studies/add/")
    box = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "id_cocreator"))
    box.send_keys("priya")
    keys(driver, Keys.ARROW_DOWN, Keys.ENTER)
    selected = "const s = document.getElementById('id_cocreator-select'); return s.value;"
    assert driver.execute_script(selected) != ""

    select_all(driver)
    keys(driver, Keys.BACKSPACE, Keys.TAB)

    assert driver.execute_script(selected) == ""


@pytest.mark.parametrize("staff_in_browser", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
def test_every_long_single_list_becomes_a_box_to_type_in(staff_in_browser, live_server):
    """The champion form's co-creator list (over 30 people) is enhanced without naming it."""
    driver = staff_in_browser
    visit(driver, live_server, "/staff/champions/add/")
    WebDriverWait(driver, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "input#id_cocreator[role='combobox']")
    )
    # A short list (partner contacts) stays a plain select.
    assert driver.find_element(By.ID, "id_partner_contact").tag_name == "select"
    assert_page_ok(driver)
    no_sideways_scroll(driver)


@pytest.mark.parametrize("staff_in_browser", [390], indirect=True, ids=lambda w: f"{w}px")
def test_without_javascript_the_lists_are_plain_checkboxes_that_work(staff_in_browser, live_server):
    driver = staff_in_browser
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        visit(driver, live_server, "/staff/impact/add/")
        assert not driver.find_element(By.ID, "id_activities_filter").is_displayed()
        assert not driver.find_elements(By.CSS_SELECTOR, "[role='combobox']")
        no_sideways_scroll(driver)

        driver.find_element(By.ID, "id_title").send_keys("Calmer garden")
        tab_to_id(driver, "id_what_changed")
        keys(driver, "A quiet place outside.")
        tab_to_id(driver, "id_kind_0")
        keys(driver, Keys.SPACE)
        tab_to_id(driver, "id_how_influenced")
        keys(driver, "Co-creators designed it.")
        tab_to_id(driver, "id_contributors_0")  # the filter box is hidden, so not a tab stop
        keys(driver, Keys.SPACE)
        form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
        tab_to(driver, lambda d: d.switch_to.active_element.get_attribute("type") == "submit")
        keys(driver, Keys.ENTER)
        WebDriverWait(driver, 10).until(stale(form))
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})

    record = ImpactRecord.objects.get(title="Calmer garden")
    assert record.contributors.count() == 1
