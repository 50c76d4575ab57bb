"""The representation gap and the population benchmark pages pass axe-core (WCAG 2.2 A and AA).

Run on their own with: pytest tests/browser/test_gap_a11y.py -p no:randomly
"""

from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from community.models import CoCreatorStatus, Locality, PopulationBenchmark
from tests.community.gap.conftest import person

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, stale

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def staff(browser, live_server, settings, staff_member):
    # Two-factor set-up before staff pages is tested elsewhere; here we want the gap pages.
    settings.STAFF_MFA_REQUIRED = False
    sign_in_as(browser, live_server, staff_member)
    return staff_member


@pytest.fixture
def community(db):
    """A few co-creators with answers, against the Census 2021 benchmarks shipped with the app."""
    medway = Locality.objects.get(name="Medway")
    swale = Locality.objects.get(name="Swale")
    person("A", medway, "2024-02-01", ethnic_group="White", sex="female", disability="yes_a_lot")
    person("B", medway, "2024-03-01", ethnic_group="Black", sex="male", religion="other")
    person("C", swale, "2025-01-10", ethnic_group="prefer_not", sex="female", age_band="25_34")
    person("D", swale, "2025-02-01", ethnic_group="Asian", sexual_orientation="bisexual")
    person("E", swale, "2025-03-01", gender_same_as_birth="no", religion="muslim")
    person("F", medway, "2023-01-01", status=CoCreatorStatus.LEFT, sex="male")
    # One set that does not add up, so the list shows its warning.
    PopulationBenchmark.objects.filter(
        characteristic="sex", group="male", locality__isnull=True
    ).update(percentage="40")
    return medway


def visit(driver, live_server, path):
    driver.get(live_server.url + path)
    assert urlparse(driver.current_url).path == urlparse(path).path, driver.current_url
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1


def test_the_gap_page_with_data_is_accessible(browser, live_server, staff, community):
    visit(browser, live_server, "/staff/community/gap/")
    assert "Groups under-represented:" in browser.page_source
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg[role='img']")) >= 7
    assert_page_ok(browser)


def test_the_gap_page_for_one_area_is_accessible(browser, live_server, staff, community):
    visit(browser, live_server, f"/staff/community/gap/?locality={community.pk}")
    assert_page_ok(browser)


def test_the_gap_page_with_a_wrong_filter_is_accessible(browser, live_server, staff, community):
    visit(
        browser,
        live_server,
        "/staff/community/gap/?joined_from_day=31&joined_from_month=2&joined_from_year=2025",
    )
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)


def test_the_benchmark_list_is_accessible(browser, live_server, staff, community):
    visit(browser, live_server, "/staff/community/benchmarks/")
    assert "Figures that do not add up to 100%" in browser.page_source
    assert_page_ok(browser)


def test_the_benchmark_form_with_errors_is_accessible(browser, live_server, staff, community):
    visit(browser, live_server, "/staff/community/benchmarks/add/")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert browser.find_elements(By.CSS_SELECTOR, ".nhsuk-error-summary")
    assert_page_ok(browser)


def test_the_benchmark_form_with_a_duplicate_is_accessible(browser, live_server, staff, community):
    existing = PopulationBenchmark.objects.get(
        characteristic="sex", group="female", locality=community
    )
    visit(browser, live_server, "/staff/community/benchmarks/add/")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    for name, value in (("characteristic", "sex"), ("group", "female"), ("locality", community.pk)):
        form.find_element(By.CSS_SELECTOR, f"select[name='{name}'] option[value='{value}']").click()
    form.find_element(By.NAME, "percentage").send_keys("50")
    form.find_element(By.NAME, "source").send_keys("A survey")
    for part, value in (("day", "1"), ("month", "1"), ("year", "2024")):
        form.find_element(By.NAME, f"source_date_{part}").send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(stale(form))
    assert f"/staff/community/benchmarks/{existing.pk}/edit/" in browser.page_source
    assert_page_ok(browser)


def test_the_benchmark_edit_page_is_accessible(browser, live_server, staff, community):
    existing = PopulationBenchmark.objects.filter(locality__isnull=True).first()
    visit(browser, live_server, f"/staff/community/benchmarks/{existing.pk}/edit/")
    assert_page_ok(browser)
