"""The report's rollups: its figures counted by month and by period ahead of time, so a report
reads a few dozen rows instead of a million.

What is kept (`models.FigureRollup`, one row each, numbers by name in `figures`):
- a month: the figures that add up over months. Activities per level (`activities_<level>`,
  `activities`, `evening`, `weekend`, `informal`), the hours of the people who came
  (`hours_<level>`, `hours`, `level_hours`), `new_cocreators`, `case_studies` (written that
  month and published now), and for each experience measure (`ccp`, `change`, `staff`, see
  `outcome1.QUESTIONS`) its `<short>_answers`, and the `<short>_unlinked` answers (naming nobody)
  and `<short>_unlinked_agreed`;
- a quarter, half or year: the figures that count different people, which months cannot be added
  up to give. `attenders` and `attenders_<level>`, and for each experience measure the people
  counted once by their latest answer, `<short>_answered` and `<short>_agreed`; and in a row of
  its own (kind "people", read only for the periods whose participation a report shows)
  `demographics`: the people who attended by their demographic answers, lists of the
  `outcome2.DEMOGRAPHIC_LOOKUPS` values and a count, so whichever groups the representation gap
  flags when the report is read can be counted;
- the community's make-up (kind "community"): `community.gap.people_by_answers()`, what the
  representation gap is worked out from.

How they stay right: database triggers (reporting migration 0008) add a `DirtyRollup` row for
every month a change touches, and one when the community's make-up changes, in the change's own
transaction. `rollups_refresh` counts those months again from the rows (`recount`), with the
quarters, halves and year of their financial year, and removes the markers it has dealt with:
the worker runs it just after any such commit (`watch_connection` below asks it) and every minute
in case that was missed. Reading a report first counts again anything marked that it reads
(`read`), so a report is never worked out from stale rollups, even with the worker down.
`rollups_rebuild` (`manage.py rebuild_rollups`) counts everything again.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from cocreation.jobs.services import task_publish
from cocreation.lib.periods import Period, parse_slug
from community.gap import SPECS

from .models import DirtyRollup, FigureRollup, RollupKind
from .recount import (
    count_community,
    count_months,
    count_years,
    empty_period,
    periods_in_year,
    year_of,
)
from .shaping import MonthCounts

# Any number that is not the id of another advisory lock: refreshes run one at a time.
_LOCK = 716_204_118
_FORGET_CHUNK = 5000


# --- Keeping them right ---------------------------------------------------------------------


def _lock() -> None:
    """Wait for any other refresh to finish (PostgreSQL; SQLite has one writer at a time).

    And no JIT compiling for the rest of the transaction: the counting queries are big enough
    for PostgreSQL to compile them, which takes longer (a tenth of a second) than it saves.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s), set_config('jit', 'off', true)", [_LOCK]
            )


# What a marker says to count again: a month, every month (EVERYTHING) or the community.
EVERYTHING, COMMUNITY = "everything", "community"
Marker = tuple[int, "date | str"]


def _dirty(start: date | None, end: date | None, *, community: bool = True) -> list[Marker]:
    """The markers of months in [start, end) (all months when no start), every marker that says
    "everything", and (`community`) those of the community's make-up."""
    markers = DirtyRollup.objects.order_by()
    if start is not None:
        wanted = Q(month__isnull=True, community=False) | Q(month__gte=start, month__lt=end)
        if community:
            wanted |= Q(community=True)
        markers = markers.filter(wanted)
    return [
        (pk, COMMUNITY if is_community else month or EVERYTHING)
        for pk, month, is_community in markers.values_list("pk", "month", "community")
    ]


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


