"""Activities: evenings and weekends worked out, capacity, the waiting list, attendance."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError

from activities.models import Attendance, AttendanceRole, AttendanceStatus, SignUpStatus
from activities.services import (
    AttendanceLine,
    SignUpRefused,
    attendance_record_session,
    calendar_feed_reset,
    signup_create,
    signup_withdraw,
)
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory


@pytest.mark.parametrize(
    ("starts", "evening", "weekend"),
    [
        (at(2026, 11, 25, 10), False, False),  # Wednesday morning
        (at(2026, 11, 25, 17), True, False),  # Wednesday 5pm
        (at(2026, 11, 28, 11), False, True),  # Saturday
        (at(2026, 11, 29, 18, 30), True, True),  # Sunday evening
        (at(2026, 7, 1, 16, 59), False, False),  # summer time, just before 5pm
    ],
)
def test_evening_and_weekend_are_worked_out_from_local_time(db, starts, evening, weekend):
    activity = ActivityFactory(starts_at=starts, status="done")
    assert (activity.is_evening, activity.is_weekend) == (evening, weekend)


def test_an_activity_cannot_end_before_it_starts(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        ActivityFactory(hours=-1)


def test_a_full_activity_puts_people_on_the_waiting_list_and_a_freed_place_goes_to_the_next(
    people, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(capacity=2)
    a, b, c, d = people(4)
    first, second = (signup_create(activity_id=activity.pk, cocreator=p) for p in (a, b))
    third = signup_create(activity_id=activity.pk, cocreator=c)
    fourth = signup_create(activity_id=activity.pk, cocreator=d)
    assert [s.status for s in (first, second, third, fourth)] == [
        "booked",
        "booked",
        "waiting",
        "waiting",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        moved = signup_withdraw(signup=first)
    assert moved == third
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (SignUpStatus.BOOKED, SignUpStatus.WAITING)
    assert activity.signups.filter(status=SignUpStatus.BOOKED).count() == 2
    # The place goes to the next person waiting; the person who withdrew is told it is cancelled.
    offered = [m for m in mail.outbox if m.subject == "A place has come up for you"]
    assert [m.to for m in offered] == [[c.email]]
    assert "Ward garden design session" in offered[0].body
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, c.email])


def test_leaving_the_waiting_list_frees_no_place(people, django_capture_on_commit_callbacks):
    activity = ActivityFactory(capacity=1)
    a, b = people(2)
    signup_create(activity_id=activity.pk, cocreator=a)
    waiting = signup_create(activity_id=activity.pk, cocreator=b)
    with django_capture_on_commit_callbacks(execute=True):
        assert signup_withdraw(signup=waiting) is None
    # Only the person who left the list hears (that they are off it): no place was freed.
    assert [m.to for m in mail.outbox] == [[b.email]]


def test_nobody_signs_up_twice_or_to_an_activity_that_is_not_open(people):
    (a,) = people(1)
    activity = ActivityFactory()
    signup_create(activity_id=activity.pk, cocreator=a)
    with pytest.raises(SignUpRefused, match="already signed up"):
        signup_create(activity_id=activity.pk, cocreator=a)
    planned = ActivityFactory(status="planned")
    with pytest.raises(SignUpRefused, match="not open"):
        signup_create(activity_id=planned.pk, cocreator=a)


def test_someone_who_withdrew_can_sign_up_again_at_the_back_of_the_queue(people):
    activity = ActivityFactory(capacity=1)
    a, b = people(2)
    mine = signup_create(activity_id=activity.pk, cocreator=a)
    signup_withdraw(signup=mine)
    signup_create(activity_id=activity.pk, cocreator=b)
    again = signup_create(activity_id=activity.pk, cocreator=a)
    assert again.pk == mine.pk
    assert again.status == SignUpStatus.WAITING


def test_a_whole_session_is_recorded_at_once_with_hours_defaulting_to_its_length(
    people, staff_member
):
    activity = ActivityFactory(starts_at=at(2026, 10, 6, 18), hours=2.5, status="open")
    a, b, c, walk_in = people(4)
    count = attendance_record_session(
        activity=activity,
        actor=staff_member,
        lines=[
            AttendanceLine(a.pk, AttendanceStatus.ATTENDED),
            AttendanceLine(b.pk, AttendanceStatus.DID_NOT_ATTEND),
            AttendanceLine(c.pk, AttendanceStatus.APOLOGIES),
            AttendanceLine(
                walk_in.pk,
                AttendanceStatus.ATTENDED,
                Decimal("1.5"),
                AttendanceRole.CO_FACILITATOR,
                True,
            ),
        ],
    )
    assert count == 4
    hours = dict(Attendance.objects.values_list("cocreator_id", "hours"))
    assert hours == {
        a.pk: Decimal("2.50"),
        b.pk: Decimal("0"),
        c.pk: Decimal("0"),
        walk_in.pk: Decimal("1.50"),
    }
    assert Attendance.objects.get(cocreator=walk_in).walked_in
    activity.refresh_from_db()
    assert activity.status == "done"
    # Recording again updates rather than duplicates.
    attendance_record_session(
        activity=activity,
        actor=staff_member,
        lines=[AttendanceLine(b.pk, AttendanceStatus.ATTENDED)],
    )
    assert Attendance.objects.count() == 4
    assert Attendance.objects.get(cocreator=b).hours == Decimal("2.50")


def test_attendance_is_once_per_person_per_activity_in_the_database(people):
    activity = ActivityFactory(status="done")
    (a,) = people(1)
    Attendance.objects.create(activity=activity, cocreator=a, status=AttendanceStatus.ATTENDED)
    with pytest.raises(IntegrityError):
        Attendance.objects.create(activity=activity, cocreator=a, status=AttendanceStatus.ATTENDED)


def test_resetting_a_calendar_feed_changes_its_secret(people):
    (a,) = people(1)
    first = calendar_feed_reset(cocreator=a).token
    second = calendar_feed_reset(cocreator=a).token
    assert first != second and len(second) >= 40
