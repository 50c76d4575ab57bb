"""Money rules: which rate applies, mileage, a claim's totals. Decimal with pence, never float."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q

from .models import PENCE, PaymentRate


def pence(value) -> Decimal:
    """A money amount rounded half up to the penny. Refuses floats: money never is one."""
    if isinstance(value, float):
        raise TypeError("Money is a Decimal, never a float.")
    return Decimal(value).quantize(PENCE, rounding=ROUND_HALF_UP)


def money_text(amount) -> str:
    """An amount as people read it: "£1,250.00" (pounds and pence, a comma between thousands);
    "" for no amount. The one way payments writes money in words and on pages (the `money`
    template filter)."""
    if amount is None or amount == "":
        return ""
    return f"£{pence(amount):,.2f}"


def mileage_amount(miles) -> Decimal:
    """Miles times the mileage rate (PAYMENTS_MILEAGE_RATE, HMRC's 45p a mile by default)."""
    return pence(Decimal(miles) * Decimal(settings.PAYMENTS_MILEAGE_RATE))


def rates_on(day: date):
    """The rates valid on a day."""
    return PaymentRate.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day
    )


def most_specific(rates, *, level: int, role: str) -> list[PaymentRate]:
    """Of these rates, those that apply to a session of `level` in `role` (their level and role
    are the session's or empty), and of those only the most specific kind: level and role, then
    role, then level, then neither. Every band of that kind is kept."""
    applying = [
        r for r in rates if (r.level is None or r.level == level) and (not r.role or r.role == role)
    ]
    if not applying:
        return []
    best = max((bool(r.role), r.level is not None) for r in applying)
    return [r for r in applying if (bool(r.role), r.level is not None) == best]


def rate_for(*, day: date, level: int, role: str, hours: Decimal, rates=None) -> PaymentRate | None:
    """The rate for `hours` at a session of `level` in `role` on `day`, or None.

    Of the rates that apply (their level and role are the session's or empty), the most
    specific wins (level and role, then role, then level, then neither); among those, the
    smallest band that covers the hours, or the largest band when none does.
    `rates` may be given (already valid on the day) to save the query.
    """
    applying = most_specific(rates if rates is not None else rates_on(day), level=level, role=role)
    if not applying:
        return None
    covering = [r for r in applying if r.up_to_hours is None or r.up_to_hours >= hours]
    if covering:
        # Smallest covering band; an open band (no limit) comes last.
        return min(covering, key=lambda r: (r.up_to_hours is None, r.up_to_hours or 0, r.pk))
    return max(applying, key=lambda r: (r.up_to_hours or 0, -r.pk))


def claim_totals(claim) -> dict[str, Decimal]:
    """A claim's payment, its expenses and the two together (reads `claim.expenses`)."""
    expenses = sum((e.amount for e in claim.expenses.all()), Decimal("0.00"))
    return {
        "payment": pence(claim.payment_amount),
        "expenses": pence(expenses),
        "total": pence(claim.payment_amount + expenses),
    }
