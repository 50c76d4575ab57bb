"""Reads for the rates pages, and what an activity's pages say about payment before booking.

Every amount is a Decimal with pence; the words are made here so that templates only print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone

from activities.models import ActivityPayment, AttendanceRole, EngagementLevel
from activities.selectors.words import hours_in_words
from cocreation.lib.dates import date_text

from ..models import Claim, PaymentRate
from ..money import money_text, most_specific, rates_on

ANY_LEVEL, ANY_ROLE, ANY_LENGTH = "Any level", "Any role", "Any length"
PAYMENT_LABEL, EXPENSES_LABEL = "Payment for taking part", "Expenses covered"
EXPENSES_ONLY = "Expenses only: no involvement payment"
VOLUNTEERING = "Volunteering: no payment or expenses"
PAID_NO_RATE = "Paid. Ask the involvement team about the rate."
EXPENSES_NOT_SAID = "Ask the involvement team which expenses you can claim."


def level_in_words(level: int | None) -> str:
    """A rate's level: its name, or "Any level"."""
    return ANY_LEVEL if level is None else EngagementLevel(level).label


def role_in_words(role: str) -> str:
    """A rate's role: its name, or "Any role"."""
    return AttendanceRole(role).label if role else ANY_ROLE


def band_in_words(up_to_hours: Decimal | None) -> str:
    """A rate's length: "Up to 4 hours", or "Any length"."""
    return ANY_LENGTH if up_to_hours is None else f"Up to {hours_in_words(up_to_hours)}"


def dates_in_words(valid_from: date, valid_to: date | None) -> str:
    """ "from 1 April 2026 to 31 March 2027", or "from 1 April 2026 with no end date"."""
    if valid_to is None:
        return f"from {date_text(valid_from)} with no end date"
    return f"from {date_text(valid_from)} to {date_text(valid_to)}"


def _level_phrase(level: int | None) -> str:
    return "any level" if level is None else f"the {EngagementLevel(level).label} level"


def rate_in_words(rate: PaymentRate) -> str:
    """One rate in a sentence, to name it in a message: what, for whom, how much, when."""
    return (
        f"“{rate.name}” ({_level_phrase(rate.level)}, "
        f"{role_in_words(rate.role).lower()}, {band_in_words(rate.up_to_hours).lower()}), "
        f"{money_text(rate.amount)} {dates_in_words(rate.valid_from, rate.valid_to)}"
    )


# --- The staff list ----------------------------------------------------------------------------


@dataclass
class RateRow:
    """A rate as the staff list shows it."""

    rate: PaymentRate
    claims: int

    @property
    def level(self) -> str:
        return level_in_words(self.rate.level)

    @property
    def role(self) -> str:
        return role_in_words(self.rate.role)

    @property
    def band(self) -> str:
        return band_in_words(self.rate.up_to_hours)

    @property
    def amount(self) -> str:
        return money_text(self.rate.amount)

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The rate as label and value pairs, for a summary list."""
        rate = self.rate
        return [
            ("Engagement level", self.level),
            ("Role in the session", self.role),
            ("Length", self.band),
            ("Amount", self.amount),
            ("First day", date_text(rate.valid_from)),
            ("Last day", date_text(rate.valid_to) if rate.valid_to else "No end date"),
        ]


@dataclass
class RateGroups:
    """Rates in use today, those that start later and those that have ended."""

    current: list[RateRow] = field(default_factory=list)
    future: list[RateRow] = field(default_factory=list)
    ended: list[RateRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.current or self.future or self.ended)


def _what_key(rate: PaymentRate) -> tuple:
    """Any level, role and length first, then by level, role and length."""
    return (
        rate.level is not None,
        rate.level or 0,
        bool(rate.role),
        rate.role,
        rate.up_to_hours is None,
        rate.up_to_hours or 0,
    )


def rates_grouped(*, today: date | None = None) -> RateGroups:
    """Every rate with how many claims used it, as current, future and ended, in one query."""
    today = today or timezone.localdate()
    groups = RateGroups()
    rows = PaymentRate.objects.annotate(claims_count=Count("claims")).order_by("pk")
    for rate in rows:
        row = RateRow(rate=rate, claims=rate.claims_count)
        if rate.valid_from > today:
            groups.future.append(row)
        elif rate.valid_to is not None and rate.valid_to < today:
            groups.ended.append(row)
        else:
            groups.current.append(row)
    groups.current.sort(key=lambda r: _what_key(r.rate))
    groups.future.sort(key=lambda r: (r.rate.valid_from, _what_key(r.rate)))
    groups.ended.sort(key=lambda r: (-r.rate.valid_to.toordinal(), _what_key(r.rate)))
    return groups


def rate_claims_count(rate: PaymentRate) -> int:
    """How many claims used the rate."""
    return Claim.objects.filter(rate=rate).count()


def rate_last_session_day(rate: PaymentRate) -> date | None:
    """The day of the latest session a claim used the rate for (UK time), or None."""
    latest = Claim.objects.filter(rate=rate).aggregate(latest=Max("activity__starts_at"))["latest"]
    return None if latest is None else timezone.localdate(latest)


def rate_clash(
    *,
    level: int | None,
    role: str,
    up_to_hours: Decimal | None,
    valid_from: date,
    valid_to: date | None,
    exclude_pk: int | None = None,
) -> PaymentRate | None:
    """A rate for the same level, role and length whose dates overlap these, or None."""
    rates = PaymentRate.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from),
        level=level,  # None matches "any level" only (IS NULL)
        role=role,
        up_to_hours=up_to_hours,
    )
    if valid_to is not None:
        rates = rates.filter(valid_from__lte=valid_to)
    if exclude_pk is not None:
        rates = rates.exclude(pk=exclude_pk)
    return rates.order_by("valid_from", "pk").first()


# --- What an activity's pages say about payment ------------------------------------------------


def participant_rates(*, day: date, level: int, rates=None) -> list[PaymentRate]:
    """The rates a participant at a session of `level` on `day` is paid by, shortest band first.

    The same choice `money.rate_for` makes: of the rates that apply, only the most specific kind
    (level and role, then role, then level, then neither), so the page says what a claim pays.
    """
    candidates = rates if rates is not None else rates_on(day)
    applying = most_specific(candidates, level=level, role=AttendanceRole.PARTICIPANT)
    return sorted(applying, key=lambda r: (r.up_to_hours is None, r.up_to_hours or 0, r.pk))


def rates_in_words(rates: list[PaymentRate]) -> str:
    """ "£40.00 for up to 4 hours; £75.00 for longer", or "£40.00 for the session"."""
    parts = []
    for rate in rates:
        amount = money_text(rate.amount)
        if rate.up_to_hours is not None:
            parts.append(f"{amount} for up to {hours_in_words(rate.up_to_hours)}")
        elif parts:
            parts.append(f"{amount} for longer")
        else:
            parts.append(f"{amount} for the session")
    return "; ".join(parts)


def payment_facts(activity) -> list[tuple[str, str]]:
    """What a person sees before booking: whether it is paid, at what rate, what expenses."""
    if activity.payment == ActivityPayment.VOLUNTEER:
        return [(PAYMENT_LABEL, VOLUNTEERING)]
    if activity.payment == ActivityPayment.PAID:
        rates = participant_rates(day=timezone.localdate(activity.starts_at), level=activity.level)
        payment = rates_in_words(rates) if rates else PAID_NO_RATE
    else:
        payment = EXPENSES_ONLY
    return [
        (PAYMENT_LABEL, payment),
        (EXPENSES_LABEL, activity.expenses_covered or EXPENSES_NOT_SAID),
    ]
