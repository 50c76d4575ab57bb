"""Small-number suppression for every figure about people shown outside the staff team.

The rule (shared/reference/SOURCES.md, NHS Digital's disclosure control) is for people: counts
of people and figures made from people (answers, pairs, participants, hours). 0 shows as 0, 1 to
7 as "*", 8 and above rounded to the nearest 5; a percentage is worked out from the rounded
figures and suppressed if either is; hours only where 8 or more different people attended, to
the nearest 5, and a ratio of hours (the centre of gravity) worked out from the hours as shown.
Counts of activities, projects, themes and records identify nobody and are shown as they are. Staff see every figure exact (`EXACT`), marked as
theirs (`EXACT_NOTICE`). docs/architecture.md ("Which figures are suppressed") gives the reason.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "*"
SMALLEST_SHOWN = 8
# The words on every page and export that shows staff exact figures.
EXACT_NOTICE = "Exact figures — for the involvement team only; do not share"


def exact_share(numerator: int, denominator: int) -> str:
    """An exact percentage to one decimal place ("72.0%"), or "" with nothing to divide by."""
    if denominator == 0:
        return ""
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{value}%"


@dataclass(frozen=True)
class SafeCount:
    """A count as it may be shown: `shown` is an int, or "*" when suppressed."""

    shown: int | str

    @property
    def suppressed(self) -> bool:
        return self.shown == SUPPRESSED

    def __str__(self) -> str:
        return f"{self.shown:,}" if isinstance(self.shown, int) else self.shown


def safe_count(n: int) -> SafeCount:
    """Apply the rule to one count."""
    if n < 0:
        raise ValueError("A count cannot be negative.")
    if n == 0:
        return SafeCount(0)
    if n < SMALLEST_SHOWN:
        return SafeCount(SUPPRESSED)
    rounded = int((Decimal(n) / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 5)
    return SafeCount(rounded)


def safe_percentage(numerator: int, denominator: int) -> str:
    """A percentage from the rounded counts, to one decimal place, or "*"."""
    num, den = safe_count(numerator), safe_count(denominator)
    if num.suppressed or den.suppressed or den.shown == 0:
        return SUPPRESSED
    value = (Decimal(num.shown) * 100 / Decimal(den.shown)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{value}%"


def safe_share(numerator: int, denominator: int) -> str:
    """`safe_percentage`, except that with nothing to divide by there is no figure at all: ""."""
    if denominator == 0:
        return ""
    return safe_percentage(numerator, denominator)


def _exact_hours(hours) -> str:
    """Hours as they are, to one decimal place where there is a part hour: "1,234", "12.5"."""
    value = Decimal(str(hours)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{value:,}"
    return text[:-2] if text.endswith(".0") else text


def safe_hours(hours, people: int) -> str:
    """A total of hours from `people` different people: 0, "*" for 1 to 7 people, else to the
    nearest 5.

    Count people, not attendance records: one person at 8 sessions would otherwise show their own
    hours. Rounding matters too: with every total shown exactly, the hours of a level hidden for
    having 1 to 7 people could be found by subtracting the shown levels from the shown total.
    """
    if people < 0:
        raise ValueError("A count cannot be negative.")
    if people == 0:
        return "0"
    if people < SMALLEST_SHOWN:
        return SUPPRESSED
    rounded = int((Decimal(str(hours)) / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 5)
    return f"{rounded:,}"


def shown_difference(earlier: str, later: str) -> str:
    """The change between two figures as shown ("12.5%", "70.0"), signed: "+2.5", "-1.0", "0.0".

    Worked out from the shown figures, so a reader can check it; "*" if either is suppressed and
    "" if either is missing.
    """
    if SUPPRESSED in (earlier, later):
        return SUPPRESSED
    if "" in (earlier, later):
        return ""
    difference = Decimal(later.rstrip("%").replace(",", "")) - Decimal(
        earlier.rstrip("%").replace(",", "")
    )
    return "0.0" if difference == 0 else f"{difference:+.1f}"


@dataclass(frozen=True)
class Disclosure:
    """How a report shows its figures: exact, for the involvement team, or for the steering group.

    The small-number rule is for people: counts of people and figures made from people (answers,
    pairs, participants, hours where few people attended). Counts of activities, projects,
    themes and records identify nobody, so both ways show them as they are (`records`).
    """

    exact: bool

    @property
    def name(self) -> str:
        return "exact" if self.exact else "steering"

    def people(self, n: int) -> str:
        """A count of people (or of their answers)."""
        return f"{n:,}" if self.exact else str(safe_count(n))

    def records(self, n: int) -> str:
        """A count of activities, projects, themes or records: never suppressed."""
        return f"{n:,}"

    def people_share(self, numerator: int, denominator: int) -> str:
        """A percentage of people, to one decimal place ("" with nothing to divide by)."""
        if self.exact:
            return exact_share(numerator, denominator)
        return safe_share(numerator, denominator)

    def records_share(self, numerator: int, denominator: int) -> str:
        """A percentage of activities, projects or records: exact in both ways."""
        return exact_share(numerator, denominator)

    def hours(self, hours, people: int) -> str:
        """Hours from `people` different people."""
        if self.exact:
            return _exact_hours(hours) if people else "0"
        return safe_hours(hours, people)

    def hours_ratio(self, top, bottom, people: int) -> tuple[str, str, str]:
        """(ratio, top, bottom) of two totals of hours from `people` people, the ratio to 2 places.

        The ratio is worked out from the two totals as shown (for the steering group, rounded to
        the nearest 5), so a reader can check it from the figures beside it.
        """
        shown_top, shown_bottom = self.hours(top, people), self.hours(bottom, people)
        if SUPPRESSED in (shown_top, shown_bottom):
            return SUPPRESSED, shown_top, shown_bottom
        top_value = Decimal(str(top)) if self.exact else Decimal(shown_top.replace(",", ""))
        bottom_value = (
            Decimal(str(bottom)) if self.exact else Decimal(shown_bottom.replace(",", ""))
        )
        if people == 0 or bottom_value == 0:
            return "", shown_top, shown_bottom
        ratio = (top_value / bottom_value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return str(ratio), shown_top, shown_bottom

    def records_mean(self, total, n: int) -> str:
        """A mean over `n` records (not people), to one decimal place: "" for none."""
        if n == 0:
            return ""
        return str((Decimal(str(total)) / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


EXACT = Disclosure(exact=True)
STEERING = Disclosure(exact=False)
