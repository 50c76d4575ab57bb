"""A small world for the staff dashboard, worked out by hand, on Tuesday 10 November 2026 at noon.

The quarter before (2026/27 Q2, July to September 2026):
- Inform, Mon 6 Jul, 1 hour at a trust site: a, b, c and d came (4 participant-hours).
- Engage, Sat 15 Aug, 2 hours in a library: a and b came (4 hours). Weekend, informal.
- Involve, Tue 8 Sep, 6pm, 2 hours: a came, b did not (2 hours). Evening.
- Engage, Mon 20 Jul: nobody's attendance recorded (it ended more than 90 days ago).
  Centre of gravity (1x4 + 2x4 + 3x2) / 10 = 1.80.

This quarter (2026/27 Q3, October to December 2026):
- Collaborate, Mon 5 Oct, 3 hours at a community venue: a and b came (6 hours). Informal.
- Co-create, Tue 20 Oct, 2 hours at a faith venue: a, b and c came (6 hours). Informal.
- Involve, Tue 3 Nov: ended, attendance not recorded yet.
- Engage, Thu 5 Nov: cancelled (left out everywhere).
- Co-create, Sat 14 Nov, 3 hours, 2 places: a and b booked, c and d waiting. Weekend.
- Involve, Fri 20 Nov, 10 places: a booked, b withdrew.
- Inform, Mon 30 Nov, 6pm, no limit: a booked (beyond the next 14 days). Evening.
  Centre of gravity (4x6 + 5x6) / 12 = 4.50.
"""

from types import SimpleNamespace

import pytest
import time_machine

from activities.models import AttendanceStatus, EngagementLevel, SignUp
from activities.services import (
    AttendanceLine,
    attendance_record_session,
    signup_create,
    signup_withdraw,
)
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

NOW = at(2026, 11, 10, 12)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def _attend(activity, actor, came, missed=()):
    attendance_record_session(
        activity=activity,
        actor=actor,
        lines=[AttendanceLine(p.pk, AttendanceStatus.ATTENDED) for p in came]
        + [AttendanceLine(p.pk, AttendanceStatus.DID_NOT_ATTEND) for p in missed],
    )


@pytest.fixture
def world(frozen, people, staff_member):
    a, b, c, d = people(4, prefix="dashboard")
    L = EngagementLevel
    w = SimpleNamespace(people=(a, b, c, d))
    w.inform_jul = ActivityFactory(
        title="Newsletter briefing", starts_at=at(2026, 7, 6, 10), hours=1, level=L.INFORM
    )
    w.engage_aug = ActivityFactory(
        title="Coffee and conversation",
        starts_at=at(2026, 8, 15, 10),
        hours=2,
        level=L.ENGAGE,
        setting="library",
    )
    w.involve_sep = ActivityFactory(
        title="Crisis line callback workshop", starts_at=at(2026, 9, 8, 18), level=L.INVOLVE
    )
    w.engage_jul = ActivityFactory(
        title="Listening event", starts_at=at(2026, 7, 20, 10), level=L.ENGAGE, status="done"
    )
    w.collaborate_oct = ActivityFactory(
        title="Carers' pack review",
        starts_at=at(2026, 10, 5, 10),
        hours=3,
        level=L.COLLABORATE,
        setting="community_venue",
    )
    w.cocreate_oct = ActivityFactory(
        title="Ward garden build day",
        starts_at=at(2026, 10, 20, 14),
        level=L.COCREATE,
        setting="faith_venue",
    )
    w.involve_nov = ActivityFactory(
        title="Appointment letters testing", starts_at=at(2026, 11, 3, 10), level=L.INVOLVE
    )
    w.cancelled = ActivityFactory(
        title="Cancelled drop-in", starts_at=at(2026, 11, 5, 10), level=L.ENGAGE, status="cancelled"
    )
    w.full = ActivityFactory(
        title="Garden planting day",
        starts_at=at(2026, 11, 14, 10),
        hours=3,
        level=L.COCREATE,
        capacity=2,
    )
    w.roomy = ActivityFactory(
        title="Letters: second round", starts_at=at(2026, 11, 20, 10), level=L.INVOLVE, capacity=10
    )
    w.later = ActivityFactory(
        title="Open evening: what is co-creation?",
        starts_at=at(2026, 11, 30, 18),
        hours=1,
        level=L.INFORM,
    )
    _attend(w.inform_jul, staff_member, [a, b, c, d])
    _attend(w.engage_aug, staff_member, [a, b])
    _attend(w.involve_sep, staff_member, [a], missed=[b])
    _attend(w.collaborate_oct, staff_member, [a, b])
    _attend(w.cocreate_oct, staff_member, [a, b, c])
    for person in (a, b, c, d):
        signup_create(activity_id=w.full.pk, cocreator=person)
    signup_create(activity_id=w.roomy.pk, cocreator=a)
    signup_withdraw(signup=signup_create(activity_id=w.roomy.pk, cocreator=b))
    signup_create(activity_id=w.later.pk, cocreator=a)
    assert SignUp.objects.filter(activity=w.full, status="waiting").count() == 2
    return w
