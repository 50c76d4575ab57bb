"""Claims: made from attendance, expenses added, submitted (by the person or staff for them)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from activities.models import ActivityPayment, AttendanceStatus

from ..choices import current_choices
from ..models import Claim, ClaimStatus, PaymentMethod
from ..money import pence, rate_for, rates_on

# A claim still open to change by the person (or staff for them).
EDITABLE = (ClaimStatus.DRAFT, ClaimStatus.RETURNED)


@transaction.atomic
def claims_draft_for_attendance(*, activity, cocreator_ids) -> list[Claim]:
    """After a paid session's register: a draft claim for each person who attended and has not
    declined payment, hours from attendance and the rate valid on the session's day.

    A draft (or returned) claim follows later changes to the register (hours, role); a claim
    already submitted is left as it is. Nobody who declined is given a claim here (they may still
    claim expenses themselves). Returns the claims made or changed.
    """
    if activity.payment != ActivityPayment.PAID:
        return []
    day = timezone.localdate(activity.starts_at)
    rates = list(rates_on(day))
    attended = {
        a.cocreator_id: a
        for a in activity.attendances.filter(
            cocreator_id__in=cocreator_ids, status=AttendanceStatus.ATTENDED
        )
    }
    choices = current_choices(attended)
    existing = {c.cocreator_id: c for c in activity.claims.filter(cocreator_id__in=cocreator_ids)}
    touched = []
    for cocreator_id, attendance in attended.items():
        claim = existing.get(cocreator_id)
        choice = choices.get(cocreator_id)
        declined = choice is not None and choice.method == PaymentMethod.DECLINED
        if claim is None and declined:
            continue
        if claim is not None and claim.status not in EDITABLE:
            continue
        rate = None if declined else rate_for(
            day=day, level=activity.level, role=attendance.role, hours=attendance.hours, rates=rates
        )
        amount = pence(rate.amount) if rate is not None else Decimal("0.00")
        if claim is None:
            claim = Claim.objects.create(
                cocreator_id=cocreator_id,
                activity=activity,
                hours=attendance.hours,
                rate=rate,
                payment_amount=amount,
            )
        elif (claim.hours, claim.rate_id, claim.payment_amount) != (
            attendance.hours,
            rate.pk if rate else None,
            amount,
        ):
            claim.hours, claim.rate, claim.payment_amount = attendance.hours, rate, amount
            claim.save(update_fields=["hours", "rate", "payment_amount", "updated_at"])
        else:
            continue
        touched.append(claim)
    return touched