def _count_again(months: set[date] | None, *, community: bool) -> None:
    """Count the months (None: every month) and their financial years again, and (`community`)
    the community's make-up, and keep them."""
    years = None if months is None else {year_of(m) for m in months}
    by_month = count_months(months) if months is None or months else MonthCounts()
    by_period = count_years(years) if years is None or years else {}
    now = timezone.now()
    rows = [
        FigureRollup(
            kind=RollupKind.MONTH,
            key=f"{month:%Y-%m}",
            start=month,
            figures={name: _json(value) for name, value in figures.items()},
            counted_at=now,
        )
        for month, figures in sorted(by_month.months.items())
    ]
    empty = empty_period()
    for slug, figures in sorted(by_period.items()):
        if figures == empty:
            continue  # as a missing row reads: no one
        start = parse_slug(slug).start
        demographics = figures.pop("demographics")
        rows.append(
            FigureRollup(
                kind=RollupKind.PERIOD, key=slug, start=start, figures=figures, counted_at=now
            )
        )
        if demographics:
            rows.append(
                FigureRollup(
                    kind=RollupKind.PEOPLE,
                    key=_people_key(slug),
                    start=start,
                    figures={"demographics": demographics},
                    counted_at=now,
                )
            )
    if community:
        rows.append(
            FigureRollup(
                kind=RollupKind.COMMUNITY,
                key=COMMUNITY,
                start=date.min,
                figures=count_community(),
                counted_at=now,
            )
        )
    old = FigureRollup.objects.all()
    if months is not None:
        slugs = [p.slug for y in years for p in periods_in_year(y)]
        stale = Q(kind=RollupKind.MONTH, start__in=months) | Q(
            key__in=[*slugs, *(_people_key(slug) for slug in slugs)]
        )
        if community:
            stale |= Q(kind=RollupKind.COMMUNITY)
        old = old.filter(stale)
    old.delete()
    FigureRollup.objects.bulk_create(rows)


def _people_key(slug: str) -> str:
    return f"{slug}:people"


def _forget(markers: list[Marker]) -> None:
    """Remove the markers dealt with: by id, as one made since (by a change committed after
    the counting began) must stay."""
    ids = [pk for pk, _ in markers]
    for i in range(0, len(ids), _FORGET_CHUNK):
        DirtyRollup.objects.filter(pk__in=ids[i : i + _FORGET_CHUNK]).delete()


def rollups_refresh(
    *, start: date | None = None, end: date | None = None, markers: list | None = None
) -> int:
    """Count again what is marked dirty (the months in [start, end), or all; the community's
    make-up) with the periods of those months.

    Returns how many markers it dealt with, counting each month once. One refresh at a time;
    each marker is removed in the transaction that counts its month. `markers`: those the
    caller has just read, used as they are where refreshes cannot overlap (SQLite).
    """
    # No savepoint of its own: inside a request's transaction it is part of that transaction.
    with transaction.atomic(savepoint=False):
        if markers is None or connection.vendor == "postgresql":
            _lock()
            markers = _dirty(start, end)
        if not markers:
            return 0
        what = {month for _, month in markers}
        everything = EVERYTHING in what
        months = None if everything else {m for m in what if isinstance(m, date)}
        _count_again(months, community=everything or COMMUNITY in what)
        _forget(markers)
    return len(what)


def rollups_rebuild() -> None:
    """Count every month and period again from the rows, whatever is marked."""
    with transaction.atomic(savepoint=False):
        _lock()
        markers = _dirty(None, None)
        _count_again(None, community=True)
        _forget(markers)


def rollups_mark_all() -> None:
    """Mark every month to be counted again (after changing how a figure is counted)."""
    DirtyRollup.objects.create(month=None)


# --- Reading them ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rollups:
    """The month rows (added up as `MonthCounts`), the period rows (by slug), the people who
    attended by their answers (by slug) and the community's make-up that a report reads."""

    months: MonthCounts
    periods: dict[str, dict]
    people: dict[str, list]
    community: dict[str, list] | None

    def period(self, period: Period) -> dict:
        """The period's figures; none (zeros) where nobody attended or answered in it."""
        return self.periods.get(period.slug) or empty_period()

    def demographics(self, period: Period) -> list[tuple[tuple, int]]:
        """The people who attended in the period, as (their answers, how many) pairs."""
        return [(tuple(values), n) for *values, n in self.people.get(period.slug, [])]


