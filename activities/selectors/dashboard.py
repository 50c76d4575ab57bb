"""Reads for the staff dashboard: what needs doing soon, and the engagement mix against the quarter before."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from cocreation.lib.periods import period_containing

from ..models import Activity, ActivityStatus, Attendance, EngagementLevel, SignUpStatus
from .mix import EngagementMix, LevelRow, engagement_mix

# Each dashboard list shows at most this many rows and links on to the full list.
DASHBOARD_ROWS = 20


@dataclass(frozen=True)
class Shortlist:
    """The first rows of a dashboard list, and whether there are more than it shows."""

    rows: list
    more: bool


def _shortlist(activities, limit: int) -> Shortlist:
    rows = list(activities[: limit + 1])
    return Shortlist(rows=rows[:limit], more=len(rows) > limit)


def _with_signup_counts(activities):
    return activities.annotate(
        booked=Count("signups", filter=Q(signups__status=SignUpStatus.BOOKED)),
        waiting=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
    ).only("title", "level", "starts_at", "ends_at", "capacity", "status")


def dashboard_upcoming(*, now=None, days: int = 14, limit: int = DASHBOARD_ROWS) -> Shortlist:
    """Activities starting in the next `days` days (cancelled left out), with booked and waiting counts. One query."""
    now = now or timezone.now()
    activities = Activity.objects.upcoming(now).filter(starts_at__lt=now + timedelta(days=days))
    return _shortlist(_with_signup_counts(activities).order_by("starts_at", "pk"), limit)


def dashboard_waiting_lists(*, now=None, limit: int = DASHBOARD_ROWS) -> Shortlist:
    """Activities still to come with people on their waiting list, soonest first. One query."""
    activities = _with_signup_counts(Activity.objects.upcoming(now or timezone.now()))
    return _shortlist(activities.filter(waiting__gt=0).order_by("starts_at", "pk"), limit)


def dashboard_attendance_to_record(
    *, now=None, days: int = 90, limit: int = DASHBOARD_ROWS
) -> Shortlist:
    """Activities that ended in the last `days` days, not cancelled, with no attendance recorded. One query.

    Oldest first: the longer a session waits, the harder it is to remember who came.
    """
    now = now or timezone.now()
    activities = (
        Activity.objects.filter(ends_at__lte=now, ends_at__gt=now - timedelta(days=days))
        .exclude(status=ActivityStatus.CANCELLED)
        .exclude(Exists(Attendance.objects.filter(activity=OuterRef("pk"))))
    )
    return _shortlist(_with_signup_counts(activities).order_by("ends_at", "pk"), limit)


def centre_of_gravity_trend(before: Decimal | None, after: Decimal | None) -> str:
    """The change in the centre of gravity between two periods, in words."""
    if before is None and after is None:
        return "not known yet: no participant-hours are recorded for either quarter"
    if before is None:
        return f"{after}, with no participant-hours recorded in the quarter before to compare with"
    if after is None:
        return f"not known yet for this quarter: no participant-hours are recorded (it was {before} in the quarter before)"
    if after > before:
        return f"up from {before} to {after}, towards deeper involvement"
    if after < before:
        return f"down from {before} to {after}, away from deeper involvement"
    return f"unchanged at {after}"


@dataclass(frozen=True)
class LevelComparison:
    level: EngagementLevel
    previous: LevelRow
    current: LevelRow


@dataclass(frozen=True)
class EngagementComparison:
    """This quarter's engagement mix beside the quarter before's."""

    current: EngagementMix
    previous: EngagementMix

    @property
    def levels(self) -> list[LevelComparison]:
        return [
            LevelComparison(now.level, before, now)
            for before, now in zip(self.previous.rows, self.current.rows, strict=True)
        ]

    @property
    def trend(self) -> str:
        return centre_of_gravity_trend(
            self.previous.centre_of_gravity, self.current.centre_of_gravity
        )


def engagement_comparison(today=None) -> EngagementComparison:
    """The engagement mix of the quarter containing `today` and of the quarter before. Four queries."""
    quarter = period_containing(today or timezone.localdate(), "quarter")
    return EngagementComparison(
        current=engagement_mix(quarter), previous=engagement_mix(quarter.previous())
    )
