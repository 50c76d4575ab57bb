"""The representation gap page and the benchmark pages, driven through real URLs."""

import re

import pytest
from django.urls import reverse

from community.models import Locality, PopulationBenchmark

from .conftest import many_people

GAP = "/staff/community/gap/"
LIST = "/staff/community/benchmarks/"
ADD = "/staff/community/benchmarks/add/"


def text(response) -> str:
    """The page as words, without tags or extra spaces, so sentences can be looked for."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def female_in_medway(benchmarks, medway):
    return PopulationBenchmark.objects.create(
        characteristic="sex",
        group="female",
        locality=medway,
        percentage="51.00",
        source="ONS Census 2021",
        source_date="2021-03-21",
    )


# --- Who may see these pages -----------------------------------------------------------------


@pytest.fixture
def every_url(female_in_medway):
    return [GAP, LIST, ADD, f"/staff/community/benchmarks/{female_in_medway.pk}/edit/"]


def test_the_url_names_are_the_ones_other_pages_link_to(female_in_medway):
    assert reverse("community:representation-gap") == GAP
    assert reverse("community:benchmark-list") == LIST
    assert reverse("community:benchmark-add") == ADD
    assert reverse("community:benchmark-edit", args=[female_in_medway.pk]).endswith("/edit/")


def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous, every_url):
    for url in every_url:
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


def test_a_cocreator_is_refused(cocreator_client, every_url):
    for url in every_url:
        assert cocreator_client.get(url).status_code == 403, url
    assert cocreator_client.post(ADD, {"characteristic": "sex"}).status_code == 403


def test_a_steering_member_is_refused(steering_client, every_url):
    for url in every_url:
        assert steering_client.get(url).status_code == 403, url
    assert steering_client.post(ADD, {"characteristic": "sex"}).status_code == 403


def test_editing_a_benchmark_that_does_not_exist_is_404(staff_client, db):
    assert staff_client.get("/staff/community/benchmarks/999999/edit/").status_code == 404


def test_the_staff_dashboard_links_to_the_representation_gap(staff_client):
    assert f'href="{GAP}"' in staff_client.get("/staff/").content.decode()


# --- The gap page ------------------------------------------------------------------------------


def test_the_gap_page_lists_the_under_represented_groups_at_the_top(staff_client, world):
    response = staff_client.get(GAP)
    assert response.status_code == 200
    page = text(response)
    summary = page[page.index("Groups under-represented:") : page.index("Not flagged, because")]
    assert "Sex : Male (ratio 0.77)" in summary
    assert (
        "Ethnic group : Mixed or multiple ethnic groups (ratio 0.00), Black (ratio 0.63), "
        "Other ethnic group (ratio 0.00)" in summary
    )
    assert "Disability : Not disabled" not in summary
    assert "Female" not in summary
    # Below 0.8, but most of the population is not disabled: listed apart, not flagged.
    assert (
        "Not flagged, because most of the population is in the group, though the ratio is below "
        "0.8: Disability : Not disabled (ratio 0.61)" in page
    )


def test_the_gap_page_shows_every_figure_of_a_group_in_its_row(staff_client, world):
    page = text(staff_client.get(GAP))
    assert "Black Under-represented Fewer than 8 1 12.5% 20.00% -7.5 0.63" in page
    assert "White Fewer than 8 6 75.0% 70.00% +5.0 1.07" in page
    assert "Answered: 8 of 10 current co-creators. Preferred not to say: 1. Did not answer: 1." in (
        page
    )
    assert "Population figures: Kent and Medway, ONS Census 2021 (21 March 2021)." in page
    # Religion, disability and gender identity: 2, 4 and 2 answers. Age: nobody answered.
    assert page.count("Fewer than 8 people answered, so these shares are not reliable.") == 3
    assert page.count("Nobody answered this question") == 2  # age and sexual orientation
    assert "15 to 24 0 No answers No figure Not available Not available" in page
    html = staff_client.get(GAP).content.decode()
    assert html.count("<h1") == 1
    assert html.count('class="nhsuk-tag nhsuk-tag--red">Under-represented') == 4


def test_the_gap_page_states_the_period_and_the_date(staff_client, world, time_machine):
    time_machine.move_to("2026-05-05 12:00")
    page = text(
        staff_client.get(
            GAP,
            {
                "joined_from_day": "1",
                "joined_from_month": "1",
                "joined_from_year": "2025",
                "joined_to_day": "31",
                "joined_to_month": "12",
                "joined_to_year": "2025",
            },
        )
    )
    assert (
        "Co-creators who joined between 1 January 2025 and 31 December 2025, in all of Kent and "
        "Medway, as at 5 May 2026: 5 current co-creators" in page
    )


def test_the_gap_page_filtered_to_a_locality_says_which_benchmark_it_used(
    staff_client, world, medway
):
    page = text(staff_client.get(GAP, {"locality": medway.pk}))
    assert "in Medway, as at" in page
    assert "Population figures: Medway, Medway Council 2023 (21 March 2021)." in page
    assert "White Fewer than 8 3 75.0% 84.00% -9.0 0.89" in page
    assert "There are no sex figures for Medway, so the Kent and Medway figures are used." in page


def test_the_by_year_table_follows_the_under_represented_groups(staff_client, world):
    page = text(staff_client.get(GAP))
    by_year = page[page.index("By year joined For each group") :]
    assert "2024 5 40.0% (2 of 5)" in by_year  # men among 2024's joiners who answered
    assert "2025 5 33.3% (1 of 3)" in by_year


def test_dates_the_wrong_way_round_are_an_error_and_show_no_figures(staff_client, world):
    response = staff_client.get(
        GAP,
        {
            "joined_from_day": "1",
            "joined_from_month": "6",
            "joined_from_year": "2025",
            "joined_to_day": "1",
            "joined_to_month": "1",
            "joined_to_year": "2025",
        },
    )
    page = text(response)
    assert "There is a problem" in page
    assert "Joined on or before must be the same as or after" in page
    assert "Groups under-represented" not in page
    assert "Correct the filters to see the figures." in page


def test_an_unknown_area_is_an_error(staff_client, world):
    page = text(staff_client.get(GAP, {"locality": "999999"}))
    assert "Choose an area from the list" in page


def test_the_gap_page_has_a_chart_with_its_table(staff_client, world):
    html = staff_client.get(GAP).content.decode()
    assert html.count('role="img" focusable="false" aria-label="Bar chart of') == 7
    assert html.count('<table class="nhsuk-table">') == 8  # seven characteristics and by year


def test_the_gap_page_query_count_does_not_grow_with_people(
    staff_client, benchmarks, medway, django_assert_max_num_queries
):
    many_people(10, medway)
    with django_assert_max_num_queries(40) as few:
        staff_client.get(GAP, {"locality": medway.pk})
    many_people(290, medway)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(GAP, {"locality": medway.pk})
    assert "300 current co-creators" in text(response)


# --- Benchmarks: the list -----------------------------------------------------------------------


def test_the_benchmark_list_shows_an_areas_figures_with_source_and_date(
    staff_client, benchmarks, medway
):
    page = text(staff_client.get(LIST, {"locality": medway.pk}))
    assert "Figures for Medway" in page
    assert "White 84.00% Medway Council 2023 21 March 2021" in page
    assert "No sex figures for Medway: the Kent and Medway figures are used." in page


def test_the_benchmark_list_warns_when_figures_do_not_add_up_to_100(staff_client, benchmarks):
    PopulationBenchmark.objects.filter(
        characteristic="sex", group="male", locality__isnull=True
    ).update(percentage="45")
    page = text(staff_client.get(LIST))
    assert "Figures that do not add up to 100%" in page
    assert "Sex in Kent and Medway : 96.00%" in page
    assert "Total 96.00% Does not add up to 100%" in page
    assert "Total 100.00% Adds up to 100%" in page  # ethnic group, still fine


def test_figures_within_1_of_100_add_up(staff_client, benchmarks):
    PopulationBenchmark.objects.filter(
        characteristic="sex", group="male", locality__isnull=True
    ).update(percentage="49.9")
    page = text(staff_client.get(LIST))
    assert "Every set of figures adds up to 100%, give or take 1." in page


def test_the_benchmark_list_query_count_does_not_grow_with_benchmarks(
    staff_client, benchmarks, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        staff_client.get(LIST)
    for locality in Locality.objects.all():
        PopulationBenchmark.objects.create(
            characteristic="sex",
            group="female",
            locality=locality,
            percentage="50",
            source="Survey",
            source_date="2024-01-01",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(LIST)
    assert "Sex in Swale : 50.00%" in text(response)
