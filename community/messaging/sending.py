"""Sending messages: render, claim, send, record the outcome; batches held under leases.

See the package docstring for the three steps, leases and how "exactly once" holds.
"""

import contextlib
import dataclasses
import logging
import smtplib
import socket
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import connections, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import conditional_escape

from cocreation.lib.email import render_email, render_plain, render_text_message

from .. import notify
from ..models import Broadcast, Message, MessageChannel, MessageStatus
from .channels import (
    has_sms_version,
    preferences_url,
    reason_not_to_send,
    reason_not_to_send_account,
    unsubscribe_url,
)

logger = logging.getLogger(__name__)


FOOTER = "community/email/footer"  # added to an email whose template has no unsubscribe link
MERGE_MAX_RENDERINGS = 8  # a broadcast needing more renderings than this is rendered whole


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
    attachments: list | None = None  # [{"filename", "content", "mimetype"}], email only


ATTACHMENTS = "attachments"  # the key in a message's context for files its email carries


def attachments_of(message: Message) -> list | None:
    """The files a message's email carries (from its own context: an event's .ics, say)."""
    return (message.context or {}).get(ATTACHMENTS) or None


def is_account_message(message: Message) -> bool:
    """Whether this message goes to an account that is not a co-creator (`account_notify`)."""
    return message.cocreator_id is None and message.user_id is not None


def recipient_of(message: Message) -> tuple[str, str]:
    """Why this message must not go now ('' when it may), and the address or number it goes to.

    A co-creator's message follows their choices (`reason_not_to_send`); an account's
    (`Message.user`, no co-creator) goes by email to the account's address while the account is
    open and its address real (`reason_not_to_send_account`).
    """
    if is_account_message(message):
        reason = reason_not_to_send_account(message.user, channel=message.channel)
        return reason, "" if reason else message.user.email
    reason = reason_not_to_send(message.cocreator, kind=message.kind, channel=message.channel)
    if reason:
        return reason, ""
    person = message.cocreator
    return "", person.email if message.channel == MessageChannel.EMAIL else person.phone


def _context_for(message: Message, *, unsubscribe: str | None = None) -> dict:
    broadcast = message.broadcast
    shared = broadcast.context if broadcast is not None else {}
    if is_account_message(message):
        # A service message about the account's own access: no unsubscribe link, no choices.
        return {**shared, **(message.context or {}), "account": message.user}
    return {
        **shared,
        **(message.context or {}),
        "cocreator": message.cocreator,
        # The signed link carries the time it was made: the merge checks against its own.
        "unsubscribe_url": unsubscribe or unsubscribe_url(message.cocreator_id),
        "preferences_url": preferences_url(),
    }


def _template_of(message: Message) -> str:
    return message.broadcast.template if message.broadcast_id else message.template


def _compose(template: str, channel: str, context: dict) -> tuple[str, str, str] | None:
    """A message's subject, text and HTML (only the text for a text message); None when it has no
    version for this channel (no text-message template)."""
    if channel == MessageChannel.SMS:
        if not has_sms_version(template):
            return None
        return "", render_text_message(template, context), ""
    subject, text, html = render_email(template, context)
    if "unsubscribe_url" in context and context["unsubscribe_url"] not in text:
        # Every email links to the person's choices and to unsubscribing; add them if the
        # template did not.
        footer_text = render_plain(f"{FOOTER}_body.txt", context).strip("\n")
        footer_html = render_to_string(f"{FOOTER}_body.html", context)
        text = text.rstrip("\n") + "\n\n" + footer_text + "\n"
        if "</body>" in html:
            html = html.replace("</body>", footer_html + "</body>", 1)
        else:
            html += footer_html
    return subject, text, html


