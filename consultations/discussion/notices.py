"""Telling staff that an idea or post has crisis words, through community's one pipeline
(`account_notify`: staff are accounts, not co-creators), once per idea or post.

Who is told: the consultation's owner, or if it has none the member of staff who made it. If
neither is there, nobody is emailed, but the post is still at the top of the moderation queue.
The email has no words from the post (an inbox is not the place for them): it says that something
needs looking at and links to the moderation queue.
"""

from django.urls import reverse

from cocreation.lib.links import absolute_url
from community.messaging.notices import account_notify

from ..models import Contribution, ContributionKind

TEMPLATES = "consultations/email/"
CRISIS_FLAG_KIND = "consultation_crisis_flag"


def crisis_flag_key(contribution: Contribution) -> str:
    return f"consultation-crisis:{contribution.pk}"


def crisis_flag_send(*, contribution: Contribution):
    """Tell the owner (else the creator) of the consultation; None when there is nobody to tell."""
    consultation = contribution.consultation
    user_id = consultation.owner_id or consultation.created_by_id
    if user_id is None:
        return None
    return account_notify(
        user_id=user_id,
        kind=CRISIS_FLAG_KIND,
        key=crisis_flag_key(contribution),
        template=TEMPLATES + CRISIS_FLAG_KIND,
        context={
            "consultation_title": consultation.title,
            "what": "an idea" if contribution.kind == ContributionKind.IDEA else "a post",
            "queue_url": absolute_url(reverse("consultations:staff-moderation")),
        },
    )
