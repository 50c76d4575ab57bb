"""Shaping the report's values: shown counts and percentages, periods, months and figures.

Every count is shown here, through a `Disclosure` (`cocreation.lib.disclosure`): exact for the
involvement team, or with the small-number rule on counts of people for the steering group. The
readings in `outcome1`, `outcome2` and `activity` return plain numbers and nothing else shows one.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from cocreation.lib.disclosure import Disclosure
from cocreation.lib.periods import Period, period_containing
from payments.money import money_text

from .definitions import HOW, LABELS


def people_percentage(d: Disclosure, numerator: int, denominator: int) -> dict:
    """A percentage of people (or their answers) with both counts, shown the way `d` says."""
    return {
        "value": d.people_share(numerator, denominator),
        "numerator": d.people(numerator),
        "denominator": d.people(denominator),
    }


def records_percentage(d: Disclosure, numerator: int, denominator: int) -> dict:
    """A percentage of activities, projects or records, with both counts: never suppressed."""
    return {
        "value": d.records_share(numerator, denominator),
        "numerator": d.records(numerator),
        "denominator": d.records(denominator),
    }


def people_count(d: Disclosure, n: int) -> dict:
    """A count block for people: the shown count, with no denominator."""
    shown = d.people(n)
    return {"value": shown, "numerator": shown, "denominator": ""}


def records_count(d: Disclosure, n: int) -> dict:
    """A count block for activities, projects or records: as it is."""
    shown = d.records(n)
    return {"value": shown, "numerator": shown, "denominator": ""}


def money_amount(amount: Decimal) -> dict:
    """A block for an amount of money, in pounds and pence: never suppressed (money identifies
    nobody), with no denominator."""
    shown = money_text(amount)
    return {"value": shown, "numerator": shown, "denominator": ""}


def period_info(period: Period) -> dict:
    """A period as the report names it."""
    return {"slug": period.slug, "label": period.label, "kind": period.kind}


def short_label(quarter: Period) -> str:
    """A quarter's label for a chart axis, such as "2025/26 Q1"."""
    return f"{quarter.financial_year} Q{quarter.number}"


def quarters_ending(period: Period, count: int) -> list[Period]:
    """The `count` quarters ending with the quarter that holds the period's last day, oldest first."""
    quarter = period_containing(period.last_day, "quarter")
    quarters = [quarter]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]


def _within(period: Period, month: date) -> bool:
    return period.start <= month < period.end


def month_of(value) -> date:
    """A month from TruncMonth: an aware datetime in the site's time zone (or a date)."""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value) if value.tzinfo else value
        return value.date().replace(day=1)
    return value.replace(day=1)


@dataclass
class MonthCounts:
    """Counts kept by month, so any period made of whole months can add them up."""

    months: dict[date, dict[str, Decimal | int]] = field(default_factory=dict)

    def add(self, month: date, **values) -> None:
        row = self.months.setdefault(month, {})
        for name, value in values.items():
            row[name] = row.get(name, 0) + (value or 0)

    def total(self, period: Period, name: str):
        return sum(
            (row.get(name, 0) for month, row in self.months.items() if _within(period, month)), 0
        )


def make_figure(key: str, kind: str, current: dict, previous: dict, *, unit: str = "", **how_args):
    """One figure of the report: its label, kind, unit, both blocks and how it is worked out."""
    return {
        "key": key,
        "label": LABELS[key],
        "kind": kind,
        "unit": unit,
        "current": current,
        "previous": previous,
        "how": HOW[key].format(**how_args),
    }
