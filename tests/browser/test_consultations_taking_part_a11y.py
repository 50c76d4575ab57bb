"""Taking part in "Have your say" passes axe-core (WCAG 2.2 A and AA) and logs no console errors:
the list, a consultation's page (public and signed in, and staff's with exact figures), answering
(with an error), answering by a personal link, the thank-you page, and staff entering someone's
answers (choosing the person with an error, then their answers). The public pages are also
checked at 320px wide for sideways scrolling.

Run on their own with: pytest tests/browser/test_consultations_taking_part_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from consultations.models import Audience, LinkInvitation, QuestionKind
from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import ConsultationFactory, QuestionFactory

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def with_questions(**kwargs):
    consultation = ConsultationFactory(**kwargs)
    QuestionFactory(consultation=consultation, required=True, hint="Choose the one you use most.")
    QuestionFactory(consultation=consultation, kind=QuestionKind.CHOICES, text="What would help?")
    QuestionFactory(
        consultation=consultation, kind=QuestionKind.SCALE, text="It is easy to reach", options=""
    )
    QuestionFactory(
        consultation=consultation, kind=QuestionKind.TEXT, text="Anything else?", options=""
    )
    return consultation


@pytest.fixture
def world(db):
    return {
        "public": with_questions(title="Crisis line opening hours", audience=Audience.PUBLIC),
        "cocreators": with_questions(title="Waiting room design"),
        "person": CoCreatorFactory(full_name="Harriet Phone", preferred_name="Hattie"),
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
    form.find_element(By.CSS_SELECTOR, "button[type='submit']:last-of-type").click()
    WebDriverWait(driver, 10).until(stale(form))


def no_sideways_scroll(driver):
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return document.documentElement.clientWidth")
    assert width <= viewport, f"{driver.current_url} scrolls sideways: {width} > {viewport}"


def test_a_public_visitor_lists_reads_and_answers_with_an_error(browser, live_server, world):
    consultation = world["public"]
    browser.set_window_size(320, 900)
    visit(browser, live_server, "/have-your-say/")
    assert "Crisis line opening hours" in browser.page_source
    assert_page_ok(browser)
    no_sideways_scroll(browser)
    visit(browser, live_server, f"/have-your-say/{consultation.pk}/")
    assert "fewer than 8" in browser.page_source or "0" in browser.page_source
    assert_page_ok(browser)
    no_sideways_scroll(browser)
    visit(browser, live_server, f"/have-your-say/{consultation.pk}/answer/")
    assert_page_ok(browser)
    submit(browser)
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)
    no_sideways_scroll(browser)
    browser.find_element(By.CSS_SELECTOR, "input[type='radio'][value='Evenings']").click()
    submit(browser)
    assert urlparse(browser.current_url).path == f"/have-your-say/{consultation.pk}/thank-you/"
    assert "What happens next" in browser.page_source
    assert_page_ok(browser)


def test_a_cocreator_reads_and_answers_a_cocreators_consultation(
    browser, live_server, world, cocreator
):
    consultation = world["cocreators"]
    sign_in_as(browser, live_server, cocreator)
    visit(browser, live_server, "/have-your-say/")
    assert "Waiting room design" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/have-your-say/{consultation.pk}/")
    assert "Answer the questions" in browser.page_source
    assert_page_ok(browser)
    visit(browser, live_server, f"/have-your-say/{consultation.pk}/answer/")
    browser.find_element(By.CSS_SELECTOR, "input[type='radio'][value='Mornings']").click()
    submit(browser)
    assert "We will also send you a message" in browser.page_source
    assert_page_ok(browser)


def test_answering_by_a_personal_link(browser, live_server, world):
    link = LinkInvitation.objects.create(
        consultation=world["cocreators"], cocreator=world["person"]
    )
    path = link.get_absolute_url()
    visit(browser, live_server, path)
    assert "Hello Hattie" in browser.page_source
    assert_page_ok(browser)
    submit(browser)
    assert_page_ok(browser)
    browser.find_element(By.CSS_SELECTOR, "input[type='radio'][value='Evenings']").click()
    submit(browser)
    assert "thank-you" in browser.current_url
    assert_page_ok(browser)


def test_staff_enter_someones_answers_and_see_exact_figures(staff_in_browser, live_server, world):
    driver = staff_in_browser
    consultation = world["cocreators"]
    visit(driver, live_server, f"/have-your-say/{consultation.pk}/")
    assert "Exact figures" in driver.page_source
    assert_page_ok(driver)
    visit(driver, live_server, f"/staff/have-your-say/{consultation.pk}/assist/")
    assert_page_ok(driver)
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(driver)
    path = f"/staff/have-your-say/{consultation.pk}/assist/{world['person'].pk}/"
    visit(driver, live_server, path)
    assert "marked as assisted" in driver.page_source
    assert_page_ok(driver)
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(driver)
