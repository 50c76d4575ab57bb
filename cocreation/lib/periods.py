"""NHS financial-year periods: the year runs 1 April to 31 March; Q1 is April to June."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Period:
    """A span of whole days [start, end), with a label people read."""

    kind: str  # "quarter", "half" or "year"
    year: int  # the calendar year the financial year starts in (2026 for 2026/27)
    number: int  # 1-4 for quarters, 1-2 for halves, 1 for the year
    start: date
    end: date  # the day after the last day

    @property
    def is_half(self) -> bool:
        return self.kind == "half"

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def span(self) -> str:
        first, last = self.start, self.last_day
        if first.year == last.year:
            return f"{MONTH_NAMES[first.month - 1]} to {MONTH_NAMES[last.month - 1]} {last.year}"
        return f"{MONTH_NAMES[first.month - 1]} {first.year} to {MONTH_NAMES[last.month - 1]} {last.year}"

    @property
    def label(self) -> str:
        prefix = {"quarter": f"Q{self.number}", "half": f"H{self.number}", "year": ""}[self.kind]
        return f"{self.financial_year} {prefix} ({self.span})".replace("  ", " ")

    @property
    def slug(self) -> str:
        suffix = {"quarter": f"q{self.number}", "half": f"h{self.number}", "year": "year"}[
            self.kind
        ]
        return f"{self.year}-{suffix}"

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes in the site's time zone, for filtering timestamps."""
        return day_bounds(self.start, self.end)

    def previous(self) -> "Period":
        return period_containing(date.fromordinal(self.start.toordinal() - 1), self.kind)

    def same_period_a_year_before(self) -> "Period":
        return make_period(self.kind, self.year - 1, self.number)


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes at the site's midnight for the days [start, end)."""
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.min, tzinfo=tz)


def _add_months(d: date, months: int) -> date:
    index = d.month - 1 + months
    return date(d.year + index // 12, index % 12 + 1, 1)


def make_period(kind: str, year: int, number: int = 1) -> Period:
    """The period of that kind, financial year and number."""
    months, count = {"quarter": (3, 4), "half": (6, 2), "year": (12, 1)}[kind]
    if not 1 <= number <= count:
        raise ValueError(f"A {kind} number must be from 1 to {count}.")
    start = _add_months(date(year, 4, 1), months * (number - 1))
    return Period(kind, year, number, start, _add_months(start, months))


def period_containing(day: date, kind: str = "quarter") -> Period:
    """The period of that kind that contains the day."""
    year = day.year if day.month >= 4 else day.year - 1
    months_in = (day.month - 4) % 12
    size = {"quarter": 3, "half": 6, "year": 12}[kind]
    return make_period(kind, year, months_in // size + 1)


def parse_slug(slug: str) -> Period:
    """'2026-q1', '2026-h2' or '2026-year' to a Period; ValueError for anything else."""
    try:
        year_text, part = slug.split("-", 1)
        year = int(year_text)
    except ValueError:
        raise ValueError(f"Not a period: {slug!r}") from None
    if part == "year":
        return make_period("year", year)
    if len(part) == 2 and part[0] in "qh" and part[1].isdigit():
        return make_period("quarter" if part[0] == "q" else "half", year, int(part[1]))
    raise ValueError(f"Not a period: {slug!r}")


def periods_in_year(year: int) -> list[Period]:
    """A financial year, its two halves and its four quarters, in that order."""
    return (
        [make_period("year", year)]
        + [make_period("half", year, n) for n in (1, 2)]
        + [make_period("quarter", year, n) for n in (1, 2, 3, 4)]
    )


def started_period_choices(today: date, years: Iterable[int]) -> list[tuple[str, str]]:
    """(slug, label) of the year, halves and quarters of each financial year in `years` (in that
    order) that have started by `today`. For period pickers."""
    return [(p.slug, p.label) for year in years for p in periods_in_year(year) if p.start <= today]


def recent_period_choices(today: date, *, including: Period | None = None) -> list[tuple[str, str]]:
    """(slug, label) of this financial year and the one before: the year, halves and quarters
    that have started, newest year first; and first `including` (the period a page shows) when
    it is not among them. For the staff pages' period pickers."""
    current = period_containing(today, "year").year
    choices = started_period_choices(today, (current, current - 1))
    if including is not None and including.slug not in dict(choices):
        choices.insert(0, (including.slug, including.label))
    return choices


def period_asked(slug: str, today: date) -> Period:
    """The period a `?period=` slug names, or the current quarter without one.

    ValueError for a slug that names no period.
    """
    return parse_slug(slug) if slug else period_containing(today, "quarter")
