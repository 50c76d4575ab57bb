"""A consultation's results and "We asked, you said, we did" pass axe-core (WCAG 2.2 A and AA)
and log no console errors: the staff results (with written answers), the outcome page before
it closes, the outcome form (with an error), the page telling its writer someone else checks it, the
publish page (with an error), the published outcome read-only, and the published outcome on the
consultation's own page, for staff (exact, marked) and for a visitor (small numbers hidden).

Run on their own with: pytest tests/browser/test_consultations_outcomes_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from consultations.models import Audience, ResponseChannel
from tests.consultations.factories import ConsultationFactory, ContributionFactory
from tests.consultations.outcomes_factories import answer, answered_consultation, written_outcome

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

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
def ended(db):
    consultation, questions = answered_consultation(people=9, public=1, audience=Audience.PUBLIC)
    answer(consultation, questions, text="Please ring back", channel=ResponseChannel.ASSISTED)
    ContributionFactory(consultation=consultation, title="Text us back")
    return consultation


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == path, f"{path} ended on {driver.current_url}"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def submit(driver):
    form = driver.find_element(By.CSS_SELECTOR, "main form[method='post']")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(driver, 10).until(stale(form))


def test_the_results_and_writing_the_outcome(staff_in_browser, live_server, ended, staff_member):
    driver = staff_in_browser
    visit(driver, live_server, f"/staff/have-your-say/{ended.pk}/results/")
    assert "Exact figures" in driver.page_source and "Text us back" in driver.page_source
    assert_page_ok(driver)

    open_one = ConsultationFactory()
    visit(driver, live_server, f"/staff/have-your-say/{open_one.pk}/outcome/")
    assert "once the consultation has closed" in driver.page_source
    assert_page_ok(driver)

    path = f"/staff/have-your-say/{ended.pk}/outcome/"
    visit(driver, live_server, path)
    assert_page_ok(driver)
    submit(driver)  # "We did" is empty at first
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(driver)
    driver.find_element(By.ID, "id_we_did").send_keys("The line now opens until midnight.")
    submit(driver)
    # The writer may not check it themselves; the page says so.
    assert "someone else in the team must check it" in driver.page_source
    assert_page_ok(driver)


def test_publishing_and_the_published_outcome(
    staff_in_browser, browser, live_server, ended, cocreator
):
    driver = staff_in_browser
    written_outcome(ended, checked_by=cocreator)  # checked by someone else
    visit(driver, live_server, f"/staff/have-your-say/{ended.pk}/outcome/publish/")
    assert_page_ok(driver)
    submit(driver)  # no kind of change chosen
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(driver)
    driver.find_element(By.CSS_SELECTOR, "input[value='service']").click()
    submit(driver)
    assert "It can no longer be changed" in driver.page_source
    assert_page_ok(driver)

    visit(driver, live_server, f"/have-your-say/{ended.pk}/")
    assert "We did" in driver.page_source and "Exact figures" in driver.page_source
    assert_page_ok(driver)

    driver.delete_all_cookies()
    visit(driver, live_server, f"/have-your-say/{ended.pk}/")
    assert "The line now opens until midnight." in driver.page_source
    assert "Exact figures" not in driver.page_source
    assert_page_ok(driver)


def test_the_outcome_section_before_it_closes(browser, live_server):
    open_one = ConsultationFactory(
        audience=Audience.PUBLIC,
    )
    visit(browser, live_server, f"/have-your-say/{open_one.pk}/")
    assert "We will publish what we heard" in browser.page_source
    assert_page_ok(browser)
