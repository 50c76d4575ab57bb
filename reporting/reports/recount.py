"""Counting the report's rollups from the rows: the months' figures, the periods' people and
the community's make-up. What each name means is in `rollups`, which keeps and reads them.

Periods are financial years and their parts, so one pass over a year's attendance gives all
seven: each person's attendance in the year is folded into one number, a bit for each month and
level (`_MONTH_BITS`), and a period's people are those with one of its bits set.
"""

import operator
from collections.abc import Iterable
from datetime import date
from functools import cache, reduce

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractMonth, ExtractYear, TruncMonth

from activities.models import Activity, ActivityStatus, Attendance, AttendanceStatus
from cocreation.lib.periods import Period, day_bounds, make_period, period_containing
from community.gap import people_by_answers
from community.models import CoCreator
from impact.models import CaseStudy, ExperienceResponse

from .activity import count_activities, count_hours
from .outcome1 import QUESTIONS
from .outcome2 import DEMOGRAPHIC_LOOKUPS
from .shaping import MonthCounts, month_of

LEVELS = range(1, 6)
# Bits of a financial year's month (0 = April) in the number a person's year is folded into:
# bit (level - 1) * 12 + month.
_MONTH_BITS = 12
PERIODS_IN_YEAR = (
    ("quarter", 1, range(0, 3)),
    ("quarter", 2, range(3, 6)),
    ("quarter", 3, range(6, 9)),
    ("quarter", 4, range(9, 12)),
    ("half", 1, range(0, 6)),
    ("half", 2, range(6, 12)),
    ("year", 1, range(0, 12)),
)
# --- Months and financial years -------------------------------------------------------------


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def year_of(month: date) -> int:
    """The financial year a month is in (2026 for April 2026 to March 2027)."""
    return period_containing(month, "year").year


def runs_of(starts: Iterable[date], step) -> list[tuple[date, date]]:
    """Sorted starts joined into [start, end) runs, each start's span given by `step`."""
    runs: list[list[date]] = []
    for start in sorted(set(starts)):
        end = step(start)
        if runs and runs[-1][1] == start:
            runs[-1][1] = end
        else:
            runs.append([start, end])
    return [(a, b) for a, b in runs]


def _when_in(runs: list[tuple[date, date]], field: str, *, timestamps: bool) -> Q:
    """Rows whose `field` falls in one of the runs of days (by the site's clock)."""
    bounds = [day_bounds(start, end) if timestamps else (start, end) for start, end in runs]
    if not bounds:
        return Q(pk__in=[])
    return reduce(
        operator.or_,
        (Q(**{f"{field}__gte": lower, f"{field}__lt": upper}) for lower, upper in bounds),
    )


@cache
def periods_in_year(year: int) -> tuple[Period, ...]:
    """The financial year's quarters, halves and the year, in the order of PERIODS_IN_YEAR."""
    return tuple(make_period(kind, year, number) for kind, number, _ in PERIODS_IN_YEAR)


@cache
def _slugs_of_month(month: date) -> tuple[str, ...]:
    """The slugs of the quarter, half and year a month is in."""
    return tuple(period_containing(month, kind).slug for kind in ("quarter", "half", "year"))


# --- Counting from the rows -----------------------------------------------------------------


def count_months(months: Iterable[date] | None) -> MonthCounts:
    """The months' figures that add up, counted from the rows; `None`: every month. Five queries."""
    runs = None if months is None else runs_of(months, _next_month)

    def within(rows, field, *, timestamps=True):
        return rows if runs is None else rows.filter(_when_in(runs, field, timestamps=timestamps))

    counts = MonthCounts()
    activities = within(Activity.objects.exclude(status=ActivityStatus.CANCELLED), "starts_at")
    count_activities(activities, counts)
    count_hours(activities, counts)
    for rows, field, name in (
        (
            within(CoCreator.objects.all(), "date_joined", timestamps=False),
            "date_joined",
            "new_cocreators",
        ),
        (
            within(CaseStudy.objects.filter(published=True), "created_at"),
            "created_at",
            "case_studies",
        ),
    ):
        grouped = (
            rows.order_by()
            .annotate(in_month=TruncMonth(field))
            .values("in_month")
            .annotate(n=Count("pk"))
        )
        for row in grouped:
            counts.add(month_of(row["in_month"]), **{name: row["n"]})

    unlinked = Q(cocreator__isnull=True)
    aggregates = {}
    for short, (answered, agreed) in QUESTIONS.items():
        aggregates[f"{short}_answers"] = Count("pk", filter=answered)
        aggregates[f"{short}_unlinked"] = Count("pk", filter=answered & unlinked)
        aggregates[f"{short}_unlinked_agreed"] = Count("pk", filter=agreed & unlinked)
    answers = within(ExperienceResponse.objects.all(), "month", timestamps=False)
    for row in answers.order_by().values("month").annotate(**aggregates):
        month = month_of(row.pop("month"))
        counts.add(month, **row)
    return counts


