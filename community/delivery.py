"""Delivering every message to a person, by email or text message, once.

Every app sends through here: newsletters and digests (`broadcast_start`, one `Broadcast` with a
`Message` per person) and single messages such as survey invitations, waiting-list offers and
"your input led to change" (`message_send`). Each message is a `Message` row under a unique key
(for a broadcast `<key_prefix>:<co-creator id>`) made before anything is sent, so a second
`broadcast_start`, a retried task or a batch that runs twice finds the same row, never a new one.

The rows are the queue; a task only says which rows to look at. Leases: a worker running a batch
(`MESSAGE_BATCH_SIZE`, 10) first takes a lease on every row of it that nobody else holds
(`SELECT ... FOR UPDATE SKIP LOCKED`, so two workers never wait on each other; SQLite has no row
locks and simply runs one writer at a time): `lease_owner` names this run, `lease_until` is now
plus `MESSAGE_LEASE_SECONDS` (30). A thread renews the lease every third of that while the worker
lives, so a lease runs out only when its worker has died (or stalls for over 20 seconds). The
resume sweep (every 15 seconds) queues again every row whose lease has run out, so a dead worker's
messages, sent or not, are taken over within about 45 seconds rather than after minutes. A row no
worker has held for `MESSAGE_RESUME_AFTER_SECONDS` (30) is queued again too: its task was lost,
or a worker took the task and died before starting it. The sweep marks what it queued (no owner,
`lease_until` that far ahead) so a row waiting in a long queue is not queued again at every run.

Sending one message (`message_deliver`) takes three steps:

1. In a short transaction the row is locked. A row another live worker holds is left alone.
   Only a row still waiting (PENDING) goes on, or one left SENDING whose lease ran out (its
   worker died). The person's wishes are checked again now (they may have left or unsubscribed
   since the send began); if they say no, the row is SKIPPED with the reason. Otherwise it
   becomes SENDING with `claimed_at`, a fresh lease and one more attempt, and the transaction
   commits.
2. The email or text goes out, outside any transaction, carrying the key (the `X-Message-Key`
   header; GOV.UK Notify's `reference`).
3. The row becomes SENT, if it is still this worker's claim (`claimed_at`).

How honest is "exactly once"? A worker that dies between steps 2 and 3 leaves the row SENDING.
When its lease has run out the row is reconciled: a backend that can say whether it took that key
(`delivered(key)`: the recording test backend, and GOV.UK Notify, asked by reference) lets us mark
the row SENT when it did and send it when it did not, so with those backends each message goes
exactly once. Plain SMTP cannot say, so the message is sent again and `last_error` notes that it
may have arrived twice: with SMTP, a worker killed in the moment between the server accepting a
message and the row being marked SENT is the one case that is at least once rather than exactly
once, so at most one duplicate per worker process killed (the one message it had in flight).
Rows of a dead worker's batch that it had not started are PENDING and are simply sent. Asking the
backend happens while the row is locked (rare: only after a worker died).

Failures: a temporary one (an SMTP 4xx reply, a refused or dropped connection, a timeout, Notify
429 or 5xx) puts the row back to PENDING with `last_error`; the task tries again after 30 seconds,
doubling up to an hour, and after `MESSAGE_MAX_ATTEMPTS` tries the row is FAILED ("Gave up after
6 attempts: ..."). A permanent one (an SMTP 5xx reply, every recipient refused with 5xx, Notify 400
or 403) makes it FAILED at once. Staff see FAILED and retrying rows on `/staff/messages/`.

Rules (`reason_not_to_send`): nothing goes to someone who has left, who used an unsubscribe link
(by any channel, until they choose email or text messages again in the portal), or who has not
chosen the channel or has no address or number for it. The
newsletter (kind "newsletter") goes only to people who asked for it; digests (kinds starting
"digest") only to people whose digest choice is not "No digest". People who asked for post,
large print or easy read are listed by `people_to_send_by_hand` for staff to send.
"""

