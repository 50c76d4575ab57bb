"""Activity: activities and participant-hours by month and level, the different people who
attended, new co-creators, the centre of gravity and the shares of evening, weekend and informal
activities.

Definitions are in `definitions`.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from activities.models import (
    INFORMAL_SETTINGS,
    Activity,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
)
from cocreation.lib.disclosure import Disclosure
from cocreation.lib.periods import Period, day_bounds
from community.models import CoCreator

from .shaping import MonthCounts, month_of, records_count, records_percentage

ZERO = Decimal(0)


def activities_in(start, end):
    """Activities starting in [start, end), leaving out cancelled ones."""
    return Activity.objects.held_between(start, end)


def activities_by_month(start: date, end: date) -> MonthCounts:
    """Activities per month and level, with evening, weekend and informal counts. One query."""
    return count_activities(activities_in(*day_bounds(start, end)))


def count_activities(activities, counts: MonthCounts | None = None) -> MonthCounts:
    """Add `activities` to `counts` by month and level, with evening, weekend and informal
    counts. One query."""
    rows = (
        activities.order_by()
        .annotate(in_month=TruncMonth("starts_at"))
        .values("in_month", "level")
        .annotate(
            n=Count("pk"),
            evening=Count("pk", filter=Q(is_evening=True)),
            weekend=Count("pk", filter=Q(is_weekend=True)),
            informal=Count("pk", filter=Q(setting__in=INFORMAL_SETTINGS)),
        )
    )
    counts = MonthCounts() if counts is None else counts
    for row in rows:
        level = row["level"]
        counts.add(
            month_of(row["in_month"]),
            **{
                f"activities_{level}": row["n"],
                "activities": row["n"],
                "evening": row["evening"],
                "weekend": row["weekend"],
                "informal": row["informal"],
            },
        )
    return counts


def attendance_by_month(start: date, end: date) -> MonthCounts:
    """Hours per month and level (people who came). One query.

    Whether the hours may be shown depends on how many different people they come from, which
    month sums cannot give: that is `attenders`.
    """
    return count_hours(activities_in(*day_bounds(start, end)))


def count_hours(activities, counts: MonthCounts | None = None) -> MonthCounts:
    """Add the hours of the people who came to `activities` to `counts`, by month and level.
    One query."""
    rows = (
        Attendance.objects.filter(status=AttendanceStatus.ATTENDED, activity__in=activities)
        .order_by()
        .annotate(in_month=TruncMonth("activity__starts_at"))
        .values("in_month", "activity__level")
        .annotate(hours=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField()))
    )
    counts = MonthCounts() if counts is None else counts
    for row in rows:
        level = row["activity__level"]
        hours = Decimal(str(row["hours"]))
        counts.add(
            month_of(row["in_month"]),
            **{
                f"hours_{level}": hours,
                "hours": hours,
                "level_hours": hours * level,
            },
        )
    return counts


def attenders(periods: list[Period]) -> list[dict[int | None, int]]:
    """For each period: different people who attended, in all (key None) and at each level.

    One query. Participant-hours and the centre of gravity are shown only where these reach 8,
    so that one person at 8 sessions cannot reveal their own hours.
    """
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    attended = Attendance.objects.filter(
        status=AttendanceStatus.ATTENDED, activity__in=activities_in(*day_bounds(start, end))
    ).order_by()
    aggregates = {}
    for i, period in enumerate(periods):
        lower, upper = period.bounds()
        in_period = Q(activity__starts_at__gte=lower, activity__starts_at__lt=upper)
        aggregates[f"p{i}"] = Count("cocreator", distinct=True, filter=in_period)
        for level in EngagementLevel:
            aggregates[f"p{i}_{int(level)}"] = Count(
                "cocreator", distinct=True, filter=in_period & Q(activity__level=level)
            )
    totals = attended.aggregate(**aggregates)
    return [
        {None: totals[f"p{i}"]}
        | {int(level): totals[f"p{i}_{int(level)}"] for level in EngagementLevel}
        for i in range(len(periods))
    ]


def new_cocreators(periods: list[Period]) -> list[int]:
    """People who joined in each period. One query."""
    totals = CoCreator.objects.aggregate(
        **{
            f"p{i}": Count("pk", filter=Q(date_joined__gte=p.start, date_joined__lt=p.end))
            for i, p in enumerate(periods)
        }
    )
    return [totals[f"p{i}"] for i in range(len(periods))]


def activity_blocks(
    d: Disclosure, period: Period, activities: MonthCounts, attendance: MonthCounts, people: int
) -> dict:
    """Every activity figure's block for one period, by figure key.

    `people`: the different people who attended in the period, which the hours are shown by.
    Counts and shares of activities are never suppressed; hours are, where few people came.
    """
    n = activities.total(period, "activities")
    hours = Decimal(attendance.total(period, "hours"))
    level_hours = Decimal(attendance.total(period, "level_hours"))
    centre, top, bottom = d.hours_ratio(level_hours, hours, people)
    shown_hours = d.hours(hours, people)
    return {
        "act_activities": records_count(d, n),
        "act_participant_hours": {
            "value": shown_hours,
            "numerator": shown_hours,
            "denominator": "",
        },
        "act_centre_of_gravity": {"value": centre, "numerator": top, "denominator": bottom},
        "act_evening_share": records_percentage(d, activities.total(period, "evening"), n),
        "act_weekend_share": records_percentage(d, activities.total(period, "weekend"), n),
        "act_informal_share": records_percentage(d, activities.total(period, "informal"), n),
    }


def levels(
    d: Disclosure,
    period: Period,
    previous: Period,
    activities: MonthCounts,
    attendance: MonthCounts,
    attenders: list[dict[int | None, int]],
):
    """Each level's activities and participant-hours; `attenders` is `attenders([period, previous])`."""
    levels = []
    for level in EngagementLevel:
        row = {"level": int(level), "name": str(level.label)}
        for prefix, p, people in (
            ("", period, attenders[0]),
            ("previous_", previous, attenders[1]),
        ):
            row[f"{prefix}activities"] = d.records(activities.total(p, f"activities_{int(level)}"))
            row[f"{prefix}participant_hours"] = d.hours(
                attendance.total(p, f"hours_{int(level)}"), people[int(level)]
            )
        levels.append(row)
    return levels
