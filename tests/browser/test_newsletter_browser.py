"""The newsletter pages pass axe-core (WCAG 2.2 A and AA): staff compose and preview, progress,
and the public archive.

Run on their own with: pytest tests/browser/test_newsletter_browser.py -p no:randomly
"""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import Activity, ActivityFormat, ActivitySetting, ActivityStatus
from activities.services import activity_save
from community.models import NewsletterChoice
from community.services import cocreator_register
from impact.models import ChangeKind, ImpactRecord, ImpactStatus
from reporting.newsletters import services

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    # Two-factor set-up before staff pages is tested elsewhere; here we want the pages themselves.
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


@pytest.fixture
def content(db):
    record = ImpactRecord.objects.create(
        title="Quieter wards at night",
        what_changed="Lights dim at 10pm.",
        kind=ChangeKind.SERVICE,
        how_influenced="Co-creators walked the ward at night.",
        you_said="The ward was too bright to sleep.",
        we_did="We fitted dimmer switches.",
        status=ImpactStatus.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=2),
    )
    starts = timezone.now() + dt.timedelta(days=10)
    activity_save(
        activity=Activity(
            title="Garden design session",
            summary="We will plan the garden together.",
            level=3,
            format=ActivityFormat.IN_PERSON,
            setting=ActivitySetting.COMMUNITY_VENUE,
            venue="Town library",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            status=ActivityStatus.OPEN,
        )
    )
    cocreator_register(
        actor=None,
        full_name="Ann Email",
        email="ann@example.org",
        prefers_email=True,
        newsletter=NewsletterChoice.YES,
    )
    cocreator_register(
        actor=None,
        full_name="Cat Post",
        prefers_post=True,
        address="1 High Street\nMaidstone",
        newsletter=NewsletterChoice.YES,
    )
    issue = services.newsletter_save(
        issue=None,
        actor=None,
        title="Spring news",
        intro="Hello everyone. Here is our news.",
        sections=[("Our garden", "We planted bulbs.\n\nThey look lovely now.")],
        highlights=[record],
    )
    sent = services.newsletter_save(
        issue=None,
        actor=None,
        title="Winter news",
        intro="Our news from the winter.",
        sections=[("Coffee mornings", "Come and chat with us.")],
        highlights=[],
    )
    sent = services.newsletter_send(issue=sent)
    return {"draft": issue, "sent": sent}


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == urlparse(path).path, (
        f"{path} ended on {driver.current_url}"
    )
    headings = driver.find_elements(By.TAG_NAME, "h1")
    assert len(headings) == 1, f"{path} has {len(headings)} <h1> elements"


def submit(driver, button_selector):
    button = driver.find_element(By.CSS_SELECTOR, button_selector)
    form = button.find_element(By.XPATH, "./ancestor::form")
    button.click()
    WebDriverWait(driver, 10).until(stale(form))


def test_the_staff_list_is_accessible(staff_in_browser, live_server, content):
    visit(staff_in_browser, live_server, "/staff/newsletters/")
    assert "Spring news" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_composing_with_errors_then_checking_readability_is_accessible(
    staff_in_browser, live_server, content
):
    visit(staff_in_browser, live_server, "/staff/newsletters/new/")
    assert_page_ok(staff_in_browser)
    submit(staff_in_browser, "button[name='save']")
    assert staff_in_browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Enter a title for the newsletter" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)

    staff_in_browser.find_element(By.ID, "id_title").send_keys("Summer news")
    staff_in_browser.find_element(By.ID, "id_sections-0-heading").send_keys("Our walk")
    staff_in_browser.find_element(By.ID, "id_sections-0-body").send_keys(
        "We went for a walk. It was fun."
    )
    submit(staff_in_browser, "button[name='check']")
    assert "How easy it is to read" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_preview_with_both_versions_is_accessible(staff_in_browser, live_server, content):
    visit(staff_in_browser, live_server, f"/staff/newsletters/{content['draft'].pk}/")
    page = staff_in_browser.page_source
    assert "Web version" in page and "Email version" in page
    assert "Garden design session" in page and "Quieter wards at night" in page
    assert "Cat Post" in page
    assert_page_ok(staff_in_browser)
    # A schedule in the past is refused, with the error summary.
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    staff_in_browser.find_element(By.ID, "id_schedule-send_on_0").send_keys(str(yesterday.day))
    staff_in_browser.find_element(By.ID, "id_schedule-send_on_1").send_keys(str(yesterday.month))
    staff_in_browser.find_element(By.ID, "id_schedule-send_on_2").send_keys(str(yesterday.year))
    staff_in_browser.find_element(By.ID, "id_schedule-send_time").send_keys("09:00")
    submit(staff_in_browser, "button[value='schedule']")
    assert "must be in the future" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_progress_page_is_accessible(staff_in_browser, live_server, content):
    visit(staff_in_browser, live_server, f"/staff/newsletters/{content['sent'].pk}/progress/")
    assert "How the send is going" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_public_archive_is_accessible(browser, live_server, content):
    visit(browser, live_server, "/newsletter/")
    assert "Winter news" in browser.page_source
    assert "Spring news" not in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/newsletter/{content['sent'].pk}/")
    assert "Coffee mornings" in browser.page_source
    assert_page_ok(browser)
