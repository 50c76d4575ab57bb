"""The messages-to-groups pages pass axe-core (WCAG 2.2 A and AA) and log no console errors:
the list, choosing a group (with its counts shown, and with the error summary), a saved group,
the people to contact by hand, writing a message, its preview and score, and its progress.

Run on their own with: pytest tests/browser/test_groups_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.models import Locality
from community.services import cocreator_register
from reporting.groups import services
from reporting.groups.models import GroupChannel

from .harness import WINDOW_SIZE, assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff_in_browser(browser, live_server, settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return browser


@pytest.fixture
def group(db):
    medway = Locality.objects.get(name="Medway")
    cocreator_register(
        actor=None,
        full_name="Ann Email",
        email="ann@example.org",
        prefers_email=True,
        locality=medway,
    )
    cocreator_register(actor=None, full_name="Pat Post", prefers_post=True, locality=medway)
    return services.saved_group_save(
        group=None, actor=None, name="Medway people", criteria={"localities": [medway.pk]}
    )


@pytest.fixture
def message(group):
    return services.group_message_save(
        message=None,
        actor=None,
        criteria=group.criteria,
        saved_group=group,
        channel=GroupChannel.BOTH,
        subject="Tea and talk",
        body="Come to tea.\nIt is on Friday.",
        sms_body="Come to tea on Friday.",
    )


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1, path


def test_the_list_and_the_group_pages_are_accessible(staff_in_browser, live_server, group):
    for path in (
        "/staff/groups/",
        f"/staff/groups/{group.pk}/",
        f"/staff/groups/{group.pk}/edit/",
        f"/staff/groups/{group.pk}/delete/",
        f"/staff/groups/{group.pk}/by-hand/",
        f"/staff/groups/{group.pk}/message/",
    ):
        visit(staff_in_browser, live_server, path)
        assert_page_ok(staff_in_browser)


def test_choosing_a_group_with_counts_and_errors_is_accessible(
    staff_in_browser, live_server, group
):
    driver = staff_in_browser
    visit(driver, live_server, "/staff/groups/new/")
    assert_page_ok(driver)
    # Save with nothing chosen: the error summary.
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[value='save']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(driver)
    # Tick Medway and show the counts.
    box = driver.find_element(By.CSS_SELECTOR, "input[name='localities']")
    driver.execute_script("arguments[0].scrollIntoView()", box)
    box.click()
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[value='count']").click()
    WebDriverWait(driver, 10).until(stale(form))
    assert driver.find_elements(By.ID, "summary-total")
    assert_page_ok(driver)


def test_the_preview_and_progress_are_accessible(staff_in_browser, live_server, message):
    visit(staff_in_browser, live_server, f"/staff/groups/messages/{message.pk}/")
    assert "Meets the aim" in staff_in_browser.page_source or "Below the aim" in (
        staff_in_browser.page_source
    )
    assert_page_ok(staff_in_browser)
    visit(staff_in_browser, live_server, f"/staff/groups/messages/{message.pk}/progress/")
    assert_page_ok(staff_in_browser)
    services.group_message_send(message=message, actor=None)
    visit(staff_in_browser, live_server, f"/staff/groups/messages/{message.pk}/progress/")
    assert_page_ok(staff_in_browser)


def _fits(driver) -> bool:
    scroll, inner = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth];"
    )
    return scroll <= inner


def test_the_group_pages_do_not_scroll_sideways_on_a_phone(
    staff_in_browser, live_server, group, message
):
    """tests/browser/test_page_widths.py reaches only /staff/groups/ (its permissions row), not
    the pages of one group or message, so they are checked at 390px here."""
    staff_in_browser.set_window_size(390, 844)
    try:
        for path in (
            "/staff/groups/",
            "/staff/groups/new/",
            f"/staff/groups/{group.pk}/",
            f"/staff/groups/{group.pk}/by-hand/",
            f"/staff/groups/{group.pk}/message/",
            f"/staff/groups/messages/{message.pk}/",
            f"/staff/groups/messages/{message.pk}/progress/",
        ):
            visit(staff_in_browser, live_server, path)
            # Just after loading, the NHS.UK header may still be moving its links into "More".
            WebDriverWait(staff_in_browser, 3, poll_frequency=0.1).until(
                _fits, message=f"{path} scrolls sideways at 390px"
            )
    finally:
        staff_in_browser.set_window_size(*WINDOW_SIZE)
