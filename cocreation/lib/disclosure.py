"""Small-number suppression for every figure shown outside the staff team.

The rule (shared/reference/SOURCES.md, NHS Digital's disclosure control): 0 shows as 0, 1 to 7
as "*", 8 and above rounded to the nearest 5; a percentage is worked out from the rounded
figures and suppressed if either is; a mean or median only where n is 8 or more.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUPPRESSED = "*"
SMALLEST_SHOWN = 8


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


def safe_mean(total, n: int, *, divisor=None, places: str = "0.1") -> str:
    """A mean shown only where it rests on 8 or more: "" for none, "*" for 1 to 7.

    `total / n`, or `total / divisor` for a weighted mean where n counts what it rests on (the
    centre of gravity is level-hours over hours, and n the different people who attended, not
    their attendance records). "" also when the divisor is 0: there is nothing to average.
    """
    if n < 0:
        raise ValueError("A count cannot be negative.")
    if n == 0:
        return ""
    if n < SMALLEST_SHOWN:
        return SUPPRESSED
    divide_by = Decimal(str(n if divisor is None else divisor))
    if divide_by == 0:
        return ""
    return str((Decimal(str(total)) / divide_by).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def safe_hours(hours, people: int) -> str:
    """A total of hours from `people` different people: 0, "*" for 1 to 7 people, else to the nearest 5.

    Count people, not attendance records: one person at 8 sessions would otherwise show their own
    hours.
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
