"""The engagement-level mix of a period's activities. Aggregates run in the database."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from cocreation.lib.periods import Period

from ..models import (
    INFORMAL_SETTINGS,
    Activity,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
)

ZERO = Decimal("0")


def round2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LevelRow:
    level: EngagementLevel
    activities: int
    participant_hours: Decimal


@dataclass(frozen=True)
class EngagementMix:
    """The engagement-level mix of one period's activities (cancelled ones left out)."""

    period: Period
    rows: list[LevelRow]
    activities: int
    participant_hours: Decimal
    centre_of_gravity: Decimal | None  # mean level 1-5 weighted by participant-hours
    evening_or_weekend: int
    informal: int

    def share(self, part: int) -> Decimal | None:
        return round2(Decimal(part) * 100 / self.activities) if self.activities else None

    @property
    def evening_or_weekend_pct(self):
        return self.share(self.evening_or_weekend)

    @property
    def informal_pct(self):
        return self.share(self.informal)


def engagement_mix(period: Period) -> EngagementMix:
    """Activities and participant-hours per level, the centre of gravity, evening/weekend and informal shares.

    Two queries whatever the number of activities or attendances.
    """
    start, end = period.bounds()
    activities = Activity.objects.held_between(start, end)
    per_level = dict(
        (row["level"], row)
        for row in activities.values("level").annotate(
            n=Count("pk"),
            evening_or_weekend=Count("pk", filter=Q(is_evening=True) | Q(is_weekend=True)),
            informal=Count("pk", filter=Q(setting__in=INFORMAL_SETTINGS)),
        )
    )
    hours = dict(
        Attendance.objects.filter(activity__in=activities, status=AttendanceStatus.ATTENDED)
        .values("activity__level")
        .annotate(h=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField()))
        .values_list("activity__level", "h")
    )
    rows = [
        LevelRow(level, per_level.get(level, {}).get("n", 0), round2(hours.get(level, ZERO)))
        for level in EngagementLevel
    ]
    total_hours = sum((r.participant_hours for r in rows), ZERO)
    weighted = sum((r.participant_hours * int(r.level) for r in rows), ZERO)
    return EngagementMix(
        period=period,
        rows=rows,
        activities=sum(r.activities for r in rows),
        participant_hours=total_hours,
        centre_of_gravity=round2(weighted / total_hours) if total_hours else None,
        evening_or_weekend=sum(v["evening_or_weekend"] for v in per_level.values()),
        informal=sum(v["informal"] for v in per_level.values()),
    )
