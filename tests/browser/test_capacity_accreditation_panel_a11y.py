"""Accreditation panel pages pass axe-core (WCAG 2.2 A and AA) and log no console errors: the
staff list of panels, renewals, a panel, adding a co-creator (with an error), the scores table
with the decision form, a decision made, a reviewer's seat and a criterion to score; in the portal
the reviews list, the conflict question with an error, and a criterion with its evidence; and the
public list of accredited services and one service's page.

Run on their own with: pytest tests/browser/test_capacity_accreditation_panel_a11y.py -p no:randomly
"""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from capacity.models import (
    AccreditationApplication,
    AccreditationCriterion,
    ApplicationStatus,
    PanelScore,
)
from community.services import cocreator_for_user_ensure
from tests.capacity.accreditation_panel_factories import (
    application_make,
    framework_make,
    scores_make,
    seat_make,
    service_make,
)
from tests.community.factories import UserFactory

from .harness import WINDOW_SIZE, assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(staff_member, cocreator):
    cocreator_for_user_ensure(user=cocreator)
    framework = framework_make(criteria=(2, 1))
    today = timezone.localdate()
    # With its panel, every criterion scored: the decision form shows.
    ready = application_make(
        framework=framework, service=service_make(name="Riverside Community Mental Health Team")
    )
    ready.status = ApplicationStatus.IN_REVIEW
    ready.save()
    staff_seat = seat_make(ready, staff_member, is_cocreator=False)
    seat = seat_make(ready, cocreator, is_cocreator=True)
    conflicted = seat_make(
        ready,
        UserFactory(email="olu.other@example.org", full_name="Olu Other"),
        is_cocreator=True,
        conflict=True,
    )
    scores_make(staff_seat, score=3)
    scores_make(seat, score=2)
    # Decided and accredited, with its renewal due soon.
    awarded = application_make(
        framework=framework, service=service_make(name="Hillside Memory Clinic"), evidence=False
    )
    scores_make(seat_make(awarded, staff_member, is_cocreator=False))
    scores_make(seat_make(awarded, cocreator, is_cocreator=True))
    AccreditationApplication.objects.filter(pk=awarded.pk).update(
        status=ApplicationStatus.AWARDED,
        level_awarded="established",
        awarded_on=today - datetime.timedelta(days=600),
        renew_by=today + datetime.timedelta(days=40),
        decision_summary="Co-creation runs through the clinic's planning.",
        decided_at=timezone.now() - datetime.timedelta(days=600),
        decided_by=staff_member,
    )
    coastal = application_make(service=service_make(name="Coastal Crisis Team"), evidence=False)
    undeclared = seat_make(coastal, cocreator, is_cocreator=True, conflict=None)
    criterion = AccreditationCriterion.objects.filter(standard__framework=framework).order_by(
        "standard__number", "number"
    )[0]
    return {
        "ready": ready,
        "awarded": awarded,
        "staff_seat": staff_seat,
        "seat": seat,
        "conflicted": conflicted,
        "undeclared": undeclared,
        "criterion": criterion,
    }


def visit(driver, live_server, path):
    driver.set_window_size(*WINDOW_SIZE)
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def fits_a_phone(driver, path):
    """Nothing scrolls sideways at 320px (400% zoom); the wide tables stack into rows."""
    driver.set_window_size(320, 900)

    def fits(d):
        scroll, inner = d.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth];"
        )
        return scroll <= inner

    WebDriverWait(driver, 3, poll_frequency=0.1).until(fits, f"{path} scrolls sideways at 320px")
    driver.set_window_size(*WINDOW_SIZE)


def send_empty(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def test_staff_pages(browser, live_server, settings, staff_member, world):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    ready, awarded = world["ready"].pk, world["awarded"].pk
    for path in (
        "/staff/accreditation/panels/",
        "/staff/accreditation/renewals/",
        f"/staff/accreditation/applications/{ready}/panel/",
        f"/staff/accreditation/applications/{ready}/decision/",
        f"/staff/accreditation/applications/{awarded}/decision/",
        "/staff/accreditation/reviews/",
        f"/staff/accreditation/reviews/{world['staff_seat'].pk}/",
        f"/staff/accreditation/reviews/{world['staff_seat'].pk}/criteria/{world['criterion'].pk}/",
        f"/staff/accreditation/reviews/{world['conflicted'].pk}/",
    ):
        visit(browser, live_server, path)
        assert_page_ok(browser)
        fits_a_phone(browser, path)
    visit(browser, live_server, f"/staff/accreditation/applications/{ready}/panel/add-cocreator/")
    send_empty(browser)
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/accreditation/applications/{ready}/panel/add-staff/")
    assert_page_ok(browser)


def test_portal_pages(browser, live_server, cocreator, world):
    sign_in_as(browser, live_server, cocreator)
    seat = world["seat"].pk
    visit(browser, live_server, "/portal/accreditation/reviews/")
    assert "Riverside Community Mental Health Team" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/portal/accreditation/reviews/{seat}/")
    assert_page_ok(browser)
    visit(
        browser,
        live_server,
        f"/portal/accreditation/reviews/{seat}/criteria/{world['criterion'].pk}/",
    )
    assert "Minutes of the improvement group.pdf" in browser.page_source
    assert_page_ok(browser)
    fits_a_phone(browser, "a criterion to score")
    visit(browser, live_server, f"/portal/accreditation/reviews/{world['undeclared'].pk}/conflict/")
    send_empty(browser)
    assert_page_ok(browser)
    # Then through the review in the browser, without JavaScript's help: say no conflict, start
    # scoring, score the first criterion.
    browser.find_element(By.CSS_SELECTOR, "input[name='has_conflict'][value='no']").click()
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert "You can now score each criterion" in browser.page_source
    browser.find_element(By.LINK_TEXT, "Start scoring").click()
    browser.find_element(By.CSS_SELECTOR, "input[name='score'][value='3']").click()
    form = browser.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert "Your score" in browser.page_source and "is saved" in browser.page_source
    assert PanelScore.objects.filter(member=world["undeclared"], score=3).count() == 1


def test_public_pages(browser, live_server, world):
    visit(browser, live_server, "/accreditation/")
    assert "Hillside Memory Clinic" in browser.page_source
    assert "Coastal Crisis Team" not in browser.page_source
    assert_page_ok(browser)
    fits_a_phone(browser, "/accreditation/")
    visit(browser, live_server, f"/accreditation/{world['awarded'].pk}/")
    assert_page_ok(browser)
