"""Payment rates: adding one, and changing one.

A rate no claim has used yet may be changed in full. Once a claim used it, only its end date
may be set (never before the last session a claim used it for): staff end it and add a new rate
from the next day, so a rate change never alters a past claim's rate or amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from activities.models import AttendanceRole, EngagementLevel
from cocreation.lib.dates import date_text
from community.models import User

from ..models import PENCE, PaymentRate
from .selectors import rate_claims_count, rate_clash, rate_in_words, rate_last_session_day

# What may still change on a rate a claim has used.
CHANGEABLE_ONCE_USED = frozenset({"valid_to"})
FIELDS = ("name", "level", "role", "up_to_hours", "amount", "valid_from", "valid_to")
_KEEP: Any = object()


def _as_decimal(value, what: str) -> Decimal:
    # Money and hours are Decimals all the way through: a float is a programming error.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"A rate's {what} is a Decimal, never {type(value).__name__}.")
    return Decimal(value)


def _checked(values: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    """The rate's values tidied, or a ValidationError naming each problem in plain English."""
    errors: dict[str, str] = {}
    name = " ".join(str(values["name"] or "").split())
    if not name:
        errors["name"] = "Enter a name for the rate, like Half day (up to 4 hours)"
    elif len(name) > 100:
        errors["name"] = "Name must be 100 characters or fewer"
    level = values["level"]
    if level is not None and level not in EngagementLevel.values:
        errors["level"] = "Choose an engagement level, or any level"
    role = values["role"] or ""
    if role and role not in AttendanceRole.values:
        errors["role"] = "Choose a role, or any role"
    amount = _as_decimal(values["amount"], "amount")
    if amount < 0:
        errors["amount"] = "The amount must be £0.00 or more"
    elif amount != amount.quantize(PENCE):
        errors["amount"] = "Enter the amount in pounds and pence, like 40.00"
    elif amount >= Decimal("1000000"):
        errors["amount"] = "The amount must be less than £1,000,000"
    hours = values["up_to_hours"]
    if hours is not None:
        hours = _as_decimal(hours, "hours")
        if hours <= 0 or hours >= 100 or hours != hours.quantize(PENCE):
            errors["up_to_hours"] = (
                "Enter the hours as a number more than 0 and under 100, like 4 or 3.5, or "
                "leave it empty for any length"
            )
    valid_from, valid_to = values["valid_from"], values["valid_to"]
    if not isinstance(valid_from, date):
        errors["valid_from"] = "Enter the first day the rate applies"
    elif valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = "The last day must be the same as or after the first day"
    if errors:
        raise ValidationError(errors)
    clash = rate_clash(
        level=level,
        role=role,
        up_to_hours=hours,
        valid_from=valid_from,
        valid_to=valid_to,
        exclude_pk=exclude_pk,
    )
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": (
                    f"These dates overlap {rate_in_words(clash)}, for the same level, role and "
                    "length. Choose dates that do not overlap, or set an end date on that rate "
                    "first"
                )
            }
        )
    return {
        "name": name,
        "level": level,
        "role": role,
        "up_to_hours": hours,
        "amount": amount.quantize(PENCE),
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


@transaction.atomic
def rate_add(
    *,
    name: str,
    level: int | None,
    role: str,
    up_to_hours: Decimal | None,
    amount: Decimal,
    valid_from: date,
    valid_to: date | None,
    actor: User | None,
) -> PaymentRate:
    """Add a payment rate, refused (ValidationError) when it overlaps one for the same level,
    role and length."""
    values = _checked(
        {
            "name": name,
            "level": level,
            "role": role,
            "up_to_hours": up_to_hours,
            "amount": amount,
            "valid_from": valid_from,
            "valid_to": valid_to,
        }
    )
    return PaymentRate.objects.create(**values, created_by=actor)


@transaction.atomic
def rate_update(
    *,
    rate: PaymentRate,
    name: str = _KEEP,
    level: int | None = _KEEP,
    role: str = _KEEP,
    up_to_hours: Decimal | None = _KEEP,
    amount: Decimal = _KEEP,
    valid_from: date = _KEEP,
    valid_to: date | None = _KEEP,
) -> PaymentRate:
    """Change a rate (only what is given). Once a claim has used it only the end date may
    change, and not to before the last session a claim used it for."""
    locked = PaymentRate.objects.select_for_update().get(pk=rate.pk)
    given = {
        "name": name,
        "level": level,
        "role": role,
        "up_to_hours": up_to_hours,
        "amount": amount,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    values = {
        field: getattr(locked, field) if value is _KEEP else value for field, value in given.items()
    }
    used = rate_claims_count(locked)
    if used:
        changed = [
            field
            for field in FIELDS
            if field not in CHANGEABLE_ONCE_USED and values[field] != getattr(locked, field)
        ]
        if changed:
            claims = "1 claim has" if used == 1 else f"{used} claims have"
            raise ValidationError(
                f"{claims} used this rate, so only its end date can be set. To change the "
                "rate, set an end date here and add a new rate from the next day"
            )
        last_day = rate_last_session_day(locked)
        if (
            values["valid_to"] is not None
            and last_day is not None
            and values["valid_to"] < last_day
        ):
            raise ValidationError(
                {
                    "valid_to": (
                        f"A claim used this rate for a session on {date_text(last_day)}, so it "
                        "cannot end before then"
                    )
                }
            )
    values = _checked(values, exclude_pk=locked.pk)
    for field, value in values.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(FIELDS))
    # The caller's copy shows what was saved.
    for field in FIELDS:
        setattr(rate, field, getattr(locked, field))
    return locked
