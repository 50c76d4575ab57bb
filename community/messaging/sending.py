"""Sending messages: render, claim, send, record the outcome; batches held under leases.

See the package docstring for the three steps, leases and how "exactly once" holds.
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
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connections, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cocreation.lib.email import render_email, render_plain, render_text_message

from .. import notify
from ..models import Message, MessageChannel, MessageStatus
from .channels import has_sms_version, preferences_url, reason_not_to_send, unsubscribe_url

logger = logging.getLogger(__name__)


FOOTER = "community/email/footer"  # added to an email whose template has no unsubscribe link


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
    context = _context_for(message)
    template = _template_of(message)
    if message.channel == MessageChannel.SMS:
        if not has_sms_version(template):
            return False
        prepared.text = render_text_message(template, context)
        prepared.subject = ""
        return True
    prepared.subject, prepared.text, prepared.html = render_email(template, context)
    if context["unsubscribe_url"] not in prepared.text:
        # Every email links to the person's choices and to unsubscribing; add them if the
        # template did not.
        footer_text = render_plain(f"{FOOTER}_body.txt", context).strip("\n")
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
        return notify.get_sms_backend()
    return connection or get_connection()


def _backend_delivered(backend, key: str) -> bool | None:
    delivered = getattr(backend, "delivered", None)
    return None if delivered is None else delivered(key)


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


# --- Leases ------------------------------------------------------------------------------------


def lease_length() -> timedelta:
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
        claimed_at__gt=now - lease_length(),
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
        and message.claimed_at > now - lease_length()
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
        Message.objects.filter(pk__in=free).update(
            lease_owner=owner, lease_until=now + lease_length()
        )
    return free


def lease_renew(*, message_ids: Iterable[int], owner: str) -> int:
    """Push back the lease on the rows `owner` still holds and has not finished; returns how many."""
    return Message.objects.filter(
        pk__in=list(message_ids), lease_owner=owner, status__in=ACTIVE
    ).update(lease_until=timezone.now() + lease_length())


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
                return Delivery(message.pk, message.status, retry_in=backoff(1), error=exc)
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
        message.lease_owner, message.lease_until = owner, now + lease_length()
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
    if isinstance(exc, notify.HTTPError):
        return notify.is_temporary(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, ConnectionError | TimeoutError | socket.timeout | OSError)


def backoff(attempts: int) -> int:
    """Seconds to wait after the given number of tries: 30, 60, 120 ... at most an hour."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


def retry_due_first(outcomes: Iterable[Delivery]) -> tuple[int, list[int]] | None:
    """After a batch: the soonest wait among its temporary failures, and the messages due then.

    The task retries those after that wait. Messages whose own backoff is longer are left
    waiting (released) for the resume sweep, which queues each when its backoff has passed.
    """
    waits = [(o.retry_in, o.message_id) for o in outcomes if o.retry_in is not None]
    if not waits:
        return None
    soonest = min(wait for wait, _ in waits)
    return soonest, [pk for wait, pk in waits if wait == soonest]


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
            retry_in=backoff(message.attempts),
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
