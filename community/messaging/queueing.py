"""Recording messages (the rows are the queue) and handing them to the workers after commit.

`message_queue` (one person, one key), `messages_queue` (a list of people, keys
`<prefix>:<person id>`), `broadcast_start` (a digest round: a broadcast and its messages) and
`account_message_queue` (one account that is not a co-creator, by email) run inside the caller's
transaction; after commit the new rows go to `community.deliver_batch` in
batches. A send too big for one request (the newsletter) opens its broadcast with
`broadcast_open` and has a worker add the people a batch at a time with `broadcast_add`.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import IntegrityError, transaction

from cocreation.jobs.services import task_publish
from cocreation.lib.batches import chunks

from ..models import Broadcast, CoCreator, Message, MessageChannel, MessageStatus, User
from .channels import channel_for, has_sms_version, reason_not_to_send_account

# --- Starting a send ---------------------------------------------------------------------------


def _hand_over(message_ids: list[int]) -> int:
    """Give the workers these rows in batches, now; returns how many batches went.

    A broker that fails is not an error: the rows stay waiting and the resume sweep queues them
    after `MESSAGE_RESUME_AFTER_SECONDS`, so this process stops trying for as long.
    """
    batches = 0
    for chunk in chunks(sorted(message_ids), settings.MESSAGE_BATCH_SIZE):
        if not task_publish(
            task_name="community.deliver_batch",
            kwargs={"message_ids": chunk},
            backoff_seconds=settings.MESSAGE_RESUME_AFTER_SECONDS,
        ):
            break  # the rest wait for the sweep too
        batches += 1
    return batches


def hand_over_after_commit(message_ids: list[int]) -> None:
    if message_ids:
        ids = list(message_ids)
        transaction.on_commit(lambda: _hand_over(ids))


def _waiting_ids(keys: list[str]) -> list[int]:
    """The rows under these keys that no one has tried yet (new now, or left by a lost task)."""
    waiting = []
    for chunk in chunks(keys, 500):
        waiting += Message.objects.filter(
            key__in=chunk, status=MessageStatus.PENDING, attempts=0
        ).values_list("pk", flat=True)
    return waiting


def _messages_record(
    *,
    kind: str,
    template: str,
    key_prefix: str,
    cocreator_ids: Iterable[int],
    context_for: Callable[[int], dict],
    broadcast: Broadcast | None = None,
) -> list[str]:
    """Record a message each under `<key_prefix>:<co-creator id>` (a key already there is kept)."""
    has_sms = has_sms_version(template)
    keys = []
    for chunk in chunks(sorted(set(cocreator_ids)), 500):
        people = CoCreator.objects.filter(pk__in=chunk).prefetch_related("access_needs")
        rows = []
        for person in people:
            needs = {need.kind for need in person.access_needs.all()}
            channel, reason = channel_for(
                person, kind=kind, has_sms_version=has_sms, need_kinds=needs
            )
            key = f"{key_prefix}:{person.pk}"
            keys.append(key)
            rows.append(
                Message(
                    key=key,
                    cocreator=person,
                    kind=kind,
                    channel=channel,
                    broadcast=broadcast,
                    template="" if broadcast is not None else template,
                    context=context_for(person.pk) or {},
                    status=MessageStatus.SKIPPED if reason else MessageStatus.PENDING,
                    reason=reason,
                )
            )
        Message.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return keys


def broadcast_open(
    *, kind: str, title: str, template: str, context: dict | None = None, created_by=None
) -> Broadcast:
    """Record a send to many people before anyone is added to it (`broadcast_add` adds them).

    `context` is kept on the broadcast, so it must be plain JSON values: a worker renders each
    message later from the rows. `created_by` is the person who started the send.
    """
    return Broadcast.objects.create(
        kind=kind,
        title=title,
        template=template,
        context=context or {},
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )


@transaction.atomic
def broadcast_add(
    *,
    broadcast: Broadcast,
    recipients: Iterable[int],
    key_prefix: str,
    per_person_context: dict[int, dict] | None = None,
) -> int:
    """Add a message to a broadcast for each of these people, and queue the new ones after commit.

    Keys are `<key_prefix>:<co-creator id>`, so adding someone again (a retried or repeated task)
    makes no second message. For a send to many people made a batch at a time by a worker (the
    newsletter); returns how many people were looked at.
    """
    per_person_context = per_person_context or {}
    keys = _messages_record(
        kind=broadcast.kind,
        template=broadcast.template,
        key_prefix=key_prefix,
        cocreator_ids=recipients,
        context_for=lambda pk: per_person_context.get(pk) or per_person_context.get(str(pk), {}),
        broadcast=broadcast,
    )
    hand_over_after_commit(_waiting_ids(keys))
    return len(keys)


@transaction.atomic
def broadcast_start(
    *,
    kind: str,
    title: str,
    template: str,
    recipients: Iterable[int],
    context: dict | None = None,
    per_person_context: dict[int, dict] | None = None,
    key_prefix: str,
    created_by=None,
) -> Broadcast:
    """Record one send to many people, a message each, and queue it in batches after commit.

    Keys are `<key_prefix>:<co-creator id>`, so calling this again with the same prefix adds no
    second message for anyone (and returns the broadcast those messages already belong to).
    People who cannot be sent to are recorded SKIPPED with the reason. `context` is kept on the
    broadcast and each `per_person_context` entry on that person's message, so both must be plain
    JSON values (text, numbers, lists, dicts): a worker renders the message later from the rows.
    """
    wanted = sorted(set(recipients))
    # A second call with the same prefix joins the first broadcast rather than making another.
    existing_broadcast_id = (
        Message.objects.filter(key__in=[f"{key_prefix}:{pk}" for pk in wanted[:50]])
        .exclude(broadcast=None)
        .values_list("broadcast_id", flat=True)
        .first()
    )
    if existing_broadcast_id is not None:
        broadcast = Broadcast.objects.get(pk=existing_broadcast_id)
    else:
        broadcast = broadcast_open(
            kind=kind, title=title, template=template, context=context, created_by=created_by
        )
    broadcast_add(
        broadcast=broadcast,
        recipients=wanted,
        key_prefix=key_prefix,
        per_person_context=per_person_context,
    )
    return broadcast


@transaction.atomic
def messages_queue(
    *,
    cocreator_ids: Iterable[int],
    kind: str,
    key_prefix: str,
    template: str,
    context: dict | None = None,
    context_for: Callable[[int], dict] | None = None,
) -> list[Message]:
    """Record a message to each of these people and hand them to the workers after commit.

    Keys are `<key_prefix>:<co-creator id>`: calling again with the same prefix adds nothing and
    sends nothing twice. Each person's context is `context` with `context_for(id)` over it; both
    plain JSON values, as a worker renders the message later from the row. Call it inside the
    transaction that makes the change the message is about. Returns the rows, by key.
    """
    keys = _messages_record(
        kind=kind,
        template=template,
        key_prefix=key_prefix,
        cocreator_ids=cocreator_ids,
        context_for=lambda pk: {**(context or {}), **(context_for(pk) if context_for else {})},
    )
    hand_over_after_commit(_waiting_ids(keys))
    return list(Message.objects.filter(key__in=keys).order_by("key"))


@transaction.atomic
def message_queue(
    *, cocreator_id: int, kind: str, key: str, template: str, context: dict | None = None
) -> Message:
    """Record one message to one person under `key`, and hand it to the workers after commit.

    The person's choices decide the channel now (and are checked again when it is sent); a
    message that cannot go is recorded SKIPPED with the reason. Calling again with the same key
    returns the row already there and sends nothing twice. `context` must be plain JSON values.
    """
    person = CoCreator.objects.filter(pk=cocreator_id).first()
    channel, reason = channel_for(person, kind=kind, has_sms_version=has_sms_version(template))
    try:
        with transaction.atomic():
            Message.objects.create(
                key=key,
                cocreator=person,
                kind=kind,
                channel=channel,
                template=template,
                context=context or {},
                status=MessageStatus.SKIPPED if reason else MessageStatus.PENDING,
                reason=reason,
            )
    except IntegrityError:
        pass  # already recorded under this key
    hand_over_after_commit(_waiting_ids([key]))
    return Message.objects.get(key=key)


@transaction.atomic
def account_message_queue(
    *, user_id: int, kind: str, key: str, template: str, context: dict | None = None
) -> Message:
    """Record one email to an account that is not a co-creator (a partner, a service team's
    contact) under `key`, and hand it to the workers after commit.

    As `message_queue`, but the row names the account (`Message.user`) and always goes by email
    to the account's address; a closed account or an erased address is recorded SKIPPED with
    the reason (and checked again when it is sent). Calling again with the same key returns the
    row already there and sends nothing twice. `context` must be plain JSON values.
    """
    user = User.objects.filter(pk=user_id).first()
    reason = reason_not_to_send_account(user, channel=MessageChannel.EMAIL)
    try:
        with transaction.atomic():
            Message.objects.create(
                key=key,
                user=user,
                kind=kind,
                channel=MessageChannel.EMAIL,
                template=template,
                context=context or {},
                status=MessageStatus.SKIPPED if reason else MessageStatus.PENDING,
                reason=reason,
            )
    except IntegrityError:
        pass  # already recorded under this key
    hand_over_after_commit(_waiting_ids([key]))
    return Message.objects.get(key=key)
