"""Scoring for the Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS), and its pairing.

Scoring is pure Python. The seven statements and the raw-to-metric conversion table are
published data, so they live as CSV files in `impact/reference_data/` (see its SOURCES.md)
rather than as constants here: staff can replace them without a code change.

`wellbeing_change` is the one rule for pairing a person's "before" and follow-up answers: the
staff survey results and the steering-group report both use it.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Value, Window
from django.db.models.functions import RowNumber

from .models import SurveyKind, WellbeingResponse

REFERENCE_DATA = Path(__file__).resolve().parent / "reference_data"
CONVERSION_CSV = REFERENCE_DATA / "swemwbs_conversion.csv"
ITEMS_CSV = REFERENCE_DATA / "swemwbs_items.csv"

# Every copy of the scale must show this (registration terms of Warwick Medical School).
LICENCE_NOTICE = (
    "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, "
    "University of Warwick and University of Edinburgh, 2008, all rights reserved."
)

ANSWER_CHOICES = [
    (1, "None of the time"),
    (2, "Rarely"),
    (3, "Some of the time"),
    (4, "Often"),
    (5, "All of the time"),
]
RECALL_PERIOD = "over the last 2 weeks"

ITEM_COUNT = 7
MIN_ANSWER = 1
MAX_ANSWER = 5
MIN_RAW = ITEM_COUNT * MIN_ANSWER  # 7
MAX_RAW = ITEM_COUNT * MAX_ANSWER  # 35


class ReferenceDataError(ValueError):
    """A SWEMWBS reference file is missing rows, malformed or inconsistent."""


class ChangeClass(models.TextChoices):
    IMPROVED = "improved", "Improved"
    NO_CHANGE = "no_change", "No meaningful change"
    WORSE = "worse", "Worse"


def _read_rows(path: Path, expected_header: list[str]) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    if not rows or [cell.strip() for cell in rows[0]] != expected_header:
        raise ReferenceDataError(
            f"{path.name} must start with the header {','.join(expected_header)}."
        )
    body = rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(expected_header):
            raise ReferenceDataError(
                f"{path.name} line {number} should have {len(expected_header)} columns, "
                f"it has {len(row)}."
            )
    return body


def load_items(path: Path = ITEMS_CSV) -> list[tuple[int, str]]:
    """Read and check the seven SWEMWBS statements, numbered 1 to 7 in order."""
    items = []
    for number, wording in _read_rows(path, ["item", "wording"]):
        try:
            items.append((int(number), wording.strip()))
        except ValueError:
            raise ReferenceDataError(
                f"{path.name}: item number {number!r} is not a whole number."
            ) from None
    if [number for number, _ in items] != list(range(1, ITEM_COUNT + 1)):
        raise ReferenceDataError(f"{path.name} must list items 1 to {ITEM_COUNT} in order.")
    if not all(wording for _, wording in items):
        raise ReferenceDataError(f"{path.name}: every item needs its wording.")
    return items


def load_conversion_table(path: Path = CONVERSION_CSV) -> dict[int, Decimal]:
    """Read and check the raw total to metric score table (raw 7 to 35, strictly increasing)."""
    table: dict[int, Decimal] = {}
    for raw_text, metric_text in _read_rows(path, ["raw_score", "metric_score"]):
        try:
            raw = int(raw_text)
            metric = Decimal(metric_text.strip())
        except (ValueError, InvalidOperation):
            raise ReferenceDataError(
                f"{path.name}: row {raw_text!r},{metric_text!r} is not a whole raw score "
                "and a decimal metric score."
            ) from None
        if not metric.is_finite():
            raise ReferenceDataError(f"{path.name}: metric score for raw {raw} is not a number.")
        if raw in table:
            raise ReferenceDataError(f"{path.name}: raw score {raw} appears more than once.")
        table[raw] = metric

    expected = set(range(MIN_RAW, MAX_RAW + 1))
    if set(table) != expected:
        missing = sorted(expected - set(table))
        extra = sorted(set(table) - expected)
        raise ReferenceDataError(
            f"{path.name} must have exactly one row for each raw score {MIN_RAW} to {MAX_RAW} "
            f"(29 rows); missing {missing}, unexpected {extra}."
        )
    ordered = [table[raw] for raw in sorted(table)]
    for raw, (lower, higher) in enumerate(zip(ordered, ordered[1:], strict=False), start=MIN_RAW):
        if higher <= lower:
            raise ReferenceDataError(
                f"{path.name}: metric scores must strictly increase, but raw {raw + 1} "
                f"({higher}) is not above raw {raw} ({lower})."
            )
    return dict(sorted(table.items()))


@cache
def _cached_items() -> tuple[tuple[int, str], ...]:
    return tuple(load_items())


@cache
def _cached_conversion_table() -> tuple[tuple[int, Decimal], ...]:
    return tuple(load_conversion_table().items())


def items() -> list[tuple[int, str]]:
    """The seven SWEMWBS statements as (number, wording), in order."""
    # A fresh list each time, so a caller cannot change the cached copy.
    return list(_cached_items())


def conversion_table() -> dict[int, Decimal]:
    """Raw total (7 to 35) to metric score."""
    return dict(_cached_conversion_table())


def raw_total(answers: Sequence[int]) -> int:
    """Sum of the seven answers, each 1 (None of the time) to 5 (All of the time)."""
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise ValueError(f"SWEMWBS needs a list of {ITEM_COUNT} answers, one per statement.")
    if len(answers) != ITEM_COUNT:
        raise ValueError(
            f"SWEMWBS needs exactly {ITEM_COUNT} answers, one per statement; got {len(answers)}."
        )
    for position, answer in enumerate(answers, start=1):
        # bool is a subclass of int, but True is not an answer.
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ValueError(
                f"Answer {position} must be a whole number from {MIN_ANSWER} to {MAX_ANSWER}; "
                f"got {answer!r}."
            )
        if not MIN_ANSWER <= answer <= MAX_ANSWER:
            raise ValueError(
                f"Answer {position} must be from {MIN_ANSWER} (None of the time) to "
                f"{MAX_ANSWER} (All of the time); got {answer}."
            )
    return sum(answers)


def metric_score(answers: Sequence[int]) -> Decimal:
    """The metric score (7.00 to 35.00) for seven answers, from the published conversion table."""
    return conversion_table()[raw_total(answers)]


def default_threshold() -> Decimal:
    """The change in metric score that counts as meaningful, from settings (default 3)."""
    return Decimal(str(getattr(settings, "SWEMWBS_CHANGE_THRESHOLD", "3")))


def _threshold_checked(threshold) -> Decimal:
    # Through str so a float 2.87 means 2.87, not its binary approximation.
    threshold = Decimal(str(threshold))
    if not threshold.is_finite() or threshold <= 0:
        raise ValueError(f"The change threshold must be a positive number; got {threshold}.")
    return threshold


def classify_change(before: Decimal, after: Decimal, *, threshold: Decimal) -> ChangeClass:
    """Improved if the score rose by at least `threshold`, worse if it fell by at least that."""
    before, after = (Decimal(str(value)) for value in (before, after))
    threshold = _threshold_checked(threshold)
    change = after - before
    if change >= threshold:
        return ChangeClass.IMPROVED
    if change <= -threshold:
        return ChangeClass.WORSE
    return ChangeClass.NO_CHANGE


# --- Pairing "before" and follow-up answers --------------------------------------------------


@dataclass(frozen=True)
class WellbeingChange:
    """People with a before-and-follow-up pair in a period, by how their score changed."""

    pairs: int
    improved: int
    worse: int

    @property
    def no_change(self) -> int:
        return self.pairs - self.improved - self.worse


def wellbeing_change(start: date, end: date, threshold: Decimal) -> WellbeingChange:
    """Pairs for follow-ups answered in [start, end), and how many improved or got worse.

    One query. Each person with a follow-up answered in the period is paired once: their latest
    follow-up in the period against their first "before" answered strictly before it. A "before"
    answered on the day of the follow-up or later is not a before. Improved means the metric score
    rose by at least `threshold`, worse that it fell by at least that.
    """
    return wellbeing_changes([(start, end)], threshold)[0]


def _first_of_each_person(answers, order: list):
    """Each person's first answer in `order`: one window over the rows."""
    first = Window(RowNumber(), partition_by=[F("cocreator")], order_by=order)
    # "<= 1", the same as "= 1" for a row number, because PostgreSQL then expects a share of
    # the rows rather than almost none, and joins the two windows by hashing instead of
    # comparing every pair (seconds instead of milliseconds at 25,000 answers).
    return answers.order_by().annotate(n=first).filter(n__lte=1)