def _fill(prepared: _Prepared, parts: tuple[str, str, str], *, unsubscribe: str | None) -> None:
    """Set the content, and an email's headers (no unsubscribe ones for an account's message)."""
    prepared.subject, prepared.text, prepared.html = parts
    if prepared.channel == MessageChannel.EMAIL:
        prepared.headers = {"X-Message-Key": prepared.key}
        if unsubscribe:
            prepared.headers = {
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                **prepared.headers,
            }


def _render(message: Message, prepared: _Prepared, *, unsubscribe: str | None = None) -> bool:
    """Fill in the content; False when there is none for this channel (no text-message version)."""
    context = _context_for(message, unsubscribe=unsubscribe)
    parts = _compose(_template_of(message), message.channel, context)
    if parts is None:
        return False
    _fill(prepared, parts, unsubscribe=context.get("unsubscribe_url"))
    return True


# --- Rendering a broadcast once ----------------------------------------------------------------


class _StandIn:
    """Stands for the person while a broadcast is rendered once: each field the template reads
    renders as a marker (or as "" where `empty` says the person's value is empty), to be
    replaced by the person's own value afterwards. It notes which fields were read."""

    def __init__(self, marker, empty: frozenset = frozenset()):
        self._marker, self._empty, self._read = marker, empty, []

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        self._read.append(name)
        return "" if name in self._empty else self._marker(name)


@dataclass
class _Form:
    """A broadcast rendered once with markers for the person's fields: right for every person
    whose fields are empty or filled as `conditions` says (the fields this rendering read)."""

    conditions: dict[str, bool]
    parts: tuple | None  # None: found to differ from a whole rendering; render each whole
    checked: bool = False


class _MailMerge:
    """A broadcast's message rendered once for a channel, with the person's own parts (the fields
    of `cocreator` the template reads, and the unsubscribe link) filled in for each person.

    Only for messages with no context of their own (a newsletter; a digest differs per person and
    is rendered whole). A template that branches on a field of the person is rendered once for
    each way the fields it reads are empty or filled; the first person each rendering serves is
    also rendered whole and compared, so a template that does more with a person's value than
    print it (a filter, a comparison) is found out, and those people are rendered whole.
    """

    def __init__(self, *, template: str, channel: str, shared: dict):
        self.template, self.channel, self.shared = template, channel, shared
        self.prefix = f"mm{uuid.uuid4().hex}q"  # letters and digits: no escaping changes it
        self.unsubscribe = f"{self.prefix}uz"
        self.has_version = channel != MessageChannel.SMS or has_sms_version(template)
        self.fields: list[str] = []  # the person's fields any rendering has read, in order
        self.forms: list[_Form] = []

    def _marker(self, number: int) -> str:
        return f"{self.prefix}{number}z"

    def _render_form(self, filled: dict[str, bool]) -> _Form:
        """Render with markers for the person's fields (empty where `filled` says so)."""

        def marker(name: str) -> str:
            if name not in self.fields:
                self.fields.append(name)
            return self._marker(self.fields.index(name))

        stand_in = _StandIn(marker, frozenset(f for f, full in filled.items() if not full))
        context = {
            **self.shared,
            "cocreator": stand_in,
            "unsubscribe_url": self.unsubscribe,
            "preferences_url": preferences_url(),
        }
        parts = _compose(self.template, self.channel, context)
        for name in stand_in._read:  # a field read only where empty is a field too
            if name not in self.fields:
                self.fields.append(name)
        # A field this rendering read for the first time was rendered as filled.
        read = dict.fromkeys(stand_in._read)
        return _Form(conditions={name: filled.get(name, True) for name in read}, parts=parts)

    def _form(self, person) -> _Form | None:
        for _ in range(MERGE_MAX_RENDERINGS):
            for form in self.forms:
                if all(
                    bool(getattr(person, name, None)) == full
                    for name, full in form.conditions.items()
                ):
                    return form
            filled = {name: bool(getattr(person, name, None)) for name in self.fields}
            self.forms.append(self._render_form(filled))
        return None  # a template that reads ever more of the person: render each whole

    def fill(self, message: Message, prepared: _Prepared) -> bool:
        """Fill in `prepared` for this person; False when there is no version for the channel."""
        if not self.has_version:
            return False
        person = message.cocreator
        form = self._form(person)
        values = [getattr(person, name, None) for name in self.fields]
        if (
            form is None
            or form.parts is None
            or not all(isinstance(v, str | int | type(None)) for v in values)
        ):
            return _render(message, prepared)
        unsubscribe = unsubscribe_url(message.cocreator_id)
        plain = {self._marker(n): str(value) for n, value in enumerate(values) if value}
        plain[self.unsubscribe] = unsubscribe
        escaped = {marker: conditional_escape(value) for marker, value in plain.items()}
        subject, text, html = (
            _replace(form.parts[0], plain),
            _replace(form.parts[1], plain),
            _replace(form.parts[2], escaped),
        )
        if self.channel == MessageChannel.SMS:
            text = text.strip()
        else:
            subject = " ".join(subject.split())
        if not form.checked:
            form.checked = True
            whole = dataclasses.replace(prepared)
            _render(message, whole, unsubscribe=unsubscribe)
            if (whole.subject, whole.text, whole.html) != (subject, text, html):
                form.parts = None
                logger.info("Broadcast %s: some people are rendered whole", message.broadcast_id)
                subject, text, html = whole.subject, whole.text, whole.html
        _fill(prepared, (subject, text, html), unsubscribe=unsubscribe)
        return True