import contextlib
import logging
import smtplib
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.db import IntegrityError, connections, models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import (
    AccessNeed,
    Broadcast,
    CoCreator,
    CoCreatorStatus,
    DigestFrequency,
    Message,
    MessageChannel,
    MessageStatus,
    NewsletterChoice,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "unsubscribe"
FOOTER = "community/email/footer"  # added to an email whose template has no unsubscribe link
BY_HAND_NEEDS = (AccessNeed.LARGE_PRINT, AccessNeed.EASY_READ)
AT_LEAST_ONCE_NOTE = (
    "Sent again after a worker stopped while sending it. This email server cannot say whether "
    "the first try arrived, so the person may have had it twice."
)
CONFIRMED_NOTE = "A worker stopped while sending it; the provider confirmed it had been delivered."
ACTIVE = (MessageStatus.PENDING, MessageStatus.SENDING)  # the statuses a worker can hold
RELEASED = {"lease_owner": "", "lease_until": None}  # no worker holds the row


@dataclass(frozen=True)
class Delivery:
    """What one try at sending a message came to. `retry_in` is set after a temporary failure."""

    message_id: int
    status: str
    retry_in: int | None = None
    error: BaseException | None = None
    sent_now: bool = False  # this try handed it to the provider (not: found it already sent)


# --- Rules -------------------------------------------------------------------------------------


def is_newsletter(kind: str) -> bool:
    return kind == "newsletter"


def is_digest(kind: str) -> bool:
    return kind.startswith("digest")


def sms_configured() -> bool:
    """Whether text messages can be sent at all (GOV.UK Notify set up, or the test outbox)."""
    return settings.SMS_BACKEND != "none"


def _kind_reason(cocreator: CoCreator, kind: str) -> str:
    if is_newsletter(kind) and cocreator.newsletter != NewsletterChoice.YES:
        return "The person has not asked for the newsletter."
    if is_digest(kind) and cocreator.digest_frequency == DigestFrequency.NONE:
        return "The person has not asked for a digest."
    return ""


def reason_not_to_send(cocreator: CoCreator | None, *, kind: str, channel: str) -> str:
    """Why this person must not get this kind of message by this channel, or '' when they may."""
    if cocreator is None:
        return "The person's record no longer exists."
    if cocreator.status == CoCreatorStatus.LEFT:
        return "The person has left the community."
    if cocreator.email_unsubscribed_at is not None:
        # An unsubscribe link stops everything, not only email: someone who also chose text
        # messages must not start getting texts instead. Choosing a channel again undoes it.
        return "The person unsubscribed: nothing is sent until they choose a way to hear from us."
    if channel == MessageChannel.EMAIL:
        if not cocreator.email:
            return "No email address."
        if not cocreator.prefers_email:
            return "The person has not chosen email as a way to hear from us."
    else:
        if not cocreator.phone:
            return "No phone number."
        if not cocreator.prefers_sms:
            return "The person has not chosen text messages as a way to hear from us."
        if not sms_configured():
            return "Text messages are not set up."
    return _kind_reason(cocreator, kind)


def _by_hand_reason(cocreator: CoCreator, need_kinds: set[str]) -> str:
    asked = []
    if cocreator.prefers_post:
        asked.append("post")
    asked += [str(AccessNeed(k).label).lower() for k in BY_HAND_NEEDS if k in need_kinds]
    if not asked:
        return ""
    return f"Asked for {' and '.join(asked)}: send by hand."


def _has_sms_version(template: str) -> bool:
    try:
        get_template(f"{template}_sms.txt")
    except TemplateDoesNotExist:
        return False
    return True


def channel_for(
    cocreator: CoCreator | None,
    *,
    kind: str,
    has_sms_version: bool,
    need_kinds: set[str] | None = None,
) -> tuple[str, str]:
    """The channel to use for this person, and '' or the reason nothing can be sent to them.

    Email when they chose it and have an address (and have not unsubscribed); otherwise a text
    message when they chose it, have a number, text messages are set up and the message has a
    text version; otherwise nothing, with the reason in plain English (for people who asked for
    post, large print or easy read: send by hand).
    """
    email_reason = reason_not_to_send(cocreator, kind=kind, channel=MessageChannel.EMAIL)
    if not email_reason:
        return MessageChannel.EMAIL, ""
    if (
        cocreator is None
        or cocreator.status == CoCreatorStatus.LEFT
        or cocreator.email_unsubscribed_at is not None
    ):
        return MessageChannel.EMAIL, email_reason
    kind_reason = _kind_reason(cocreator, kind)
    if kind_reason:
        return MessageChannel.EMAIL, kind_reason
    sms_reason = ""
    if cocreator.prefers_sms:
        sms_reason = reason_not_to_send(cocreator, kind=kind, channel=MessageChannel.SMS)
        if not sms_reason and not has_sms_version:
            sms_reason = "No text-message version."
        if not sms_reason:
            return MessageChannel.SMS, ""
    if need_kinds is None:
        need_kinds = set(cocreator.access_needs.values_list("kind", flat=True))
    by_hand = _by_hand_reason(cocreator, need_kinds)
    if by_hand:
        return MessageChannel.EMAIL, by_hand
    if sms_reason and not cocreator.prefers_email:
        return MessageChannel.SMS, sms_reason
    return MessageChannel.EMAIL, email_reason


def people_to_send_by_hand(kind: str) -> models.QuerySet:
    """Current co-creators who asked for post, large print or easy read (for staff to post).

    People who used the unsubscribe link are left out: they asked for nothing to be sent.
    """
    people = CoCreator.objects.current().filter(
        models.Q(prefers_post=True) | models.Q(access_needs__kind__in=BY_HAND_NEEDS),
        email_unsubscribed_at__isnull=True,
    )
    if is_newsletter(kind):
        people = people.filter(newsletter=NewsletterChoice.YES)
    elif is_digest(kind):
        people = people.exclude(digest_frequency=DigestFrequency.NONE)
    return people.distinct().order_by("full_name", "pk")


# --- Links in every email ----------------------------------------------------------------------


def unsubscribe_token(cocreator_id: int) -> str:
    """A signed token naming the person, for the unsubscribe link. It does not expire."""
    return signing.dumps(cocreator_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> int | None:
    """The co-creator id in an unsubscribe token, or None when it is not one of ours."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(cocreator_id: int) -> str:
    token = unsubscribe_token(cocreator_id)
    return settings.SITE_URL + reverse("community:unsubscribe", args=[token])


def preferences_url() -> str:
    return settings.SITE_URL + reverse("community:portal-preferences")


# --- Starting a send ---------------------------------------------------------------------------


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _enqueue_batches(message_ids: list[int]) -> int:
    from cocreation.jobs.services import outbox_enqueue

    batches = 0
    for chunk in _chunks(sorted(message_ids), settings.MESSAGE_BATCH_SIZE):
        outbox_enqueue(task_name="community.deliver_batch", kwargs={"message_ids": chunk})
        batches += 1
    return batches


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
    per_person_context = per_person_context or {}
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
        broadcast = Broadcast.objects.create(
            kind=kind,
            title=title,
            template=template,
            context=context or {},
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        )
    has_sms = _has_sms_version(template)
    keys = []
    for chunk in _chunks(wanted, 500):
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
                    context=per_person_context.get(person.pk)
                    or per_person_context.get(str(person.pk), {}),
                    status=MessageStatus.SKIPPED if reason else MessageStatus.PENDING,
                    reason=reason,
                )
            )
        Message.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    pending = []
    for chunk in _chunks(keys, 500):
        pending += Message.objects.filter(
            key__in=chunk, status=MessageStatus.PENDING, attempts=0
        ).values_list("pk", flat=True)
    _enqueue_batches(pending)
    return broadcast


def broadcast_progress(broadcast) -> dict:
    """How far a broadcast has got, in one query."""
    counts = Message.objects.filter(broadcast=broadcast).aggregate(
        total=models.Count("pk"),
        sent=models.Count("pk", filter=models.Q(status=MessageStatus.SENT)),
        failed=models.Count("pk", filter=models.Q(status=MessageStatus.FAILED)),
        skipped=models.Count("pk", filter=models.Q(status=MessageStatus.SKIPPED)),
    )
    waiting = counts["total"] - counts["sent"] - counts["failed"] - counts["skipped"]
    return {**counts, "waiting": waiting, "finished": waiting == 0}


def message_send_with_outcome(
    *, cocreator_id: int, kind: str, key: str, template: str, context: dict | None = None
) -> tuple[Message, Delivery]:
    """`message_send`, also saying how this try went (for callers that retry)."""
    try:
        with transaction.atomic():
            person = CoCreator.objects.filter(pk=cocreator_id).first()
            channel, reason = channel_for(
                person, kind=kind, has_sms_version=_has_sms_version(template)
            )
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
        pass  # already recorded under this key: deliver it if it is still waiting
    message_id = Message.objects.filter(key=key).values_list("pk", flat=True).get()
    outcome = message_deliver(message_id)
    return Message.objects.get(pk=message_id), outcome


def message_send(
    *, cocreator_id: int, kind: str, key: str, template: str, context: dict | None = None
) -> Message:
    """Send one message once under its key, by the person's chosen channel, now.

    Safe to call again with the same key: a sent, skipped or failed message is left alone, one
    still waiting is tried again. After a temporary failure the row is PENDING with the error.
    """
    return message_send_with_outcome(
        cocreator_id=cocreator_id, kind=kind, key=key, template=template, context=context
    )[0]


# --- Sending one message -----------------------------------------------------------------------


@dataclass
class _Prepared:
    message_id: int
    key: str
    channel: str
    recipient: str
    claimed_at: object
    note: str
    subject: str = ""
    text: str = ""
    html: str = ""
    headers: dict | None = None


def _context_for(message: Message) -> dict:
    broadcast = message.broadcast
    shared = broadcast.context if broadcast is not None else {}
    return {
        **shared,
        **(message.context or {}),
        "cocreator": message.cocreator,
        "unsubscribe_url": unsubscribe_url(message.cocreator_id),
        "preferences_url": preferences_url(),
    }


def _template_of(message: Message) -> str:
    return message.broadcast.template if message.broadcast_id else message.template


def _render(message: Message, prepared: _Prepared) -> bool:
    """Fill in the content; False when there is none for this channel (no text-message version)."""
    from cocreation.lib.email import render_email, site_context

    context = _context_for(message)
    template = _template_of(message)
    if message.channel == MessageChannel.SMS:
        if not _has_sms_version(template):
            return False
        prepared.text = render_to_string(
            f"{template}_sms.txt", {"site": site_context(), **context}
        ).strip()
        prepared.subject = ""
        return True
    prepared.subject, prepared.text, prepared.html = render_email(template, context)
    if context["unsubscribe_url"] not in prepared.text:
        # Every email links to the person's choices and to unsubscribing; add them if the
        # template did not.
        footer_text = render_to_string(f"{FOOTER}_body.txt", context).strip("\n")
        footer_html = render_to_string(f"{FOOTER}_body.html", context)
        prepared.text = prepared.text.rstrip("\n") + "\n\n" + footer_text + "\n"
        if "</body>" in prepared.html:
            prepared.html = prepared.html.replace("</body>", footer_html + "</body>", 1)
        else:
            prepared.html += footer_html
    prepared.headers = {
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "X-Message-Key": message.key,
    }
    return True


def _backend_for(channel: str, connection=None):
    if channel == MessageChannel.SMS:
        from .notify import get_sms_backend

        return get_sms_backend()
    return connection or get_connection()


def _backend_delivered(backend, key: str) -> bool | None:
    delivered = getattr(backend, "delivered", None)
    return None if delivered is None else delivered(key)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


# --- Leases ------------------------------------------------------------------------------------


def _lease() -> timedelta:
    return timedelta(seconds=settings.MESSAGE_LEASE_SECONDS)


def lease_owner_new() -> str:
    """A name for one worker run (a batch, or one message), to hold its rows under."""
    return uuid.uuid4().hex


def _held_elsewhere_q(*, owner: str, now) -> models.Q:
    """Rows another live worker holds: its lease has not run out."""
    held = ~models.Q(lease_owner="") & ~models.Q(lease_owner=owner) & models.Q(lease_until__gt=now)
    # A row claimed before leases were recorded: its claim time stands for its lease.
    legacy = models.Q(
        lease_owner="",
        status=MessageStatus.SENDING,
        lease_until=None,
        claimed_at__gt=now - _lease(),
    )
    return held | legacy


def _held_elsewhere(message: Message, *, owner: str, now) -> bool:
    """Whether another live worker holds this row (the same rule as `_held_elsewhere_q`)."""
    if message.lease_owner:
        return (
            message.lease_owner != owner
            and message.lease_until is not None
            and message.lease_until > now
        )
    return (
        message.status == MessageStatus.SENDING
        and message.lease_until is None
        and message.claimed_at is not None
        and message.claimed_at > now - _lease()
    )


def lease_take(*, message_ids: Iterable[int], owner: str) -> list[int]:
    """Hold for `owner` every one of these rows still to send that no live worker holds.

    Rows another transaction has locked at this moment are skipped, not waited for (SKIP LOCKED;
    SQLite has no row locks and runs one writer at a time). Returns the ids now held.
    """
    now = timezone.now()
    with transaction.atomic():
        free = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(message_ids), status__in=ACTIVE)
            .exclude(_held_elsewhere_q(owner=owner, now=now))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Message.objects.filter(pk__in=free).update(lease_owner=owner, lease_until=now + _lease())
    return free


def lease_renew(*, message_ids: Iterable[int], owner: str) -> int:
    """Push back the lease on the rows `owner` still holds and has not finished; returns how many."""
    return Message.objects.filter(
        pk__in=list(message_ids), lease_owner=owner, status__in=ACTIVE
    ).update(lease_until=timezone.now() + _lease())


class _LeaseKeeper(threading.Thread):
    """Renews a worker run's leases every third of the lease, until told to stop.

    A thread rather than renewing between messages, so a send that takes a long time (a slow mail
    server: EMAIL_TIMEOUT is per network step) does not let the lease of the row in flight run out
    while its worker is alive. It uses its own database connection and closes it when it stops.
    """

    def __init__(self, *, message_ids: list[int], owner: str):
        super().__init__(name=f"message-lease-{owner[:8]}", daemon=True)
        self.message_ids, self.owner = message_ids, owner
        self.stopping = threading.Event()

    def run(self) -> None:
        every = settings.MESSAGE_LEASE_SECONDS / 3
        try:
            while not self.stopping.wait(every):
                try:
                    lease_renew(message_ids=self.message_ids, owner=self.owner)
                except Exception:  # the database is away: the next tick tries again
                    logger.exception("Could not renew the lease of %s", self.owner)
        finally:
            connections.close_all()  # this thread's connections only


@contextlib.contextmanager
def _lease_kept(*, message_ids: list[int], owner: str) -> Iterator[None]:
    keeper = _LeaseKeeper(message_ids=message_ids, owner=owner)
    keeper.start()
    try:
        yield
    finally:
        keeper.stopping.set()
        keeper.join()


# --- The three steps ---------------------------------------------------------------------------


def _claim(message_id: int, *, owner: str, connection=None) -> _Prepared | Delivery:
    """Step 1: lock, check, render and mark SENDING; or say why there is nothing to send."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("cocreator", "broadcast")
            .filter(pk=message_id)
            .first()
        )
        if message is None:
            return Delivery(message_id, "missing")
        if message.status in ACTIVE and _held_elsewhere(message, owner=owner, now=now):
            return Delivery(message.pk, message.status)  # another live worker has it now
        note = ""
        if message.status == MessageStatus.SENDING:
            # Its worker died while sending it: did the provider take it?
            try:
                known = _backend_delivered(_backend_for(message.channel, connection), message.key)
            except Exception as exc:  # cannot ask now: try again later, it stays SENDING
                message.last_error = _error_text(exc)
                message.save(update_fields=["last_error"])
                return Delivery(message.pk, message.status, retry_in=_backoff(1), error=exc)
            if known:
                message.status, message.sent_at = MessageStatus.SENT, now
                message.last_error = CONFIRMED_NOTE
                message.lease_owner, message.lease_until = "", None
                message.save(
                    update_fields=["status", "sent_at", "last_error", "lease_owner", "lease_until"]
                )
                return Delivery(message.pk, message.status)
            note = AT_LEAST_ONCE_NOTE if known is None else ""
        elif message.status != MessageStatus.PENDING:
            return Delivery(message.pk, message.status)

        reason = reason_not_to_send(message.cocreator, kind=message.kind, channel=message.channel)
        if reason:
            message.status, message.reason = MessageStatus.SKIPPED, reason
            message.lease_owner, message.lease_until = "", None
            message.save(update_fields=["status", "reason", "lease_owner", "lease_until"])
            return Delivery(message.pk, message.status)
        person = message.cocreator
        prepared = _Prepared(
            message_id=message.pk,
            key=message.key,
            channel=message.channel,
            recipient=person.email if message.channel == MessageChannel.EMAIL else person.phone,
            claimed_at=now,
            note=note,
        )
        try:
            has_content = _render(message, prepared)
        except Exception as exc:  # a missing or broken template: a fault to fix, not to retry
            logger.exception("Message %s could not be built", message.key)
            message.status = MessageStatus.FAILED
            message.last_error = f"Could not build the message: {_error_text(exc)}"
            message.lease_owner, message.lease_until = "", None
            message.save(update_fields=["status", "last_error", "lease_owner", "lease_until"])
            return Delivery(message.pk, message.status, error=exc)
        if not has_content:
            message.status, message.reason = MessageStatus.SKIPPED, "No text-message version."
            message.lease_owner, message.lease_until = "", None
            message.save(update_fields=["status", "reason", "lease_owner", "lease_until"])
            return Delivery(message.pk, message.status)
        message.status = MessageStatus.SENDING
        message.claimed_at = now
        message.lease_owner, message.lease_until = owner, now + _lease()
        message.attempts += 1
        message.recipient = prepared.recipient[:254]
        message.subject = prepared.subject[:300]
        message.save(
            update_fields=[
                "status",
                "claimed_at",
                "lease_owner",
                "lease_until",
                "attempts",
                "recipient",
                "subject",
            ]
        )
        return prepared


def _send(prepared: _Prepared, connection=None) -> None:
    """Step 2: hand the message to the email backend or the text-message provider."""
    if prepared.channel == MessageChannel.SMS:
        backend = _backend_for(MessageChannel.SMS)
        backend.send(phone_number=prepared.recipient, body=prepared.text, reference=prepared.key)
        return
    from django.core.mail import EmailMultiAlternatives

    email = EmailMultiAlternatives(
        subject=prepared.subject,
        body=prepared.text,
        to=[prepared.recipient],
        headers=prepared.headers,
        connection=connection,
    )
    email.attach_alternative(prepared.html, "text/html")
    email.send()


def is_temporary(exc: BaseException) -> bool:
    """Whether a failure may go away if we try again later (4xx, connection trouble, 429, 5xx)."""
    from .notify import NotifyError

    if isinstance(exc, NotifyError):
        return exc.temporary
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, ConnectionError | TimeoutError | socket.timeout | OSError)


