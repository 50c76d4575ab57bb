"""The dashboard's figures, checked against the small world in conftest.py worked out by hand."""

from decimal import Decimal

import pytest

from activities.models import EngagementLevel
from activities.selectors.dashboard import (
    centre_of_gravity_trend,
    dashboard_attendance_to_record,
    dashboard_upcoming,
    dashboard_waiting_lists,
    engagement_comparison,
)

L = EngagementLevel


def _rows(shortlist):
    return [(a.title, a.booked, a.waiting) for a in shortlist.rows]


def test_upcoming_lists_the_next_14_days_with_booked_and_waiting_counts(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        upcoming = dashboard_upcoming(days=14)
    # The Inform evening on 30 November is beyond 14 days; the cancelled drop-in is left out.
    assert _rows(upcoming) == [("Garden planting day", 2, 2), ("Letters: second round", 1, 0)]
    assert upcoming.more is False


def test_upcoming_says_when_there_are_more_than_it_shows(world):
    upcoming = dashboard_upcoming(days=30, limit=2)
    assert [a.title for a in upcoming.rows] == ["Garden planting day", "Letters: second round"]
    assert upcoming.more is True


def test_waiting_lists_show_only_activities_with_people_waiting(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        waiting = dashboard_waiting_lists()
    assert _rows(waiting) == [("Garden planting day", 2, 2)]


def test_attendance_to_record_lists_recent_ended_activities_with_no_attendance(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        to_record = dashboard_attendance_to_record(days=90)
    # Not the cancelled drop-in, not the July listening event (over 90 days ago), not the ones
    # with attendance, not the ones still to come.
    assert [a.title for a in to_record.rows] == ["Appointment letters testing"]


def test_recording_attendance_takes_an_activity_off_the_list(world, staff_member):
    from activities.services import AttendanceLine, attendance_record_session

    attendance_record_session(
        activity=world.involve_nov,
        actor=staff_member,
        lines=[AttendanceLine(world.people[0].pk, "apologies")],
    )
    assert dashboard_attendance_to_record().rows == []


def test_the_engagement_comparison_matches_the_hand_worked_quarters(
    world, django_assert_num_queries
):
    with django_assert_num_queries(4):
        mix = engagement_comparison()
    assert mix.previous.period.label == "2026/27 Q2 (July to September 2026)"
    assert mix.current.period.label == "2026/27 Q3 (October to December 2026)"
    table = {
        row.level: (
            row.previous.activities,
            row.previous.participant_hours,
            row.current.activities,
            row.current.participant_hours,
        )
        for row in mix.levels
    }
    assert table == {
        L.INFORM: (1, Decimal("4.00"), 1, Decimal("0.00")),
        L.ENGAGE: (2, Decimal("4.00"), 0, Decimal("0.00")),
        L.INVOLVE: (1, Decimal("2.00"), 2, Decimal("0.00")),
        L.COLLABORATE: (0, Decimal("0.00"), 1, Decimal("6.00")),
        L.COCREATE: (0, Decimal("0.00"), 2, Decimal("6.00")),
    }
    # (1x4 + 2x4 + 3x2) / 10 = 1.80, and (4x6 + 5x6) / 12 = 4.50.
    assert mix.previous.centre_of_gravity == Decimal("1.80")
    assert mix.current.centre_of_gravity == Decimal("4.50")
    assert mix.trend == "up from 1.80 to 4.50, towards deeper involvement"
    assert (mix.previous.evening_or_weekend, mix.previous.activities) == (2, 4)
    assert (mix.current.evening_or_weekend, mix.current.activities) == (2, 6)
    assert (mix.previous.informal, mix.current.informal) == (1, 2)


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        ("2.41", "2.87", "up from 2.41 to 2.87, towards deeper involvement"),
        ("3.10", "2.95", "down from 3.10 to 2.95, away from deeper involvement"),
        ("2.50", "2.50", "unchanged at 2.50"),
        (
            None,
            "2.87",
            "2.87, with no participant-hours recorded in the quarter before to compare with",
        ),
        (None, None, "not known yet: no participant-hours are recorded for either quarter"),
    ],
)
def test_the_trend_is_put_in_words(before, after, words):
    def d(v):
        return None if v is None else Decimal(v)

    assert centre_of_gravity_trend(d(before), d(after)) == words


def test_a_quarter_without_hours_yet_says_so_and_gives_the_one_before():
    words = centre_of_gravity_trend(Decimal("2.41"), None)
    assert words.startswith("not known yet for this quarter") and "2.41" in words
