"""Role pages pass axe-core (WCAG 2.2 A and AA) and log no console errors: the staff list of
roles, the role form, the ambassadors, a person's record with their roles, adding a role for a
person with an error, the public role page and the co-creator's roles and pathway.

Run on their own with: pytest tests/browser/test_capacity_roles_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from capacity.models import (
    Completion,
    CompletionSource,
    Course,
    CourseDelivery,
    PersonRole,
    RoleProfile,
)
from community.services import cocreator_for_user_ensure
from tests.community.factories import CoCreatorFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _role(name, *, ambassador=False, courses=(), next_roles=()):
    role = RoleProfile.objects.create(
        name=name,
        what_it_involves=f"What a {name.lower()} does, in plain English.",
        support_offered="A named contact and paid expenses.",
        time_needed="About 4 hours a month",
        is_ambassador=ambassador,
    )
    role.required_courses.set(courses)
    role.next_roles.set(next_roles)
    return role


@pytest.fixture
def world(cocreator):
    today = timezone.localdate()
    safeguarding, facilitation = (
        Course.objects.create(
            title=title, summary="About it", outcomes="Do it", delivery=CourseDelivery.ONLINE
        )
        for title in ("Safeguarding", "Facilitation skills")
    )
    ambassador = _role("System co-creation ambassador", ambassador=True, courses=[safeguarding])
    facilitator = _role(
        "Lived-experience facilitator",
        courses=[safeguarding, facilitation],
        next_roles=[ambassador],
    )
    start = _role("Co-creator", next_roles=[facilitator])
    person = CoCreatorFactory(full_name="Ada Ambassador")
    PersonRole.objects.create(
        cocreator=person, role=ambassador, started_on=today, forums="ICB people forum"
    )
    PersonRole.objects.create(cocreator=person, role=start, started_on=today)
    me = cocreator_for_user_ensure(user=cocreator)
    PersonRole.objects.create(cocreator=me, role=start, started_on=today)
    Completion.objects.create(
        course=safeguarding, cocreator=me, completed_on=today, source=CompletionSource.RECORDED
    )
    return {"person": person, "facilitator": facilitator, "ambassador": ambassador}


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit_empty(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")


def test_the_staff_list_form_and_ambassadors(staff_in_browser, live_server, world):
    visit(staff_in_browser, live_server, "/staff/roles/")
    assert "Lived-experience facilitator" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/roles/{world['facilitator'].pk}/edit/")
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, "/staff/roles/ambassadors/")
    assert "ICB people forum" in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)


def test_the_record_and_adding_a_role_with_an_error(staff_in_browser, live_server, world):
    visit(staff_in_browser, live_server, f"/staff/community/{world['person'].pk}/")
    assert 'id="roles"' in staff_in_browser.page_source
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/roles/people/{world['person'].pk}/add/")
    assert_page_ok(staff_in_browser)
    submit_empty(staff_in_browser)
    assert_page_ok(staff_in_browser)


def test_the_public_role_page(browser, live_server, world):
    visit(browser, live_server, "/roles/")
    assert_page_ok(browser)
    visit(browser, live_server, f"/roles/{world['facilitator'].pk}/")
    assert "Facilitation skills" in browser.page_source
    assert_page_ok(browser)


def test_the_portal_roles_page(browser, live_server, world, cocreator):
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/portal/roles/")
    assert "Still to do" in browser.page_source and "Done" in browser.page_source
    assert_page_ok(browser)
