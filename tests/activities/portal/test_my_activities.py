"""My activities: what I have signed up for, and every session I came to, with the totals."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import (
    ActivityStatus,
    AttendanceRole,
    AttendanceStatus,
    EngagementLevel,
    SignUp,
    SignUpStatus,
)
from activities.services import AttendanceLine, attendance_record_session, signup_create
from tests.activities.factories import ActivityFactory

from .conftest import TUESDAY_EVENING, TUESDAY_MORNING, WEDNESDAY_MORNING, at

URL = "/portal/activities/"


def came(activity, person, *, hours=None, role=AttendanceRole.PARTICIPANT, status=None):
    attendance_record_session(
        activity=activity,
        lines=[
            AttendanceLine(
                cocreator_id=person.pk,
                status=status or AttendanceStatus.ATTENDED,
                hours=hours,
                role=role,
            )
        ],
        actor=None,
    )


def past(title, *, days_ago, level=EngagementLevel.INVOLVE, hours=2):
    return ActivityFactory(
        title=title,
        starts_at=timezone.now() - timedelta(days=days_ago),
        hours=hours,
        level=level,
        status=ActivityStatus.DONE,
    )


def test_my_upcoming_places_and_queue_positions_are_listed_soonest_first(
    cocreator_client, me, people
):
    later = ActivityFactory(title="Later booked", starts_at=WEDNESDAY_MORNING)
    sooner = ActivityFactory(title="Sooner waiting", starts_at=TUESDAY_MORNING, capacity=1)
    gone = ActivityFactory(title="I withdrew", starts_at=TUESDAY_EVENING)
    first, second = people(2)
    signup_create(activity_id=later.pk, cocreator=me)
    signup_create(activity_id=sooner.pk, cocreator=first)
    signup_create(activity_id=sooner.pk, cocreator=second)
    signup_create(activity_id=sooner.pk, cocreator=me)
    SignUp.objects.create(activity=gone, cocreator=me, status=SignUpStatus.WITHDRAWN)

    response = cocreator_client.get(URL)
    assert [row["activity"].title for row in response.context["upcoming"]] == [
        "Sooner waiting",
        "Later booked",
    ]
    html = response.content.decode()
    assert "<h1>Your activities</h1>" in html
    assert "You are number 2 on the waiting list" in html
    assert "You have a place" in html
    assert "Wed 7 Mar 2035, 10am to midday" in html
    assert "I withdrew" not in html
    assert "Leave the waiting list" in html
    assert "Give up your place" in html


def test_a_cancelled_activity_i_was_booked_on_says_so(cocreator_client, me):
    activity = ActivityFactory(title="Called off", starts_at=TUESDAY_MORNING)
    signup_create(activity_id=activity.pk, cocreator=me)
    activity.status = ActivityStatus.CANCELLED
    activity.save()
    html = cocreator_client.get(URL).content.decode()
    assert "Called off" in html
    assert "This activity will not go ahead" in html
    assert f"/portal/opportunities/{activity.pk}/" not in html


def test_every_session_i_came_to_is_listed_with_date_level_role_and_hours(cocreator_client, me):
    art = ActivityFactory(
        title="Art group",
        starts_at=at(2025, 6, 3, 14),
        hours=2,
        level=EngagementLevel.ENGAGE,
        status=ActivityStatus.DONE,
    )
    board = ActivityFactory(
        title="Design board",
        starts_at=at(2025, 9, 17, 10),
        hours=3,
        level=EngagementLevel.COCREATE,
        status=ActivityStatus.DONE,
    )
    missed = past("Missed session", days_ago=10)
    came(art, me, hours=Decimal("1.5"))
    came(board, me, role=AttendanceRole.CO_FACILITATOR)
    came(missed, me, status=AttendanceStatus.DID_NOT_ATTEND)

    response = cocreator_client.get(URL)
    assert [row["activity"].title for row in response.context["past"]] == [
        "Design board",
        "Art group",
    ]
    html = response.content.decode()
    assert "You have taken part in 2 sessions, 4.5 hours in total." in html
    for words in (
        "17 September 2025",
        "Co-create",
        "Co-facilitator",
        "3 hours",
        "3 June 2025",
        "Engage",
        "Participant",
        "1.5 hours",
    ):
        assert words in html, words
    assert "Missed session" not in html


def test_with_nothing_yet_the_page_says_so_plainly(cocreator_client, me):
    html = cocreator_client.get(URL).content.decode()
    assert "You have not signed up for anything that is coming up." in html
    assert "You have not taken part in any activities yet." in html
    assert 'href="/portal/opportunities/"' in html


def test_only_my_own_sign_ups_and_sessions_are_shown(cocreator_client, me, them):
    shared = ActivityFactory(title="Shared session", starts_at=TUESDAY_MORNING)
    theirs_only = ActivityFactory(title="Their session", starts_at=WEDNESDAY_MORNING)
    signup_create(activity_id=shared.pk, cocreator=me)
    signup_create(activity_id=shared.pk, cocreator=them)
    signup_create(activity_id=theirs_only.pk, cocreator=them)
    came(past("Their past session", days_ago=5), them)

    response = cocreator_client.get(URL)
    html = response.content.decode()
    assert [row["activity"].title for row in response.context["upcoming"]] == ["Shared session"]
    assert "Their session" not in html
    assert "Their past session" not in html
    assert them.full_name not in html
    assert "You have not taken part in any activities yet." in html


def test_past_sessions_are_paginated_10_to_a_page(cocreator_client, me):
    for day in range(11):
        came(past(f"Session {day:02d}", days_ago=day + 1), me, hours=Decimal(1))
    first = cocreator_client.get(URL)
    assert len(first.context["past"]) == 10
    assert "You have taken part in 11 sessions, 11 hours in total." in first.content.decode()
    second = cocreator_client.get(URL + "?page=2")
    assert [row["activity"].title for row in second.context["past"]] == ["Session 10"]


def test_the_number_of_queries_does_not_grow_with_my_activities(
    cocreator_client, me, people, django_assert_max_num_queries
):
    (someone,) = people(1)

    def add(n, offset):
        for i in range(offset, offset + n):
            upcoming = ActivityFactory(
                title=f"Coming {i}", starts_at=TUESDAY_MORNING + timedelta(days=i), capacity=1
            )
            signup_create(activity_id=upcoming.pk, cocreator=someone)
            signup_create(activity_id=upcoming.pk, cocreator=me)
            came(past(f"Past {i}", days_ago=i + 1), me)

    add(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert cocreator_client.get(URL).status_code == 200
    add(60, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = cocreator_client.get(URL)
    assert len(response.context["upcoming"]) == 62
    assert len(response.context["past"]) == 10
