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
