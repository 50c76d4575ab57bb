"""Telling a person their claim is ready: once per claim, through community's one pipeline."""

from django.urls import reverse

from cocreation.lib.dates import session_text
from cocreation.lib.links import absolute_url
from community.messaging.notices import person_notify

from ..models import Claim

TEMPLATES = "payments/claims/email/"


def claim_ready_send(*, claim: Claim):
    """A draft claim made from a paid session's register: add any expenses and submit it.

    Recorded in the caller's transaction (the rows are the queue, handed over after commit) under
    `claim-ready:<claim id>`, so it is sent once however often the register is recorded.
    """
    activity = claim.activity
    return person_notify(
        cocreator_id=claim.cocreator_id,
        kind="claim_ready",
        key=f"claim-ready:{claim.pk}",
        template=TEMPLATES + "claim_ready",
        context={
            "activity_title": activity.title,
            "activity_when": session_text(activity.starts_at, activity.ends_at),
            "payment": str(claim.payment_amount),
            "has_payment": claim.payment_amount > 0,
            "claim_url": absolute_url(reverse("payments:my-claim", args=[claim.pk])),
        },
    )