def read(
    start: date,
    end: date,
    periods: Iterable[Period],
    *,
    people: Iterable[Period] = (),
    community: bool = False,
) -> Rollups:
    """The months in [start, end), the periods' rows, for `people` the people who attended by
    their answers and (`community`) the community's make-up; counted again first wherever the
    rows behind them have changed (read repair). Two queries when nothing has changed."""
    periods, people = list(periods), list(people)
    # A period's row is stale only if a month in it is.
    span = (
        min([start, *(p.start for p in periods + people)]),
        max([end, *(p.end for p in periods + people)]),
    )
    markers = _dirty(*span, community=community)
    if markers:
        rollups_refresh(start=span[0], end=span[1], markers=markers)
    wanted = (
        Q(kind=RollupKind.MONTH, start__gte=start, start__lt=end)
        | Q(kind=RollupKind.PERIOD, key__in=[p.slug for p in periods])
        | Q(kind=RollupKind.PEOPLE, key__in=[_people_key(p.slug) for p in people])
    )
    if community:
        wanted |= Q(kind=RollupKind.COMMUNITY)
    rows = FigureRollup.objects.filter(wanted).values_list("kind", "key", "start", "figures")
    months, by_slug, by_answers, made_up = MonthCounts(), {}, {}, None
    for kind, key, first_day, figures in rows:
        if kind == RollupKind.PERIOD:
            by_slug[key] = figures
        elif kind == RollupKind.PEOPLE:
            by_answers[key.removesuffix(":people")] = figures["demographics"]
        elif kind == RollupKind.COMMUNITY:
            made_up = figures
        else:
            months.add(
                first_day,
                **{
                    name: Decimal(value) if isinstance(value, str) else value
                    for name, value in figures.items()
                },
            )
    if community and made_up is None:  # nobody in the community yet
        made_up = {str(characteristic): [] for characteristic in SPECS}
    return Rollups(months, by_slug, by_answers, made_up)


# --- Asking the worker ----------------------------------------------------------------------

# The tables whose changes the triggers mark (reporting migration 0008).
WATCHED_TABLES = (
    "activities_activity",
    "activities_attendance",
    "community_cocreator",
    "community_demographics",
    "community_ethnicgroup",
    "impact_experienceresponse",
    "impact_casestudy",
)
_WRITES = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY|TRUNCATE)\s+(?:TABLE\s+)?"?('
    + "|".join(WATCHED_TABLES)
    + r")\b",
    re.IGNORECASE,
)
REFRESH_TASK = "reporting.refresh_rollups"
_tables_made = False


def _refresh_soon() -> None:
    """Hand the refresh to the worker (never raises for a broker fault: the sweep catches up).

    Not where tasks run in-process (the tests' settings): there the refresh would run inside
    whatever committed, and reading a report counts dirty months again anyway.
    """
    global _tables_made
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return
    if not _tables_made:
        # Writes made by migrations before the rollups' own come here too: nothing to count yet.
        _tables_made = DirtyRollup._meta.db_table in connection.introspection.table_names()
        if not _tables_made:
            return
    task_publish(task_name=REFRESH_TASK, kwargs={})


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    db = context["connection"]
    if db.in_atomic_block and isinstance(sql, str) and _WRITES.match(sql):
        if not any(func is _refresh_soon for _, func, _ in db.run_on_commit):
            transaction.on_commit(_refresh_soon, using=db.alias, robust=True)
    return result


def watch_connection(sender, connection, **kwargs) -> None:  # noqa: F811 - the signal's name
    """`connection_created`: when a transaction that wrote to a table the rollups are counted from
    commits, ask the worker to count the dirty months again (one task a transaction).

    The triggers have already marked the months, whatever wrote the rows; this only makes the
    worker come at once rather than at its next sweep. Writes outside a transaction (a shell,
    a script) are left to the sweep.
    """
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)
