"""Telling one person about something that is theirs (a booking, a change, a reminder).

`person_notify` records one message under a key, by the person's own choice of channel, through
the one pipeline (`message_queue`); an email can carry files (an event's `.ics`). When nothing can
go by email or text but the person asked for a phone call or post, it puts the message on the
staff's "to contact" list for the day instead (`ToContact`, under the same key), so someone who
asked to be rung is rung rather than missed. The key makes both happen once at most.

`account_notify` tells an account that is not a co-creator (a system partner, a service team's
contact) about its own access (a login given, an answer to a support request, an accreditation
decision, a renewal reminder): the same shape, by email only, to the account's address.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cocreation.lib.email import render_plain

from ..models import (
    CoCreator,
    CoCreatorStatus,
    HandContactMethod,
    Message,
    MessageStatus,
    ToContact,
)
from .channels import preferences_url, unsubscribe_url
from .queueing import account_message_queue, message_queue
from .sending import ATTACHMENTS


def by_hand_method(person: CoCreator | None) -> str:
    """How staff reach this person by hand ('' when they asked for neither, left or opted out).

    A phone call when they asked for one and have a number; otherwise post when they asked for it.
    """
    if (
        person is None
        or person.status == CoCreatorStatus.LEFT
        or person.email_unsubscribed_at is not None
    ):
        return ""
    if person.prefers_phone and person.phone:
        return HandContactMethod.PHONE
    if person.prefers_post:
        return HandContactMethod.POST
    return ""


def what_to_say(template: str, context: dict, person: CoCreator) -> str:
    """The message's text version, for staff to read out or post."""
    return render_plain(
        f"{template}_body.txt",
        {
            **context,
            "cocreator": person,
            "unsubscribe_url": unsubscribe_url(person.pk),
            "preferences_url": preferences_url(),
        },
    ).strip()


@transaction.atomic
def person_notify(
    *,
    cocreator_id: int,
    kind: str,
    key: str,
    template: str,
    context: dict | None = None,
    attachments: list[dict] | None = None,
    due_on: datetime.date | None = None,
) -> tuple[Message, ToContact | None]:
    """Record one message to one person under `key` (once, however often it is asked for).

    `context` and `attachments` (each {"filename", "content", "mimetype"}, text content) must be
    plain JSON values: a worker renders and sends the message later from the row. Call it inside
    the transaction that makes the change the message is about. Returns the message and, for
    someone reached by hand, their row on the "to contact" list (due `due_on`, or today).
    """
    context = dict(context or {})
    if attachments:
        context[ATTACHMENTS] = [dict(a) for a in attachments]
    message = message_queue(
        cocreator_id=cocreator_id, kind=kind, key=key, template=template, context=context
    )
    if message.status != MessageStatus.SKIPPED:
        return message, None
    person = message.cocreator
    method = by_hand_method(person)
    if not method:
        return message, None
    text_context = {k: v for k, v in context.items() if k != ATTACHMENTS}
    try:
        with transaction.atomic():
            row = ToContact.objects.create(
                key=key,
                cocreator=person,
                kind=kind,
                method=method,
                due_on=due_on or timezone.localdate(),
                what_to_say=what_to_say(template, text_context, person),
            )
    except IntegrityError:
        row = ToContact.objects.get(key=key)  # already on the list under this key
    return message, row


@transaction.atomic
def account_notify(
    *,
    user_id: int,
    kind: str,
    key: str,
    template: str,
    context: dict | None = None,
) -> Message:
    """Record one email to an account that is not a co-creator under `key` (once, however often
    it is asked for).

    For partners and service teams (`Role.PARTNER`), who have no channel choices, phone or post:
    the email goes to the account's own address, with no unsubscribe link (it is a service
    message about their own access); templates see `account` (the user: `full_name`, `email`)
    where a co-creator's see `cocreator`. `context` must be plain JSON values: a worker renders
    and sends the message later from the row. Call it inside the transaction that makes the
    change the message is about. A closed account or an erased address gives a SKIPPED row with
    the reason. Returns the message.
    """
    return account_message_queue(
        user_id=user_id, kind=kind, key=key, template=template, context=dict(context or {})
    )
