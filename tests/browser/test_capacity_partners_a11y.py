"""The partner section's pages pass axe-core (WCAG 2.2 A and AA) and log no console errors: the
partner's home, training, toolkits, asking for support (with errors) and their request; the
staff's partner logins, giving access (with errors), ending access, the requests list and a
request with its reply form, and the partner organisation page's section. A partner's header
shows their menu.

Run on their own with: pytest tests/browser/test_capacity_partners_a11y.py -p no:randomly
"""

import datetime as dt
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import ActivityStatus
from capacity.models import Resource, ResourceKind
from tests.activities.factories import ActivityFactory
from tests.capacity.partners_factories import (
    PartnerAccessFactory,
    PartnerOrganisationFactory,
    SupportRequestFactory,
)
from tests.capacity.training_factories import (
    CourseFactory,
    CourseRunFactory,
    CourseSessionFactory,
)

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(partner_member):
    university = PartnerOrganisationFactory(name="Downsview University")
    access = PartnerAccessFactory(user=partner_member, organisation=university)
    course = CourseFactory(title="Trauma-informed engagement", for_partners=True)
    run = CourseRunFactory(course=course, name="Coming up")
    starts = timezone.now() + dt.timedelta(days=14)
    CourseSessionFactory(
        run=run,
        activity=ActivityFactory(
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            venue="Oak Room, Canterbury",
            format="in_person",
            status=ActivityStatus.OPEN,
        ),
    )
    Resource.objects.create(
        title="Co-production toolkit",
        slug="co-production-toolkit",
        kind=ResourceKind.TOOLKIT,
        summary="How to co-produce a service with the people who use it.",
        is_published=True,
    )
    answered = SupportRequestFactory(
        requested_by=partner_member,
        organisation=university,
        status="done",
        staff_reply="We have booked two places for you.",
    )
    SupportRequestFactory(requested_by=partner_member, organisation=university, kind="mentoring")
    return {"access": access, "answered": answered, "university": university}


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == urlparse(path).path, driver.current_url
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


def test_the_partners_pages(browser, live_server, world, partner_member):
    sign_in_as(browser, live_server, partner_member)
    visit(browser, live_server, "/partners/")
    menu = browser.find_element(By.CSS_SELECTOR, ".nhsuk-header__navigation-list").text
    for label in ("Home", "Training", "Toolkits", "Ask for support"):
        assert label in menu
    assert "Trauma-informed engagement" in browser.page_source
    assert_page_ok(browser)
    for path in ("/partners/training/", "/partners/toolkits/"):
        visit(browser, live_server, path)
        assert_page_ok(browser)
    visit(browser, live_server, f"/partners/support/{world['answered'].pk}/")
    assert "We have booked two places for you." in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, "/partners/support/new/")
    assert_page_ok(browser)
    submit(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)


def test_the_staff_pages(browser, live_server, settings, staff_member, world):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    for path in ("/staff/partners/access/", "/staff/partners/requests/"):
        visit(browser, live_server, path)
        assert_page_ok(browser)
    visit(browser, live_server, f"/staff/partners/requests/{world['answered'].pk}/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/partners/access/{world['access'].pk}/end/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/staff/partners/{world['university'].pk}/")
    assert "Partner section" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, "/staff/partners/access/give/")
    assert_page_ok(browser)
    submit(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)
