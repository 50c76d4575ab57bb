"""Objective 4 on the steering group's pages passes axe-core (WCAG 2.2 A and AA) with no console
errors: the report's "Building confidence and capacity" section, the plan tracker's "Evidence in
the product" and a key action's own page, for a steering member and for staff; and a staff member
follows an evidence link to the page it names.

Run on their own with: pytest tests/browser/test_capacity_report_a11y.py -p no:randomly
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By

from capacity.models import DevelopmentPlan, PlanReview
from cocreation.lib.periods import period_containing
from reporting.plan.models import KeyAction
from tests.capacity.training_factories import CompletionFactory
from tests.community.factories import CoCreatorFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, wait_for_page

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Building confidence and capacity (objective 4)"


@pytest.fixture
def quarter():
    """The last quarter that has ended, with training, plans and a review in it."""
    period = period_containing(timezone.localdate(), "quarter").previous()
    people = CoCreatorFactory.create_batch(9)
    for i, person in enumerate(people):
        CompletionFactory(cocreator=person, completed_on=period.start + datetime.timedelta(days=i))
    plan = DevelopmentPlan.objects.create(cocreator=people[0], hopes="Chair a meeting")
    DevelopmentPlan.objects.filter(pk=plan.pk).update(created_at=period.bounds()[0])
    PlanReview.objects.create(plan=plan, held_on=period.start + datetime.timedelta(days=20))
    return period


def _action(position: int) -> KeyAction:
    return KeyAction.objects.get(objective__number=4, position=position)


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    wait_for_page(driver)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"


def test_the_steering_group_reads_the_section_and_the_evidence(
    browser, live_server, steering_member, quarter
):
    sign_in_as(browser, live_server, steering_member)
    visit(browser, live_server, f"/reports/{quarter.slug}/")
    section = browser.find_element(By.ID, "report-capacity")
    assert section.text == TITLE
    assert_page_ok(browser)
    visit(browser, live_server, "/reports/plan/")
    assert "Evidence in the product:" in browser.page_source
    assert "(a page for the involvement team)" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, reverse("reporting:plan-action", args=[_action(7).pk]))
    assert browser.find_element(By.LINK_TEXT, "The jargon buster (public)")
    assert_page_ok(browser)
    # The report section's link lands on the section.
    visit(browser, live_server, reverse("reporting:plan-action", args=[_action(1).pk]))
    browser.find_element(
        By.LINK_TEXT, "The steering report: building confidence and capacity"
    ).click()
    wait_for_page(browser)
    assert urlparse(browser.current_url).fragment == "report-capacity"


def test_staff_follow_an_evidence_link_from_the_tracker(
    browser, live_server, settings, staff_member, quarter
):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    visit(browser, live_server, "/reports/plan/")
    assert_page_ok(browser)
    visit(browser, live_server, reverse("reporting:plan-action", args=[_action(12).pk]))
    assert_page_ok(browser)
    browser.find_element(By.LINK_TEXT, "Mentoring pairs and peer-support groups").click()
    wait_for_page(browser)
    assert urlparse(browser.current_url).path == reverse("capacity:mentoring-list")
    visit(browser, live_server, f"/reports/{quarter.slug}/")
    assert (
        "Steering group sees: *"
        in browser.find_element(By.ID, "report-capacity")
        .find_element(By.XPATH, "following-sibling::details[1]")
        .text
    )
    assert_page_ok(browser)
