"""The dashboard figures, checked against a small world worked out by hand."""

from decimal import Decimal

from activities.models import AttendanceStatus, EngagementLevel
from activities.selectors.mix import engagement_mix
from activities.selectors.portal import person_involvement
from activities.services import AttendanceLine, attendance_record_session
from cocreation.lib.periods import make_period
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory


def test_the_engagement_mix_and_centre_of_gravity_match_a_hand_worked_example(
    people, staff_member, django_assert_num_queries
):
    q3 = make_period("quarter", 2026, 3)  # October to December 2026
    a, b, c = people(3)
    inform = ActivityFactory(
        starts_at=at(2026, 10, 5, 10), hours=1, level=EngagementLevel.INFORM, status="done"
    )
    cocreate = ActivityFactory(
        starts_at=at(2026, 11, 7, 10),
        hours=3,
        level=EngagementLevel.COCREATE,
        status="done",
        setting="library",
    )
    involve = ActivityFactory(
        starts_at=at(2026, 12, 2, 18), hours=2, level=EngagementLevel.INVOLVE, status="done"
    )
    ActivityFactory(
        starts_at=at(2026, 12, 3, 10), level=EngagementLevel.INVOLVE, status="cancelled"
    )
    ActivityFactory(
        starts_at=at(2026, 9, 30, 10), level=EngagementLevel.INFORM, status="done"
    )  # Q2: left out
    for activity, who in ((inform, [a, b, c]), (cocreate, [a, b]), (involve, [a])):
        attendance_record_session(
            activity=activity,
            actor=staff_member,
            lines=[AttendanceLine(p.pk, AttendanceStatus.ATTENDED) for p in who],
        )
    attendance_record_session(
        activity=involve,
        actor=staff_member,
        lines=[AttendanceLine(b.pk, AttendanceStatus.DID_NOT_ATTEND)],
    )

    with django_assert_num_queries(2):
        mix = engagement_mix(q3)

    # Hours: Inform 3 people x 1h = 3; Co-create 2 x 3h = 6; Involve 1 x 2h = 2 (the absent person adds 0).
    by_level = {r.level: (r.activities, r.participant_hours) for r in mix.rows}
    assert by_level == {
        EngagementLevel.INFORM: (1, Decimal("3.00")),
        EngagementLevel.ENGAGE: (0, Decimal("0.00")),
        EngagementLevel.INVOLVE: (1, Decimal("2.00")),
        EngagementLevel.COLLABORATE: (0, Decimal("0.00")),
        EngagementLevel.COCREATE: (1, Decimal("6.00")),
    }
    assert mix.activities == 3
    assert mix.participant_hours == Decimal("11.00")
    # (1 x 3 + 3 x 2 + 5 x 6) / 11 = 39 / 11 = 3.545... -> 3.55
    assert mix.centre_of_gravity == Decimal("3.55")
    # The Saturday Co-create session and the 6pm Involve session; the library session is informal.
    assert (mix.evening_or_weekend, mix.evening_or_weekend_pct) == (2, Decimal("66.67"))
    assert (mix.informal, mix.informal_pct) == (1, Decimal("33.33"))


def test_an_empty_period_has_no_centre_of_gravity(db):
    mix = engagement_mix(make_period("quarter", 2030, 1))
    assert mix.activities == 0 and mix.centre_of_gravity is None and mix.informal_pct is None


def test_a_persons_involvement_counts_sessions_attended_and_hours(people, staff_member):
    a, b = people(2)
    one = ActivityFactory(starts_at=at(2026, 10, 5, 10), hours=1.5, status="done")
    two = ActivityFactory(starts_at=at(2026, 10, 6, 10), hours=2, status="done")
    attendance_record_session(
        activity=one,
        actor=staff_member,
        lines=[
            AttendanceLine(a.pk, AttendanceStatus.ATTENDED),
            AttendanceLine(b.pk, AttendanceStatus.ATTENDED),
        ],
    )
    attendance_record_session(
        activity=two, actor=staff_member, lines=[AttendanceLine(a.pk, AttendanceStatus.ATTENDED)]
    )
    assert person_involvement(a.pk) == {"sessions": 2, "hours": Decimal("3.50")}
    assert person_involvement(b.pk) == {"sessions": 1, "hours": Decimal("1.50")}