def wellbeing_changes(spans: list[tuple[date, date]], threshold: Decimal) -> list[WellbeingChange]:
    """`wellbeing_change` for each [start, end) span, in one query whatever their number.

    A person's first "before" answered before their latest follow-up is their first "before" of
    all, when that is earlier than the follow-up; when it is not, none is. So two windows and a
    join pair everyone at once, instead of a lookup for each person.
    """
    threshold = _threshold_checked(threshold)
    followups = [
        WellbeingResponse.objects.filter(
            kind=SurveyKind.WELLBEING_FOLLOWUP, answered_on__gte=start, answered_on__lt=end
        )
        for start, end in spans
    ]
    latest = [
        _first_of_each_person(rows, [F("answered_on").desc(), F("pk").desc()])
        .values("cocreator_id", "answered_on", "metric_score", span=Value(i))
        .query.sql_with_params()
        for i, rows in enumerate(followups)
    ]
    anyone = WellbeingResponse.objects.filter(
        kind=SurveyKind.WELLBEING_FOLLOWUP,
        answered_on__gte=min(start for start, _ in spans),
        answered_on__lt=max(end for _, end in spans),
    )
    first_sql, first_params = (
        _first_of_each_person(
            WellbeingResponse.objects.filter(
                kind=SurveyKind.WELLBEING_BEFORE, cocreator__in=anyone.values("cocreator")
            ),
            [F("answered_on"), F("pk")],
        )
        .values("cocreator_id", "answered_on", "metric_score")
        .query.sql_with_params()
    )
    # In whole hundredths, so a change of exactly the threshold counts on SQLite too, whose
    # decimals are floating point.
    change = "(ROUND(f.metric_score * 100) - ROUND(b.metric_score * 100))"
    sql = (
        "SELECT f.span, COUNT(*), "  # noqa: S608 - the parts are the ORM's own SQL
        f"SUM(CASE WHEN {change} >= %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {change} <= %s THEN 1 ELSE 0 END) "
        f"FROM ({' UNION ALL '.join(part for part, _ in latest)}) f "
        f"INNER JOIN ({first_sql}) b ON b.cocreator_id = f.cocreator_id "
        "WHERE b.answered_on < f.answered_on GROUP BY f.span"
    )
    hundredths = int(threshold * 100)
    params = [hundredths, -hundredths, *(p for _, part in latest for p in part), *first_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {span: (pairs, int(up), int(down)) for span, pairs, up, down in cursor.fetchall()}
    return [WellbeingChange(*found.get(i, (0, 0, 0))) for i in range(len(spans))]


def wellbeing_pairs(start: date, end: date, threshold: Decimal) -> tuple[int, int]:
    """(people with a before-and-follow-up pair for follow-ups in [start, end), those improved)."""
    change = wellbeing_change(start, end, threshold)
    return change.pairs, change.improved
