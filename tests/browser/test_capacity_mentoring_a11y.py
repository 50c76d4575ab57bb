"""Mentoring and peer support pages pass axe-core (WCAG 2.2 A and AA) and log no console errors:
the staff overview, pairing two people (with an error), a pair's page and ending it, setting up a
group (with an error), a group's page, inviting and ending it, a person's record with their
mentoring; and in the portal the overview, answering (with an error), a pair with the other's
contact choices, logging a meeting (with an error), ending, a group, answering, logging and
leaving. The portal pages are also checked at 320px wide for sideways scrolling.

Run on their own with: pytest tests/browser/test_capacity_mentoring_a11y.py -p no:randomly
"""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from capacity.models import MeetingFeeling, Mentoring, PeerGroup, PeerGroupMember, SupportMeeting
from community.services import cocreator_for_user_ensure
from tests.community.factories import CoCreatorFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(cocreator):
    now = timezone.now()
    me = cocreator_for_user_ensure(user=cocreator)
    mentor = CoCreatorFactory(
        full_name="Maya O'Mentor",
        email="maya@example.org",
        prefers_email=True,
        phone="07700 900321",
        prefers_sms=True,
        postcode="ME14 1XX",
    )
    mentee = CoCreatorFactory(full_name="Tariq Waiting")
    active = Mentoring.objects.create(
        mentor=mentor,
        mentee=me,
        purpose="Getting ready for interview panels",
        mentor_agreed_at=now,
        mentee_agreed_at=now,
    )
    waiting = Mentoring.objects.create(mentor=me, mentee=mentee, mentee_agreed_at=now)
    ended = Mentoring.objects.create(
        mentor=CoCreatorFactory(full_name="Ed Ended"),
        mentee=me,
        mentor_agreed_at=now,
        mentee_agreed_at=now,
        ended_at=now,
        end_reason="Moved away",
    )
    SupportMeeting.objects.create(
        mentoring=active,
        met_on=timezone.localdate() - dt.timedelta(days=3),
        how_it_went=MeetingFeeling.WELL,
        note="Practised answers",
        logged_by=mentor,
    )
    group = PeerGroup.objects.create(
        name="Carers' circle", about="Carers supporting each other.", meets="Tuesdays, online"
    )
    invited_group = PeerGroup.objects.create(name="Walk and talk", about="Walking together.")
    PeerGroupMember.objects.create(group=group, cocreator=me, agreed_at=now)
    PeerGroupMember.objects.create(group=group, cocreator=mentor, agreed_at=now)
    PeerGroupMember.objects.create(group=group, cocreator=mentee)
    PeerGroupMember.objects.create(group=invited_group, cocreator=me)
    SupportMeeting.objects.create(
        group=group,
        met_on=timezone.localdate() - dt.timedelta(days=1),
        how_it_went=MeetingFeeling.OKAY,
        logged_by=me,
    )
    return {
        "me": me,
        "mentor": mentor,
        "active": active,
        "waiting": waiting,
        "ended": ended,
        "group": group,
        "invited_group": invited_group,
    }


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


def submit_empty(driver):
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def no_sideways_scroll(driver):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return document.documentElement.clientWidth")
    assert width <= viewport, f"{driver.current_url} scrolls sideways: {width} > {viewport}"


def test_the_staff_overview_pairing_and_a_pair(staff_in_browser, live_server, world):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/mentoring/")
    assert "Maya O&#x27;Mentor" in driver.page_source or "Maya O'Mentor" in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, "/staff/mentoring/pairs/add/")
    assert_page_ok(driver)
    submit_empty(driver)
    assert_page_ok(driver)
    visit(driver, live_server, f"/staff/mentoring/pairs/{world['waiting'].pk}/")
    assert "Record that" in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, f"/staff/mentoring/pairs/{world['active'].pk}/")
    assert "Practised answers" in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, f"/staff/mentoring/pairs/{world['active'].pk}/end/")
    assert_page_ok(driver)


def test_the_staff_group_pages_and_the_record(staff_in_browser, live_server, world):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/mentoring/groups/add/")
    submit_empty(driver)
    assert_page_ok(driver)
    group = world["group"]
    visit(driver, live_server, f"/staff/mentoring/groups/{group.pk}/")
    assert "Tariq Waiting" in driver.page_source
    assert_page_ok(driver)
    for page in ("edit", "invite", "end"):
        visit(driver, live_server, f"/staff/mentoring/groups/{group.pk}/{page}/")
        assert_page_ok(driver)
    visit(driver, live_server, f"/staff/community/{world['me'].pk}/")
    assert 'id="mentoring"' in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, "/staff/")
    assert 'id="mentoring-panel"' in driver.page_source
    assert_page_ok(driver)


def test_the_portal_pairs(browser, live_server, world, cocreator):
    sign_in_as(browser, live_server, cocreator)
    browser.set_window_size(320, 900)
    visit(browser, live_server, "/portal/mentoring/")
    assert "Would you like to mentor Tariq Waiting?" in browser.page_source
    assert_page_ok(browser)
    no_sideways_scroll(browser)
    active = world["active"]
    visit(browser, live_server, f"/portal/mentoring/pairs/{active.pk}/")
    assert "07700 900321" in browser.page_source and "ME14 1XX" not in browser.page_source
    assert_page_ok(browser)
    no_sideways_scroll(browser)
    visit(browser, live_server, f"/portal/mentoring/pairs/{active.pk}/meetings/add/")
    submit_empty(browser)
    assert_page_ok(browser)
    no_sideways_scroll(browser)
    visit(browser, live_server, f"/portal/mentoring/pairs/{active.pk}/end/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/portal/mentoring/pairs/{world['ended'].pk}/")
    assert "Moved away" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/portal/mentoring/pairs/{world['waiting'].pk}/answer/")
    submit_empty(browser)
    assert_page_ok(browser)
    no_sideways_scroll(browser)
    browser.find_element(By.CSS_SELECTOR, "input[value='yes']").click()
    submit(browser)
    assert "/portal/mentoring/pairs/" in browser.current_url
    assert_page_ok(browser)


def test_the_portal_groups(browser, live_server, world, cocreator):
    sign_in_as(browser, live_server, cocreator)
    group = world["group"]
    visit(browser, live_server, f"/portal/mentoring/groups/{group.pk}/")
    assert "Maya" in browser.page_source and "Tariq Waiting" not in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/portal/mentoring/groups/{group.pk}/meetings/add/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/portal/mentoring/groups/{group.pk}/leave/")
    assert_page_ok(browser)
    invited = world["invited_group"]
    visit(browser, live_server, f"/portal/mentoring/groups/{invited.pk}/answer/")
    submit_empty(browser)
    assert_page_ok(browser)
