"""Telling everyone who took part what came of it, once, through community's pipeline
(`messages_queue`): each co-creator with an attended attendance on the consultation's activity,
by their own channel, under the key `consultation-outcome:<consultation>:<person>`, so a second
publish (a double click, two members of staff at once) tells nobody twice. Public visitors who
answered without a record cannot be reached; they see it on the consultation's page."""

from collections.abc import Iterable

from community.messaging.queueing import messages_queue

from ..models import Outcome

KIND = "consultation_outcome"
TEMPLATE = "consultations/email/consultation_outcome"


def outcome_published_send(*, outcome: Outcome, cocreator_ids: Iterable[int], page_url: str):
    """Queue the message to each person (inside the publishing transaction)."""
    consultation = outcome.consultation
    return messages_queue(
        cocreator_ids=cocreator_ids,
        kind=KIND,
        key_prefix=f"consultation-outcome:{consultation.pk}",
        template=TEMPLATE,
        context={
            "title": consultation.title,
            "we_asked": outcome.we_asked,
            "you_said": outcome.you_said,
            "we_did": outcome.we_did,
            "we_could_not": outcome.we_could_not,
            "page_url": page_url,
        },
    )
