"""The staff approval pages pass axe-core (WCAG 2.2 A and AA), log no console errors and fit a
phone's screen: the claims list, a claim's review (and its error summary when a return has no
reason, or approving your own claim is refused), the exports page and a run's lines, the
budgets page and setting a budget with its errors, and a payroll number with its errors.

Run on their own with: pytest tests/browser/test_payments_approval_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from payments.approval.services import export_make
from payments.models import ExportKind, PaymentMethod, ProjectBudget
from tests.activities.factories import ProjectFactory
from tests.community.factories import CoCreatorFactory
from tests.payments.factories import approved, can_manage, past_session, payee, submitted

from .harness import WINDOW_SIZE, assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = 390


@pytest.fixture
def manager_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, can_manage(staff_member))
    return browser


@pytest.fixture
def world(staff_member):
    project = ProjectFactory(title="Ward garden")
    ProjectBudget.objects.create(project=project, amount="500.00")
    activity = past_session(title="Carers' forum", project=project)
    waiting = submitted(
        CoCreatorFactory(full_name="Ada Claimant"),
        activity=activity,
        payment="200.00",
        expenses=["12.50"],
        assisted=True,
    )
    own = submitted(CoCreatorFactory(full_name="Sam Staff", user=staff_member), activity=activity)
    for n in range(3):
        approved(payee(CoCreatorFactory(full_name=f"Paid Person {n}")).cocreator, activity=activity)
    approved(CoCreatorFactory(full_name="Nia Nonumber"), activity=activity)
    approved(CoCreatorFactory(full_name="Val Voucher"), method=PaymentMethod.VOUCHER)
    export = export_make(kind=ExportKind.PAYROLL, actor=staff_member)
    return {"waiting": waiting, "own": own, "export": export, "project": project}


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == urlparse(path).path, driver.current_url
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def press(driver, button_text):
    """Press a button of the main content's forms by its words; wait for the next page."""
    button = driver.find_element(
        By.XPATH, f"//main//form//button[normalize-space()='{button_text}']"
    )
    button.click()
    WebDriverWait(driver, 10).until(stale(button))


def assert_fits_a_phone(driver):
    driver.set_window_size(PHONE, WINDOW_SIZE[1])
    try:
        wide = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert wide <= 0, f"{driver.current_url} scrolls sideways by {wide}px on a phone"
    finally:
        driver.set_window_size(*WINDOW_SIZE)


def test_the_claims_list_and_each_status(manager_in_browser, live_server, world):
    visit(manager_in_browser, live_server, reverse("payments:claim-list"))
    assert "Ada Claimant" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)
    assert_fits_a_phone(manager_in_browser)
    visit(manager_in_browser, live_server, reverse("payments:claim-list") + "?status=approved")
    assert_page_ok(manager_in_browser)


def test_a_claims_review_and_its_error_summary(manager_in_browser, live_server, world):
    visit(
        manager_in_browser,
        live_server,
        reverse("payments:claim-review", args=[world["waiting"].pk]),
    )
    assert "Assisted" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)
    assert_fits_a_phone(manager_in_browser)
    press(manager_in_browser, "Return the claim")  # without a reason
    assert manager_in_browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert "Enter the reason for returning the claim" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)
    # Over the limit: the first approval leaves it waiting for someone else.
    visit(
        manager_in_browser,
        live_server,
        reverse("payments:claim-review", args=[world["waiting"].pk]),
    )
    press(manager_in_browser, "Approve the claim")
    assert "You gave this claim its first approval" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)


def test_your_own_claim(manager_in_browser, live_server, world):
    visit(manager_in_browser, live_server, reverse("payments:claim-review", args=[world["own"].pk]))
    assert "This is your own claim" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)


def test_the_exports_page_and_a_run(manager_in_browser, live_server, world):
    visit(manager_in_browser, live_server, reverse("payments:export-list"))
    assert "Nia Nonumber" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)
    assert_fits_a_phone(manager_in_browser)
    visit(
        manager_in_browser,
        live_server,
        reverse("payments:export-detail", args=[world["export"].pk]),
    )
    assert "Paid Person 0" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)
    assert_fits_a_phone(manager_in_browser)


def test_the_budgets_and_setting_one(manager_in_browser, live_server, world):
    visit(manager_in_browser, live_server, reverse("payments:budget-list"))
    assert "Ward garden" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)
    assert_fits_a_phone(manager_in_browser)
    visit(
        manager_in_browser, live_server, reverse("payments:budget-edit", args=[world["project"].pk])
    )
    field = manager_in_browser.find_element(By.NAME, "amount")
    field.clear()
    field.send_keys("lots")
    press(manager_in_browser, "Save the budget")
    assert manager_in_browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(manager_in_browser)


def test_a_payroll_number_and_its_errors(manager_in_browser, live_server, world):
    person = world["waiting"].cocreator
    visit(manager_in_browser, live_server, reverse("payments:payroll-reference", args=[person.pk]))
    assert_page_ok(manager_in_browser)
    manager_in_browser.find_element(By.NAME, "payroll_reference").send_keys("QQ123456C")
    press(manager_in_browser, "Save the number")
    assert "National Insurance number" in manager_in_browser.page_source
    assert_page_ok(manager_in_browser)