def _backoff(attempts: int) -> int:
    """Seconds to wait after the given number of tries: 30, 60, 120 ... at most an hour."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


def _record_failure(prepared: _Prepared, exc: BaseException) -> Delivery:
    message = Message.objects.get(pk=prepared.message_id)
    error = _error_text(exc)
    ours = {"pk": prepared.message_id, "status": MessageStatus.SENDING}
    ours["claimed_at"] = prepared.claimed_at
    if is_temporary(exc) and message.attempts < settings.MESSAGE_MAX_ATTEMPTS:
        # Released, so the wait before the next try is the backoff, not a lease.
        Message.objects.filter(**ours).update(
            status=MessageStatus.PENDING, last_error=error, **RELEASED
        )
        logger.warning("Message %s not sent yet (try %s): %s", prepared.key, message.attempts, exc)
        return Delivery(
            prepared.message_id,
            MessageStatus.PENDING,
            retry_in=_backoff(message.attempts),
            error=exc,
        )
    if is_temporary(exc):
        error = f"Gave up after {message.attempts} attempts: {error}"
    Message.objects.filter(**ours).update(status=MessageStatus.FAILED, last_error=error, **RELEASED)
    logger.error("Message %s failed: %s", prepared.key, error)
    return Delivery(prepared.message_id, MessageStatus.FAILED, error=exc)


def _deliver(message_id: int, *, owner: str, connection=None) -> Delivery:
    claimed = _claim(message_id, owner=owner, connection=connection)
    if isinstance(claimed, Delivery):
        return claimed
    try:
        _send(claimed, connection)
    except Exception as exc:
        if connection is not None:
            connection.close()  # a broken connection must not fail the rest of the batch
        return _record_failure(claimed, exc)
    Message.objects.filter(
        pk=claimed.message_id, status=MessageStatus.SENDING, claimed_at=claimed.claimed_at
    ).update(status=MessageStatus.SENT, sent_at=timezone.now(), last_error=claimed.note, **RELEASED)
    return Delivery(claimed.message_id, MessageStatus.SENT, sent_now=True)


def message_deliver(message_id: int, *, connection=None) -> Delivery:
    """Try to send one recorded message, once. See the module docstring for the three steps."""
    owner = lease_owner_new()
    with _lease_kept(message_ids=[message_id], owner=owner):
        return _deliver(message_id, owner=owner, connection=connection)


def batch_deliver(message_ids: Iterable[int]) -> list[Delivery]:
    """Hold a batch under one lease, then send each message in turn over one email connection.

    Returns every outcome. The lease is renewed while this runs, so if the worker dies the rows
    it had not finished are free again within `MESSAGE_LEASE_SECONDS`.
    """
    ids = list(message_ids)
    owner = lease_owner_new()
    lease_take(message_ids=ids, owner=owner)
    outcomes = []
    with _lease_kept(message_ids=ids, owner=owner):
        connection = get_connection()
        try:
            for message_id in ids:
                outcomes.append(_deliver(message_id, owner=owner, connection=connection))
        finally:
            connection.close()
    return outcomes


# --- Picking up what was left ------------------------------------------------------------------


def messages_to_resume(*, now=None, idle_seconds: int | None = None) -> models.QuerySet:
    """Ids of messages a sweep should queue again: a worker's lease ran out, or waiting too long.

    A lease that ran out means its worker died: those rows (waiting in its batch, or SENDING) are
    due at once. A message no worker ever took is due once it has waited `idle_seconds`; one that
    failed for a while is due when its backoff has passed (plus `idle_seconds`, so the task's own
    retry goes first).
    """
    now = now or timezone.now()
    idle = timedelta(
        seconds=settings.MESSAGE_RESUME_AFTER_SECONDS if idle_seconds is None else idle_seconds
    )
    unheld = models.Q(status=MessageStatus.PENDING, lease_owner="", lease_until=None)
    due = unheld & models.Q(attempts=0, created_at__lte=now - idle)
    for attempts in range(1, settings.MESSAGE_MAX_ATTEMPTS + 1):
        due |= unheld & models.Q(
            attempts=attempts,
            claimed_at__lte=now - idle - timedelta(seconds=_backoff(attempts)),
        )
    due |= models.Q(status__in=ACTIVE, lease_until__lte=now)
    # Claimed before leases were recorded: the claim time stands for the lease.
    due |= models.Q(status=MessageStatus.SENDING, lease_until=None, claimed_at__lte=now - _lease())
    due |= models.Q(status=MessageStatus.SENDING, lease_until=None, claimed_at=None)
    return Message.objects.filter(due).order_by("pk").values_list("pk", flat=True)


@transaction.atomic
def messages_resume(*, idle_seconds: int | None = None) -> int:
    """Queue again, in batches, every message left waiting or stuck; returns how many.

    Each row queued is marked as queued by the sweep (no owner, `lease_until` a resume interval
    away), so the next sweeps do not queue it again while it waits in a long queue; any worker
    may still take it at once.
    """
    now = timezone.now()
    idle = settings.MESSAGE_RESUME_AFTER_SECONDS if idle_seconds is None else idle_seconds
    due = messages_to_resume(now=now, idle_seconds=idle_seconds)
    ids = list(due.select_for_update(skip_locked=True)[:10_000])  # not rows a worker is taking
    for chunk in _chunks(ids, 500):
        Message.objects.filter(pk__in=chunk).update(
            lease_owner="", lease_until=now + timedelta(seconds=idle)
        )
    _enqueue_batches(ids)
    return len(ids)


# --- Unsubscribing -----------------------------------------------------------------------------


@transaction.atomic
def email_unsubscribe(*, cocreator: CoCreator) -> bool:
    """Stop all email to a person (from an unsubscribe link). False when it was already stopped."""
    from .models import AuditAction
    from .services import audit_record

    updated = CoCreator.objects.filter(pk=cocreator.pk, email_unsubscribed_at=None).update(
        email_unsubscribed_at=timezone.now()
    )
    if updated:
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            cocreator_id=cocreator.pk,
            fields=["email_unsubscribed_at"],
        )
    return bool(updated)


# --- For staff ---------------------------------------------------------------------------------


def messages_failed() -> models.QuerySet:
    """Messages that will not be sent without someone acting: permanent failures, or given up."""
    return (
        Message.objects.filter(status=MessageStatus.FAILED)
        .select_related("cocreator")
        .order_by("-created_at", "-pk")
    )


def messages_retrying() -> models.QuerySet:
    """Messages that failed for a while and are waiting to be tried again."""
    return (
        Message.objects.filter(status=MessageStatus.PENDING, attempts__gt=0)
        .select_related("cocreator")
        .order_by("-created_at", "-pk")
    )
