"""Opportunities: open, public, upcoming activities, best matches for me first, with reasons."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import ActivityFormat, ActivityStatus, EngagementLevel
from activities.services import signup_create
from tests.activities.factories import ActivityFactory

from .conftest import (
    SATURDAY_MORNING,
    TUESDAY_EVENING,
    TUESDAY_MORNING,
    WEDNESDAY_MORNING,
    locality,
    prefer,
    project_about,
    service_area,
)

URL = "/portal/opportunities/"


def titles_in_order(client):
    response = client.get(URL)
    assert response.status_code == 200
    return [card.activity.title for card in response.context["cards"]]


def test_only_open_public_upcoming_activities_are_listed(cocreator_client, me):
    ActivityFactory(title="Open and public", starts_at=TUESDAY_MORNING)
    ActivityFactory(
        title="Still being planned", starts_at=TUESDAY_MORNING, status=ActivityStatus.PLANNED
    )
    ActivityFactory(
        title="Cancelled session", starts_at=TUESDAY_MORNING, status=ActivityStatus.CANCELLED
    )
    ActivityFactory(title="Staff only session", starts_at=TUESDAY_MORNING, is_public=False)
    ActivityFactory(title="Already happened", starts_at=timezone.now() - timedelta(days=3))
    assert titles_in_order(cocreator_client) == ["Open and public"]
    html = cocreator_client.get(URL).content.decode()
    for hidden in (
        "Still being planned",
        "Cancelled session",
        "Staff only session",
        "Already happened",
    ):
        assert hidden not in html


def test_with_no_preferences_the_soonest_comes_first_and_i_am_asked_for_them(cocreator_client, me):
    ActivityFactory(title="Later", starts_at=WEDNESDAY_MORNING)
    ActivityFactory(title="Sooner", starts_at=TUESDAY_MORNING)
    assert titles_in_order(cocreator_client) == ["Sooner", "Later"]
    html = cocreator_client.get(URL).content.decode()
    assert "where you live, when you can take part and what you would like to help with" in html
    assert "Why this might suit you" not in html


def test_an_activity_about_one_of_my_interests_comes_first(cocreator_client, me):
    area = service_area("Eating disorders")
    prefer(me, interests=[area])
    ActivityFactory(title="Not my area", starts_at=TUESDAY_MORNING)
    ActivityFactory(
        title="Eating disorders menu review",
        starts_at=WEDNESDAY_MORNING,
        project=project_about(area),
    )
    ActivityFactory(
        title="Another area",
        starts_at=TUESDAY_MORNING,
        project=project_about(service_area("Inpatient wards")),
    )
    assert titles_in_order(cocreator_client)[0] == "Eating disorders menu review"
    html = cocreator_client.get(URL).content.decode()
    assert html.count("About Eating disorders") == 1
    assert "<h1>Opportunities to get involved</h1>" in html
    assert "where you live, when you can take part" not in html


def test_an_evening_session_comes_first_for_someone_free_in_the_evenings(cocreator_client, me):
    prefer(me, available_evenings=True)
    ActivityFactory(title="Morning session", starts_at=TUESDAY_MORNING - timedelta(days=1))
    ActivityFactory(title="Evening session", starts_at=TUESDAY_EVENING)
    assert titles_in_order(cocreator_client) == ["Evening session", "Morning session"]
    assert "In the evening" in cocreator_client.get(URL).content.decode()


def test_a_weekend_session_comes_first_for_someone_free_at_weekends(cocreator_client, me):
    prefer(me, available_weekends=True)
    ActivityFactory(title="Weekday session", starts_at=TUESDAY_MORNING)
    ActivityFactory(title="Saturday session", starts_at=SATURDAY_MORNING)
    assert titles_in_order(cocreator_client) == ["Saturday session", "Weekday session"]
    assert "At the weekend" in cocreator_client.get(URL).content.decode()


def test_a_weekday_daytime_session_comes_first_for_someone_free_on_weekdays(cocreator_client, me):
    prefer(me, available_weekdays=True)
    ActivityFactory(title="Evening session", starts_at=TUESDAY_EVENING - timedelta(days=1))
    ActivityFactory(title="Saturday session", starts_at=SATURDAY_MORNING - timedelta(days=7))
    ActivityFactory(title="Daytime session", starts_at=WEDNESDAY_MORNING)
    assert titles_in_order(cocreator_client)[0] == "Daytime session"
    assert "On a weekday, in the daytime" in cocreator_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("choice", "fits", "reason"),
    [
        ("available_online", ActivityFormat.ONLINE, "You can take part online"),
        ("available_online", ActivityFormat.HYBRID, "You can take part online"),
        ("available_in_person", ActivityFormat.HYBRID, "You can take part in person"),
    ],
)
def test_the_way_i_can_take_part_lifts_activities_run_that_way(
    cocreator_client, me, choice, fits, reason
):
    prefer(me, **{choice: True})
    other = ActivityFormat.IN_PERSON if choice == "available_online" else ActivityFormat.ONLINE
    ActivityFactory(title="Other way", starts_at=TUESDAY_MORNING, format=other)
    ActivityFactory(title="My way", starts_at=WEDNESDAY_MORNING, format=fits)
    assert titles_in_order(cocreator_client) == ["My way", "Other way"]
    assert reason in cocreator_client.get(URL).content.decode()


def test_an_activity_near_me_comes_first(cocreator_client, me):
    prefer(me, locality=locality("Swale"))
    ActivityFactory(title="In Dover", starts_at=TUESDAY_MORNING, locality=locality("Dover"))
    ActivityFactory(title="In Swale", starts_at=WEDNESDAY_MORNING, locality=locality("Swale"))
    assert titles_in_order(cocreator_client) == ["In Swale", "In Dover"]
    assert "Near you in Swale" in cocreator_client.get(URL).content.decode()


def test_more_reasons_rank_higher_and_each_reason_is_given(cocreator_client, me):
    area = service_area("Eating disorders")
    prefer(me, interests=[area], available_evenings=True, locality=locality("Swale"))
    ActivityFactory(title="Only near", starts_at=TUESDAY_MORNING, locality=locality("Swale"))
    ActivityFactory(
        title="Everything fits",
        starts_at=TUESDAY_EVENING + timedelta(days=7),
        locality=locality("Swale"),
        project=project_about(area),
    )
    ActivityFactory(title="Nothing fits", starts_at=TUESDAY_MORNING - timedelta(days=1))
    assert titles_in_order(cocreator_client) == ["Everything fits", "Only near", "Nothing fits"]
    card = cocreator_client.get(URL).context["cards"][0]
    assert card.reasons == ["About Eating disorders", "Near you in Swale", "In the evening"]


def test_each_opportunity_says_what_when_where_and_how_in_plain_words(cocreator_client, me):
    activity = ActivityFactory(
        title="Garden design evening",
        starts_at=TUESDAY_EVENING,
        hours=2,
        level=EngagementLevel.COCREATE,
        venue="The Hub, 1 High Street",
        locality=locality("Swale"),
        access_provisions="Step-free access. Travel costs paid.",
        recognition="A £20 voucher",
        capacity=5,
    )
    html = cocreator_client.get(URL).content.decode()
    for words in (
        "Garden design evening",
        "We will plan the garden together.",
        "Side by side from the first idea to putting it into practice (Co-create).",
        "Tue 6 Mar 2035, 6pm to 8pm",
        "The Hub, 1 High Street, Swale",
        "5 places left",
    ):
        assert words in html, words
    # The list stays short: how it runs, help to take part and what we offer are on its page.
    detail = cocreator_client.get(f"{URL}{activity.pk}/").content.decode()
    for words in ("In person", "Step-free access. Travel costs paid.", "A £20 voucher"):
        assert words in detail, words


def test_a_full_activity_offers_the_waiting_list(cocreator_client, me, people):
    activity = ActivityFactory(title="Small group", starts_at=TUESDAY_MORNING, capacity=1)
    signup_create(activity_id=activity.pk, cocreator=people(1)[0])
    assert "Full – you can join the waiting list" in cocreator_client.get(URL).content.decode()


def test_my_own_place_and_my_place_in_the_queue_are_shown(cocreator_client, me, people):
    booked = ActivityFactory(title="Booked one", starts_at=TUESDAY_MORNING, capacity=3)
    full = ActivityFactory(title="Full one", starts_at=WEDNESDAY_MORNING, capacity=1)
    someone, waiting_first = people(2)
    signup_create(activity_id=booked.pk, cocreator=me)
    signup_create(activity_id=full.pk, cocreator=someone)
    signup_create(activity_id=full.pk, cocreator=waiting_first)
    signup_create(activity_id=full.pk, cocreator=me)
    html = cocreator_client.get(URL).content.decode()
    assert "You have a place" in html
    assert "2 places left" in html
    assert "You are number 2 on the waiting list" in html
    for name in ("Person 0", "Person 1"):
        assert name not in html


def test_the_list_is_paginated_10_to_a_page(cocreator_client, me):
    for day in range(11):
        ActivityFactory(title=f"Session {day:02d}", starts_at=TUESDAY_MORNING + timedelta(days=day))
    first = cocreator_client.get(URL)
    assert len(first.context["cards"]) == 10
    assert "nhsuk-pagination" in first.content.decode()
    second = cocreator_client.get(URL + "?page=2")
    assert [c.activity.title for c in second.context["cards"]] == ["Session 10"]


def test_the_number_of_queries_does_not_grow_with_the_activities(
    cocreator_client, me, people, django_assert_max_num_queries
):
    prefer(me, interests=[service_area()], available_evenings=True, locality=locality("Swale"))
    others = people(3)

    def add(n):
        for i in range(n):
            activity = ActivityFactory(
                title=f"Session {i}",
                starts_at=TUESDAY_EVENING + timedelta(days=i),
                capacity=1,
                locality=locality("Swale"),
                project=project_about(service_area()),
            )
            for person in (others[0], me, others[1]):
                signup_create(activity_id=activity.pk, cocreator=person)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert cocreator_client.get(URL).status_code == 200
    add(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = cocreator_client.get(URL)
    assert len(response.context["cards"]) == 10
    assert "You are number 1 on the waiting list" in response.content.decode()


# --- The cached list of open activities ---------------------------------------------------------
#
# Every person's list is ranked from one cached list of the activities open for sign-up, kept
# under the calendar's data version (activities/selectors/portal.py): these check it is never
# stale and that only the page's own activities are read whole.


def test_a_project_moved_to_my_service_area_lifts_its_activities_at_once(cocreator_client, me):
    area = service_area("Eating disorders")
    prefer(me, interests=[area])
    project = project_about(service_area("Inpatient wards"))
    ActivityFactory(title="Soonest", starts_at=TUESDAY_MORNING)
    ActivityFactory(title="Menu review", starts_at=WEDNESDAY_MORNING, project=project)
    assert titles_in_order(cocreator_client) == ["Soonest", "Menu review"]
    project.service_area = area
    project.save()
    assert titles_in_order(cocreator_client) == ["Menu review", "Soonest"]
    assert "About Eating disorders" in cocreator_client.get(URL).content.decode()


def test_an_activity_that_has_started_since_the_list_was_cached_is_left_out(
    cocreator_client, me, monkeypatch
):
    soon = timezone.now() + timedelta(minutes=5)
    ActivityFactory(title="In five minutes", starts_at=soon)
    ActivityFactory(title="Wednesday", starts_at=WEDNESDAY_MORNING)
    assert titles_in_order(cocreator_client) == ["In five minutes", "Wednesday"]
    later = soon + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert titles_in_order(cocreator_client) == ["Wednesday"]


def test_a_later_view_reads_only_the_pages_own_activities(cocreator_client, me):
    for day in range(30):
        ActivityFactory(title=f"Session {day:02d}", starts_at=TUESDAY_MORNING + timedelta(days=day))
    cocreator_client.get(URL)  # the first view after a change makes the cached list
    with CaptureQueriesContext(connection) as queries:
        assert len(titles_in_order(cocreator_client)) == 10
    reads = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and 'FROM "activities_activity"' in q["sql"]
    ]
    assert len(reads) == 1 and " IN (" in reads[0]
    assert not [q for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
