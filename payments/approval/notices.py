"""Telling a person about their claim: returned for changes, and paid.

Each goes through `person_notify` (community's one pipeline) by the person's own channel, inside
the transaction that makes the change, keyed so it is made once: a claim returned again later
(after it was changed and sent again) is a new return, told again; a claim is paid once.
"""

from django.urls import reverse
from django.utils import timezone

from cocreation.lib.dates import date_text, session_text
from cocreation.lib.links import absolute_url
from community.messaging.notices import person_notify

from ..models import Claim, ClaimStatus, PaymentMethod
from ..money import claim_totals

TEMPLATES = "payments/approval/email/"


def returned_key(claim: Claim) -> str:
    """One message for each time a claim is returned (the moment it was, to the microsecond)."""
    return f"claim-returned:{claim.pk}:{claim.returned_at.strftime('%Y%m%dT%H%M%S%f')}"


def paid_key(claim: Claim) -> str:
    return f"claim-paid:{claim.pk}"


def _context(claim: Claim) -> dict:
    activity = claim.activity
    totals = claim_totals(claim)
    return {
        "activity_title": activity.title,
        "activity_when": session_text(activity.starts_at, activity.ends_at),
        "payment": str(totals["payment"]),
        "expenses": str(totals["expenses"]),
        "total": str(totals["total"]),
        # The claim's own portal page (the claims package's), to change it or read it.
        "portal_url": absolute_url(reverse("payments:my-claim", args=[claim.pk])),
    }


def claim_returned_send(*, claim: Claim):
    """A claim returned for changes, with the reason staff gave."""
    if claim.status != ClaimStatus.RETURNED or claim.returned_at is None:
        return None
    return person_notify(
        cocreator_id=claim.cocreator_id,
        kind="claim_returned",
        key=returned_key(claim),
        template=TEMPLATES + "claim_returned",
        context={**_context(claim), "reason": claim.returned_reason},
    )


def claim_paid_send(*, claim: Claim):
    """A claim paid: what was paid and how."""
    if claim.status != ClaimStatus.PAID:
        return None
    return person_notify(
        cocreator_id=claim.cocreator_id,
        kind="claim_paid",
        key=paid_key(claim),
        template=TEMPLATES + "claim_paid",
        context={
            **_context(claim),
            "by_payroll": claim.method == PaymentMethod.PAYROLL,
            "voucher": claim.method == PaymentMethod.VOUCHER,
            "donation": claim.method == PaymentMethod.DONATION,
            "charity": claim.charity,
            "paid_on": date_text(timezone.localdate(claim.paid_at)) if claim.paid_at else "",
        },
    )
