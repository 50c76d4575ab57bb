"""Filtering the opportunities: by what they are about, area, when, online or in person, and
level. A GET form that works without JavaScript, says how many match, and keeps the filters
from page to page."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import ActivityFormat, EngagementLevel
from activities.services import signup_create
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for

from .conftest import TUESDAY_MORNING, at, locality, prefer, project_about, service_area

URL = "/portal/opportunities/"
# A Monday morning, the day before TUESDAY_MORNING, in the same week.
MONDAY = at(2035, 3, 5, 9)


def titles(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return sorted(card.activity.title for card in response.context["cards"])


def test_the_filters_are_a_get_form_that_needs_no_javascript(cocreator_client, me):
    html = cocreator_client.get(URL).content.decode()
    assert '<form method="get" novalidate action="/portal/opportunities/">' in html
    for name in ("interest", "locality", "when", "format", "level"):
        assert f'name="{name}"' in html, name
    assert '<button class="nhsuk-button nhsuk-button--secondary"' in html
    # Open in the page itself; only app.js folds it on a phone.
    assert 'id="filters" data-app-fold open>' in html


def test_filtering_by_what_it_is_about(cocreator_client, me):
    area = service_area()
    ActivityFactory(title="About it", starts_at=TUESDAY_MORNING, project=project_about(area))
    ActivityFactory(title="No project", starts_at=TUESDAY_MORNING)
    assert titles(cocreator_client, f"?interest={area.pk}") == ["About it"]


def test_filtering_by_area_leaves_out_other_areas_and_online_activities(cocreator_client, me):
    ActivityFactory(title="In Swale", starts_at=TUESDAY_MORNING, locality=locality("Swale"))
    ActivityFactory(title="In Dartford", starts_at=TUESDAY_MORNING, locality=locality("Dartford"))
    ActivityFactory(title="Online", starts_at=TUESDAY_MORNING, format=ActivityFormat.ONLINE)
    swale = locality("Swale").pk
    assert titles(cocreator_client, f"?locality={swale}") == ["In Swale"]


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("online", ["Both", "Online"]),
        ("in_person", ["Both", "In person"]),
        ("", ["Both", "In person", "Online"]),
    ],
)
def test_filtering_online_or_in_person_counts_hybrid_as_both(cocreator_client, me, how, expected):
    ActivityFactory(title="Online", starts_at=TUESDAY_MORNING, format=ActivityFormat.ONLINE)
    ActivityFactory(title="In person", starts_at=TUESDAY_MORNING, format=ActivityFormat.IN_PERSON)
    ActivityFactory(title="Both", starts_at=TUESDAY_MORNING, format=ActivityFormat.HYBRID)
    assert titles(cocreator_client, f"?format={how}") == expected


def test_filtering_by_level(cocreator_client, me):
    ActivityFactory(title="Deep", starts_at=TUESDAY_MORNING, level=EngagementLevel.COCREATE)
    ActivityFactory(title="Shallow", starts_at=TUESDAY_MORNING, level=EngagementLevel.INFORM)
    assert titles(cocreator_client, f"?level={EngagementLevel.COCREATE.value}") == ["Deep"]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("this-week", ["Tuesday"]),
        ("next-week", ["Next Tuesday"]),
        ("this-month", ["Next Tuesday", "Tuesday"]),
        ("next-month", ["In April"]),
        ("", ["In April", "Next Tuesday", "Tuesday"]),
    ],
)
def test_filtering_by_when_counts_weeks_from_monday_and_calendar_months(
    cocreator, me, when, expected
):
    with time_machine.travel(MONDAY, tick=False):
        ActivityFactory(title="Tuesday", starts_at=TUESDAY_MORNING)
        ActivityFactory(title="Next Tuesday", starts_at=TUESDAY_MORNING + timedelta(weeks=1))
        ActivityFactory(title="In April", starts_at=at(2035, 4, 10, 10))
        # Signed in on that Monday: a session from today would have run out by 2035.
        assert titles(client_for(cocreator), f"?when={when}") == expected


def test_the_count_says_what_was_chosen_and_how_to_clear_it(cocreator_client, me):
    area = service_area()
    for name in ("One", "Two"):
        ActivityFactory(
            title=name,
            starts_at=TUESDAY_MORNING,
            format=ActivityFormat.ONLINE,
            project=project_about(area),
        )
    ActivityFactory(title="Other", starts_at=TUESDAY_MORNING)
    html = cocreator_client.get(f"{URL}?interest={area.pk}&format=online").content.decode()
    assert f"2 activities match: about {area.name}, online." in html
    assert f'<a href="{URL}">Clear the filters</a>' in html
    assert "3 activities are open for sign-up." in cocreator_client.get(URL).content.decode()


def test_when_nothing_matches_the_page_says_so_and_offers_to_clear_the_filters(
    cocreator_client, me
):
    ActivityFactory(title="Shallow", starts_at=TUESDAY_MORNING, level=EngagementLevel.INFORM)
    html = cocreator_client.get(f"{URL}?level={EngagementLevel.COCREATE.value}").content.decode()
    assert "No activities match: at the Co-create level." in html
    assert "Clear the filters</a> to see every activity open for sign-up" in html


def test_a_value_that_is_not_offered_is_shown_as_an_error_and_left_out(cocreator_client, me):
    ActivityFactory(title="Still listed", starts_at=TUESDAY_MORNING)
    response = cocreator_client.get(f"{URL}?interest=999999&format=online")
    html = response.content.decode()
    assert "<title>Error:" in html
    assert "nhsuk-error-summary" in html
    assert 'href="#id_interest"' in html
    assert "Choose what the activity is about from the list" in html
    # The valid filter still applies; the filters stay open so the error can be fixed.
    assert [card.activity.title for card in response.context["cards"]] == []
    assert 'id="filters" open>' in html
    assert titles(cocreator_client, "?interest=999999") == ["Still listed"]


def test_a_page_number_alone_is_not_a_filter(cocreator_client, me):
    ActivityFactory(title="Listed", starts_at=TUESDAY_MORNING)
    html = cocreator_client.get(f"{URL}?page=1").content.decode()
    assert "nhsuk-error-summary" not in html
    assert "Clear the filters" not in html


def test_the_pages_keep_the_filters(cocreator_client, me):
    for day in range(12):
        ActivityFactory(
            title=f"Online {day:02d}",
            starts_at=TUESDAY_MORNING + timedelta(days=day),
            format=ActivityFormat.ONLINE,
        )
    ActivityFactory(title="In person", starts_at=TUESDAY_MORNING)
    first = cocreator_client.get(f"{URL}?format=online")
    html = first.content.decode()
    assert "12 activities match: online. Showing 1 to 10." in " ".join(html.split())
    assert 'href="?format=online&amp;page=2"' in html
    second = cocreator_client.get(f"{URL}?format=online&page=2")
    assert [c.activity.title for c in second.context["cards"]] == ["Online 10", "Online 11"]


def test_the_best_matches_still_come_first_within_the_filters(cocreator_client, me):
    prefer(me, locality=locality("Swale"))
    ActivityFactory(title="Soonest", starts_at=TUESDAY_MORNING, format=ActivityFormat.HYBRID)
    ActivityFactory(
        title="Near me",
        starts_at=TUESDAY_MORNING + timedelta(days=1),
        format=ActivityFormat.HYBRID,
        locality=locality("Swale"),
    )
    response = cocreator_client.get(f"{URL}?format=online")
    assert [c.activity.title for c in response.context["cards"]] == ["Near me", "Soonest"]


def test_filtered_pages_make_no_more_queries_with_more_activities(
    cocreator_client, me, people, django_assert_max_num_queries
):
    area = service_area()
    prefer(me, interests=[area], available_evenings=True, locality=locality("Swale"))
    others = people(2)
    query = (
        f"?interest={area.pk}&locality={locality('Swale').pk}&format=in_person"
        f"&level={EngagementLevel.INVOLVE.value}&when=&page=1"
    )

    def add(n):
        for i in range(n):
            activity = ActivityFactory(
                title=f"Session {i}",
                starts_at=TUESDAY_MORNING + timedelta(days=i),
                capacity=1,
                locality=locality("Swale"),
                project=project_about(area),
            )
            for person in (others[0], me, others[1]):
                signup_create(activity_id=activity.pk, cocreator=person)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert cocreator_client.get(URL + query).status_code == 200
    add(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = cocreator_client.get(URL + query)
    assert len(response.context["cards"]) == 10
    assert "32 activities match" in response.content.decode()


def test_the_filters_never_show_another_persons_place(cocreator_client, me, them):
    activity = ActivityFactory(title="Shared", starts_at=TUESDAY_MORNING, capacity=1)
    signup_create(activity_id=activity.pk, cocreator=them)
    html = cocreator_client.get(f"{URL}?format=in_person").content.decode()
    assert "Full – you can join the waiting list" in html
    assert them.full_name not in html
