"""Telling a consultation's audience about it, through community's one pipeline
(`messages_queue`), by each person's own channel, once per person: keys
`consultation-invite:<consultation id>:<co-creator id>`. People without a login get their personal
link (answering without signing in); everyone else gets the consultation's page."""

from __future__ import annotations

from django.urls import reverse

from cocreation.lib.dates import moment_text
from cocreation.lib.links import absolute_url
from community.messaging.queueing import messages_queue
from community.models import Message

from ..models import Consultation
from .selectors import invite_key_prefix

KIND = "consultation_invite"
TEMPLATE = "consultations/email/consultation_invite"


def consultation_invite_send(
    *, consultation: Consultation, people: list[int], tokens: dict[int, str]
) -> int:
    """Queue the invitation for each of `people` (co-creator ids); `tokens` holds the personal
    link of those without a login. Returns how many had not been told before."""
    prefix = invite_key_prefix(consultation)
    already = set(
        Message.objects.filter(key__startswith=prefix + ":").values_list("cocreator_id", flat=True)
    )
    page_url = absolute_url(reverse("consultations:detail", args=[consultation.pk]))

    def person_context(pk: int) -> dict:
        token = tokens.get(pk)
        if token:
            return {
                "url": absolute_url(reverse("consultations:answer-by-link", args=[token])),
                "personal_link": True,
            }
        return {"url": page_url, "personal_link": False}

    messages_queue(
        cocreator_ids=people,
        kind=KIND,
        key_prefix=prefix,
        template=TEMPLATE,
        context={
            "title": consultation.title,
            "summary": consultation.summary,
            "closes": moment_text(consultation.closes_at),
            "minutes": consultation.minutes_to_take_part,
        },
        context_for=person_context,
    )
    return len(set(people) - already)