def _people_by_year(runs: list[tuple[date, date]] | None) -> list[tuple]:
    """For each financial year and combination of demographic answers, the different people who
    attended in each period of the year, in all and at each level. One query.

    Each person's year is folded into one number with a bit for each month and level they came
    in (BIT_OR; on SQLite SUM(DISTINCT), the same as every value is a single bit), grouped in
    the database; the people are then counted by their answers.
    """
    from_april = Cast(ExtractYear("starts_at") * 12 + ExtractMonth("starts_at") - 4, IntegerField())
    year = from_april / 12
    bit = Cast(Value(1), BigIntegerField()).bitleftshift(
        (F("level") - 1) * _MONTH_BITS + from_april - year * 12
    )
    activities = Activity.objects.exclude(status=ActivityStatus.CANCELLED)
    if runs is not None:
        activities = activities.filter(_when_in(runs, "starts_at", timestamps=True))
    activities_sql, activities_params = (
        activities.order_by().values(aid=F("pk"), fy=year, bit=bit).query.sql_with_params()
    )
    answers_sql, answers_params = (
        CoCreator.objects.order_by()
        .values(pid=F("pk"), **{f"d{i}": F(lookup) for i, lookup in enumerate(DEMOGRAPHIC_LOOKUPS)})
        .query.sql_with_params()
    )
    qn = connection.ops.quote_name
    table = qn(Attendance._meta.db_table)
    person = qn(Attendance._meta.get_field("cocreator").column)
    activity = qn(Attendance._meta.get_field("activity").column)
    status = qn(Attendance._meta.get_field("status").column)
    fold = "BIT_OR(a.bit)" if connection.vendor == "postgresql" else "SUM(DISTINCT a.bit)"
    people_sql = (
        f"SELECT t.{person} AS person, a.fy AS fy, {fold} AS mask FROM {table} t "  # noqa: S608
        f"INNER JOIN ({activities_sql}) a ON a.aid = t.{activity} WHERE t.{status} = %s "
        f"GROUP BY t.{person}, a.fy"
    )
    sums = []
    for _, _, months in PERIODS_IN_YEAR:
        bits = sum(1 << m for m in months)
        every_level = sum(bits << (_MONTH_BITS * (level - 1)) for level in LEVELS)
        sums.append(every_level)
        sums.extend(bits << (_MONTH_BITS * (level - 1)) for level in LEVELS)
    columns = ", ".join(f"d.d{i}" for i in range(len(DEMOGRAPHIC_LOOKUPS)))
    counted = ", ".join(f"SUM(CASE WHEN (p.mask & {bits}) <> 0 THEN 1 ELSE 0 END)" for bits in sums)
    sql = (
        f"SELECT p.fy, {columns}, {counted} FROM ({people_sql}) p "  # noqa: S608 - our own SQL
        f"INNER JOIN ({answers_sql}) d ON d.pid = p.person GROUP BY p.fy, {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [*activities_params, AttendanceStatus.ATTENDED.value, *answers_params],
        )
        return cursor.fetchall()


def count_years(years: Iterable[int] | None) -> dict[str, dict]:
    """The figures that count different people, for each quarter, half and year of the financial
    years (`None`: every year with rows), by period slug. Two queries."""
    runs = None
    if years is not None:
        runs = runs_of((date(y, 4, 1) for y in years), lambda d: date(d.year + 1, 4, 1))
    figures: dict[str, dict] = {}
    for year in [] if years is None else sorted(set(years)):
        for period in periods_in_year(year):
            figures[period.slug] = empty_period()

    per_period = 1 + len(LEVELS)
    lookups = len(DEMOGRAPHIC_LOOKUPS)
    for row in _people_by_year(runs):
        year, values, numbers = row[0], list(row[1 : 1 + lookups]), row[1 + lookups :]
        for i, period in enumerate(periods_in_year(year)):
            people, *by_level = numbers[i * per_period : (i + 1) * per_period]
            if not people:
                continue
            if period.slug not in figures:
                figures[period.slug] = empty_period()
            block = figures[period.slug]
            block["attenders"] += people
            for level, n in zip(LEVELS, by_level, strict=True):
                block[f"attenders_{level}"] += n
            block["demographics"].append([*values, people])

    flags = {}
    for short, (answered, agreed) in QUESTIONS.items():
        flags[f"{short}_answered"] = Case(
            When(answered, then=1), default=0, output_field=IntegerField()
        )
        flags[f"{short}_agreed"] = Case(
            When(agreed, then=1), default=0, output_field=IntegerField()
        )
    answers = ExperienceResponse.objects.filter(cocreator__isnull=False)
    if runs is not None:
        answers = answers.filter(_when_in(runs, "month", timestamps=False))
    rows = (
        answers.annotate(**flags)
        # The order that picks each person's latest answer in a period (outcome1).
        .order_by("cocreator", "-month", F("activity__starts_at").desc(nulls_last=True), "-pk")
        .values_list("cocreator", "month", *flags)
    )
    names = list(flags)
    seen: set[tuple[int, str]] = set()
    for person, month, *values in rows.iterator(chunk_size=5000):
        for slug in _slugs_of_month(month_of(month)):
            if (person, slug) in seen:
                continue
            seen.add((person, slug))
            if slug not in figures:
                figures[slug] = empty_period()
            block = figures[slug]
            for name, value in zip(names, values, strict=True):
                block[name] += value
    return figures


def empty_period() -> dict:
    block: dict = {"attenders": 0, **{f"attenders_{level}": 0 for level in LEVELS}}
    for short in QUESTIONS:
        block[f"{short}_answered"] = block[f"{short}_agreed"] = 0
    block["demographics"] = []
    return block


def count_community() -> dict[str, list]:
    """The current co-creators by their answers, as the representation gap counts them."""
    return people_by_answers()
