"""UK tax years: 6 April to 5 April, named by the year they start in ("2025 to 2026").

The day a payment falls in is its UK day (Europe/London, GMT or BST), whatever the server's time
zone, so an export made at 00:30 BST on 6 April is in the new year, not the old one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cocreation.lib.dates import UK, date_text, in_uk

# The first day of a tax year, as (month, day).
STARTS = (4, 6)
# Tax years a URL may name: the payments service started long after the first, and none is
# more than a year ahead of today's.
EARLIEST = 2000


@dataclass(frozen=True, order=True)
class TaxYear:
    """One UK tax year, by the calendar year it starts in (2025 is 6 April 2025 to 5 April 2026)."""

    start_year: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start_year, *STARTS)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start_year + 1, STARTS[0], STARTS[1] - 1)

    @property
    def label(self) -> str:
        """ "2025 to 2026"."""
        return f"{self.start_year} to {self.start_year + 1}"

    @property
    def span(self) -> str:
        """ "6 April 2025 to 5 April 2026"."""
        return f"{date_text(self.first_day)} to {date_text(self.last_day)}"

    @property
    def slug(self) -> str:
        """The year's part of a URL and a file name: "2025"."""
        return str(self.start_year)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware moments [start, end): midnight UK time on 6 April, and a year later."""
        start = datetime.datetime.combine(self.first_day, datetime.time.min, tzinfo=UK)
        end = datetime.datetime.combine(
            datetime.date(self.start_year + 1, *STARTS), datetime.time.min, tzinfo=UK
        )
        return start, end


def tax_year_of(value: datetime.date | datetime.datetime) -> TaxYear:
    """The tax year a day (or a moment, taken in UK time) falls in."""
    day = in_uk(value).date() if isinstance(value, datetime.datetime) else value
    start_year = day.year if (day.month, day.day) >= STARTS else day.year - 1
    return TaxYear(start_year)


def tax_year_asked(year: int, today: datetime.date) -> TaxYear | None:
    """The tax year a URL names, or None when no statement could be in it."""
    if year < EARLIEST or year > tax_year_of(today).start_year:
        return None
    return TaxYear(year)
