"""Saving groups, writing a message to a group and sending it through the one message pipeline.

Send (`group_message_send`) locks the message, opens a broadcast
(`community.messaging.queueing.broadcast_open`) with a copy of what it says, records how many
people it will reach and the highest id among them, and queues `reporting.build_group_message`
after commit; it returns at once, whatever the size of the group. The worker's
`group_message_build` then adds the people a batch at a time with `broadcast_add`, under keys
`group-message:<message id>:<person id>`, so a retried or repeated build sends nobody anything
twice. Each person is checked again by the pipeline when their message goes.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, ProtectedError
from django.utils import timezone
from django.utils.text import capfirst

from cocreation.jobs.services import outbox_enqueue
from community.messaging.queueing import broadcast_open

from ..newsletters.building import broadcast_build, broadcast_builds_requeue
from .criteria import criteria_clean, uses_equality
from .models import GroupChannel, GroupMessage, SavedGroup
from .selectors import group_recipients, may_choose_by_equality

KIND = "group-message"
TEMPLATE = "reporting/email/group_message"
BUILD_TASK = "reporting.build_group_message"
BUILD_BATCH = 1000
BUILD_STALLED_AFTER = dt.timedelta(minutes=10)
EMPTY = "Choose at least one way to pick people."


def _may_use_equality(actor) -> bool:
    """Staff with the equality-data permission; None is the system itself (demo data, tests)."""
    return actor is None or may_choose_by_equality(actor)


def _checked_criteria(criteria: dict, actor) -> dict:
    criteria = criteria_clean(criteria)
    if uses_equality(criteria) and not _may_use_equality(actor):
        raise PermissionDenied("Only staff with the equality-data permission can do this.")
    if not criteria:
        raise ValidationError(EMPTY)
    return criteria


@transaction.atomic
def saved_group_save(*, group: SavedGroup | None, actor, name: str, criteria: dict) -> SavedGroup:
    """Create or change a saved group (a name and the criteria)."""
    criteria = _checked_criteria(criteria, actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the group"})
    if group is None:
        group = SavedGroup(created_by=actor if actor and actor.is_authenticated else None)
    else:
        group = SavedGroup.objects.select_for_update().get(pk=group.pk)
        if uses_equality(group.criteria) and not _may_use_equality(actor):
            raise PermissionDenied
    group.name, group.criteria = name[:200], criteria
    group.save()
    return group


class GroupInUse(Exception):
    """The group is chosen by something that needs it (a consultation's audience, say)."""

    def __init__(self, users: list[str]):
        super().__init__(", ".join(users))
        self.users = users


@transaction.atomic
def saved_group_delete(*, group: SavedGroup, actor) -> None:
    """Delete a group; refused (`GroupInUse`, naming what uses it) while anything needs it."""
    if uses_equality(group.criteria) and not _may_use_equality(actor):
        raise PermissionDenied
    try:
        with transaction.atomic():
            SavedGroup.objects.filter(pk=group.pk).delete()
    except ProtectedError as protected:
        raise GroupInUse(
            sorted(
                f"{capfirst(row._meta.verbose_name)}: {row}" for row in protected.protected_objects
            )
        ) from None


def _check_text(*, channel: str, subject: str, body: str, sms_body: str) -> None:
    errors = {}
    if channel in (GroupChannel.EMAIL, GroupChannel.BOTH):
        if not subject.strip():
            errors["subject"] = "Enter a subject for the email"
        if not body.strip():
            errors["body"] = "Enter the email's text"
    if channel in (GroupChannel.SMS, GroupChannel.BOTH) and not sms_body.strip():
        errors["sms_body"] = "Enter the text message"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_message_save(
    *,
    message: GroupMessage | None,
    actor,
    criteria: dict,
    saved_group: SavedGroup | None,
    channel: str,
    subject: str,
    body: str,
    sms_body: str,
) -> GroupMessage:
    """Write (or change) a message to a group; it is a draft until sent."""
    criteria = _checked_criteria(criteria, actor)
    if channel not in GroupChannel.values:
        raise ValidationError({"channel": "Choose how to send the message"})
    _check_text(channel=channel, subject=subject, body=body, sms_body=sms_body)
    if message is None:
        message = GroupMessage(created_by=actor if actor and actor.is_authenticated else None)
    else:
        message = GroupMessage.objects.select_for_update().get(pk=message.pk)
        if message.is_sent:
            raise ValidationError("This message has been sent, so it cannot be changed.")
    message.criteria, message.saved_group, message.channel = criteria, saved_group, channel
    message.subject, message.body, message.sms_body = (
        subject.strip(),
        body.strip(),
        sms_body.strip(),
    )
    if channel == GroupChannel.SMS:
        message.subject, message.body = "", ""
    if channel == GroupChannel.EMAIL:
        message.sms_body = ""
    message.save()
    return message


def message_context(message: GroupMessage) -> dict:
    """What the templates are given (kept on the broadcast, so plain JSON values)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "sms_body": message.sms_body,
    }


@transaction.atomic
def group_message_send(*, message: GroupMessage, actor, now=None) -> GroupMessage:
    """Record that a message is going out, once, and leave adding the people to the worker.

    The row is locked, so two presses of Send (or two people) make one broadcast: a message
    already sent is returned as it is. A few queries, whatever the size of the group.
    """
    now = now or timezone.now()
    message = GroupMessage.objects.select_for_update(of=("self",)).get(pk=message.pk)
    if message.is_sent:
        return message
    if uses_equality(message.criteria) and not _may_use_equality(actor):
        raise PermissionDenied
    _check_text(
        channel=message.channel,
        subject=message.subject,
        body=message.body,
        sms_body=message.sms_body,
    )
    broadcast = broadcast_open(
        kind=KIND,
        title=str(message)[:300],
        template=TEMPLATE,
        context=message_context(message),
        created_by=actor,
    )
    audience = group_recipients(message.criteria, message.channel).aggregate(
        people=Count("pk"), last=Max("pk")
    )
    message.broadcast, message.sent_at = broadcast, now
    message.recipients_expected = audience["people"]
    message.recipients_through = audience["last"] or 0
    message.prepared_through, message.prepared_at = 0, None
    message.save()
    outbox_enqueue(task_name=BUILD_TASK, kwargs={"message_id": message.pk})
    return message


def group_message_build(*, message_id: int, batch_size: int = BUILD_BATCH) -> int:
    """Add the people of a sent message to its broadcast, a batch at a time (run by the worker).

    Each batch is one transaction: `broadcast_add` records a message per person under
    `group-message:<message id>:<person id>` (nobody is added twice however often this runs) and
    the message's `prepared_through` moves on; delivery takes each batch after it commits. The
    people are the group's, worked out again from the criteria kept at Send, up to the highest
    id there was then. Returns how many people it looked at.
    """
    message = (
        GroupMessage.objects.select_related("broadcast")
        .filter(pk=message_id, sent_at__isnull=False, prepared_at=None)
        .first()
    )
    if message is None:
        return 0
    return broadcast_build(
        row=message,
        people=group_recipients(message.criteria, message.channel).order_by("pk"),
        key_prefix=f"{KIND}:{message.pk}",
        batch_size=batch_size,
    )


def group_messages_build_stalled(*, now=None) -> int:
    """Queue the build again for a sent message whose people stopped being added (its worker
    died): one untouched for `BUILD_STALLED_AFTER`. Safe, as a build adds nobody twice."""
    now = now or timezone.now()
    stalled = GroupMessage.objects.filter(
        sent_at__isnull=False, prepared_at=None, updated_at__lte=now - BUILD_STALLED_AFTER
    )
    return broadcast_builds_requeue(
        stalled=stalled, task_name=BUILD_TASK, kwarg="message_id", now=now
    )