def _replace(text: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        if marker in text:
            text = text.replace(marker, value)
    return text


class _Renderer:
    """Renders messages: a broadcast's shared content once per channel (`_MailMerge`), anything
    else whole. A worker thread keeps one, so the next batches of the same broadcast use the same
    rendering; a broadcast is known by its id and the time it was made (an id can come back after
    a rolled-back transaction on SQLite), and the last few are kept."""

    KEEP = 8

    def __init__(self):
        self.merges: OrderedDict[tuple, _MailMerge] = OrderedDict()

    def render(self, message: Message, prepared: _Prepared) -> bool:
        if message.broadcast_id is None or message.context:
            return _render(message, prepared)
        broadcast = message.broadcast
        key = (broadcast.pk, broadcast.created_at, broadcast.template, message.channel)
        merge = self.merges.get(key)
        if merge is None:
            merge = self.merges[key] = _MailMerge(
                template=broadcast.template, channel=message.channel, shared=broadcast.context
            )
            while len(self.merges) > self.KEEP:
                self.merges.popitem(last=False)
        else:
            self.merges.move_to_end(key)
        return merge.fill(message, prepared)


_this_thread = threading.local()


def _renderer() -> _Renderer:
    """This worker thread's renderer."""
    if not hasattr(_this_thread, "renderer"):
        _this_thread.renderer = _Renderer()
    return _this_thread.renderer


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
    return list(_lease_take_rows(message_ids=message_ids, owner=owner))


def _lease_take_rows(*, message_ids: Iterable[int], owner: str) -> dict[int, Message]:
    """`lease_take`, returning the rows now held (with their people or accounts), by id."""
    now = timezone.now()
    with transaction.atomic():
        free = {
            message.pk: message
            for message in Message.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=list(message_ids), status__in=ACTIVE)
            .exclude(_held_elsewhere_q(owner=owner, now=now))
            .select_related("cocreator", "user")
            .order_by("pk")
        }
        Message.objects.filter(pk__in=list(free)).update(
            lease_owner=owner, lease_until=now + lease_length()
        )
    for message in free.values():
        message.lease_owner, message.lease_until = owner, now + lease_length()
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
            .select_related("cocreator", "user", "broadcast")
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

        reason, recipient = recipient_of(message)
        if reason:
            message.status, message.reason = MessageStatus.SKIPPED, reason
            message.lease_owner, message.lease_until = "", None
            message.save(update_fields=["status", "reason", "lease_owner", "lease_until"])
            return Delivery(message.pk, message.status)
        prepared = _Prepared(
            message_id=message.pk,
            key=message.key,
            channel=message.channel,
            recipient=recipient,
            claimed_at=now,
            note=note,
            attachments=attachments_of(message),
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
    for attachment in prepared.attachments or ():
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
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

    Returns every outcome, in the order of `message_ids`. The lease is renewed while this runs, so
    if the worker dies the rows it had not finished are free again within `MESSAGE_LEASE_SECONDS`.
    The rows are read with the lease (one query, and one for their broadcasts), a broadcast's
    content is rendered once (`_MailMerge`), and each message then takes one statement, which marks
    the message before it SENT and claims it (SENDING): as before, at most one row at a time has
    been handed to the provider without being marked sent.
    """
    ids = list(message_ids)
    owner = lease_owner_new()
    rows = _lease_take_rows(message_ids=ids, owner=owner)
    with _lease_kept(message_ids=ids, owner=owner):
        connection = get_connection()
        try:
            return _batch_send(ids, rows=rows, owner=owner, connection=connection)
        finally:
            connection.close()


def _with_broadcasts(rows: dict[int, Message]) -> dict[int, Message]:
    """The rows with their broadcasts, read in one query (a batch usually shares one)."""
    broadcasts = Broadcast.objects.in_bulk({m.broadcast_id for m in rows.values()} - {None})
    for message in rows.values():
        if message.broadcast_id is not None:
            message.broadcast = broadcasts[message.broadcast_id]
    return rows


def _batch_send(ids: list[int], *, rows: dict[int, Message], owner: str, connection):
    rows = _with_broadcasts(rows)
    renderer = _renderer()
    outcomes: list[Delivery] = []
    sent: _Prepared | None = None  # handed over; marked SENT with the next message's claim

    for message_id in ids:
        message = rows.get(message_id)
        if message is None or message.status != MessageStatus.PENDING:
            # Not ours (held elsewhere, finished, missing), or left SENDING by a dead worker: the
            # one-message path locks the row and asks the provider about it.
            _advance(sent=sent, claim=None, owner=owner, outcomes=outcomes)
            sent = None
            outcomes.append(_deliver(message_id, owner=owner, connection=connection))
            continue
        prepared, outcome = _prepare(message, renderer=renderer, owner=owner)
        if prepared is None:
            _advance(sent=sent, claim=None, owner=owner, outcomes=outcomes)
            sent = None
            _record_not_sent(message, owner=owner)
            outcomes.append(outcome)
            continue
        claimed = _advance(sent=sent, claim=prepared, owner=owner, outcomes=outcomes)
        sent = None
        if not claimed:  # no longer ours: the lease ran out and another worker has it
            outcomes.append(Delivery(message.pk, message.status))
            continue
        try:
            _send(prepared, connection)
        except Exception as exc:
            connection.close()  # a broken connection must not fail the rest of the batch
            outcomes.append(_record_failure(prepared, exc))
            continue
        sent = prepared
    _advance(sent=sent, claim=None, owner=owner, outcomes=outcomes)
    return outcomes


def _prepare(
    message: Message, *, renderer: "_Renderer", owner: str
) -> tuple[_Prepared | None, Delivery | None]:
    """Check and render a held PENDING row; or the outcome that says why it is not sent."""
    reason, recipient = recipient_of(message)
    if reason:
        message.status, message.reason = MessageStatus.SKIPPED, reason
        return None, Delivery(message.pk, MessageStatus.SKIPPED)
    prepared = _Prepared(
        message_id=message.pk,
        key=message.key,
        channel=message.channel,
        recipient=recipient,
        claimed_at=timezone.now(),
        note="",
        attachments=attachments_of(message),
    )
    try:
        has_content = renderer.render(message, prepared)
    except Exception as exc:  # a missing or broken template: a fault to fix, not to retry
        logger.exception("Message %s could not be built", message.key)
        message.status = MessageStatus.FAILED
        message.last_error = f"Could not build the message: {_error_text(exc)}"
        return None, Delivery(message.pk, MessageStatus.FAILED, error=exc)
    if not has_content:
        message.status, message.reason = MessageStatus.SKIPPED, "No text-message version."
        return None, Delivery(message.pk, MessageStatus.SKIPPED)
    return prepared, None


def _record_not_sent(message: Message, *, owner: str) -> None:
    """Write a SKIPPED or FAILED outcome found while preparing, if the row is still ours."""
    Message.objects.filter(pk=message.pk, status=MessageStatus.PENDING, lease_owner=owner).update(
        status=message.status, reason=message.reason, last_error=message.last_error, **RELEASED
    )


def _advance(
    *, sent: _Prepared | None, claim: _Prepared | None, owner: str, outcomes: list[Delivery]
) -> bool:
    """Steps 3 and 1 in one statement: mark `sent` (the provider took it) SENT, if it is still this
    worker's claim, and claim `claim` (SENDING) if this batch still holds it. Returns whether
    `claim` was claimed.

    The statement is its own transaction: one round trip per message. It is written in SQL
    because the ORM's CASE expressions took several milliseconds of Python to build for each
    message, more than the database took to run them.
    """
    if sent is not None:
        outcomes.append(Delivery(sent.message_id, MessageStatus.SENT, sent_now=True))
    if sent is None and claim is None:
        return False
    ops = db_connection.ops
    moment = ops.adapt_datetimefield_value
    sent_id = sent.message_id if sent else None
    claim_id = claim.message_id if claim else None
    params = [
        *(sent_id, MessageStatus.SENT, MessageStatus.SENDING),  # status
        *(sent_id, moment(timezone.now())),  # sent_at
        *(sent_id, sent.note if sent else ""),  # last_error
        sent_id,  # lease_owner
        *(sent_id, moment(claim.claimed_at + lease_length()) if claim else None),  # lease_until
        *(claim_id, moment(claim.claimed_at) if claim else None),  # claimed_at
        claim_id,  # attempts
        *(claim_id, claim.recipient[:254] if claim else ""),  # recipient
        *(claim_id, claim.subject[:300] if claim else ""),  # subject
        *(sent_id, MessageStatus.SENDING, moment(sent.claimed_at) if sent else None),
        *(claim_id, MessageStatus.PENDING, owner),
    ]
    with db_connection.cursor() as cursor:
        cursor.execute(ADVANCE_SQL.format(table=ops.quote_name(Message._meta.db_table)), params)
        changed = cursor.rowcount
    if claim is None:
        return False
    if changed == (2 if sent is not None else 1):
        return True
    # Fewer rows than asked: say which (rare: a lease ran out and another worker took a row).
    return Message.objects.filter(
        pk=claim.message_id, status=MessageStatus.SENDING, claimed_at=claim.claimed_at
    ).exists()


# The row marked sent keeps its other fields; the row claimed keeps its sent_at and last_error.
ADVANCE_SQL = """
UPDATE {table} SET
    status = CASE WHEN id = %s THEN %s ELSE %s END,
    sent_at = CASE WHEN id = %s THEN %s ELSE sent_at END,
    last_error = CASE WHEN id = %s THEN %s ELSE last_error END,
    lease_owner = CASE WHEN id = %s THEN '' ELSE lease_owner END,
    lease_until = CASE WHEN id = %s THEN NULL ELSE COALESCE(%s, lease_until) END,
    claimed_at = CASE WHEN id = %s THEN %s ELSE claimed_at END,
    attempts = CASE WHEN id = %s THEN attempts + 1 ELSE attempts END,
    recipient = CASE WHEN id = %s THEN %s ELSE recipient END,
    subject = CASE WHEN id = %s THEN %s ELSE subject END
WHERE (id = %s AND status = %s AND claimed_at = %s)
   OR (id = %s AND status = %s AND lease_owner = %s)
""".strip()
