"""Delivery: every message recorded, sent once, by the person's chosen channel, or not at all."""

# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)

import smtplib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone
from notifications_python_client.errors import HTTPError

from community.messaging import channels, queueing, selectors, sending, sweep
from community.models import (
    Broadcast,
    CoCreator,
    CoCreatorStatus,
    DigestFrequency,
    Message,
    MessageChannel,
    MessageStatus,
    NewsletterChoice,
)
from community.tasks import deliver_batch
from tests.community.delivery_support import (  # noqa: F401
    EMAIL_ONLY,
    NOTE,
    delivery_templates,
    make_person,
    poster,
    priya,
    send,
    sms_outbox,
    texter,
)

pytestmark = pytest.mark.usefixtures("delivery_templates", "sms_outbox")


def start(people, *, kind="update", template=NOTE, key_prefix="update:1", **kwargs):
    return queueing.broadcast_start(
        kind=kind,
        title="Spring update",
        template=template,
        recipients=[p.pk for p in people],
        context={"title": "Spring update", "extra": "shared"},
        key_prefix=key_prefix,
        **kwargs,
    )


@pytest.fixture
def handed_over(monkeypatch):
    """The batches handed to the workers, instead of running them."""
    batches = []
    monkeypatch.setattr(
        queueing,
        "task_publish",
        lambda *, task_name, kwargs, backoff_seconds: batches.append((task_name, kwargs)) or True,
    )
    return batches


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Start a broadcast and let its batches run (tasks are eager in tests)."""

    def run(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return start(*args, **kwargs)

    return run


# --- Broadcasts --------------------------------------------------------------------------------


def test_a_broadcast_records_one_message_each_and_sends_them(run_now, priya):
    olu = make_person("Olu Okafor")
    broadcast = run_now([priya, olu])
    assert Broadcast.objects.get() == broadcast
    messages = Message.objects.filter(broadcast=broadcast).order_by("cocreator__full_name")
    assert [(m.key, m.status, m.attempts) for m in messages] == [
        (f"update:1:{olu.pk}", MessageStatus.SENT, 1),
        (f"update:1:{priya.pk}", MessageStatus.SENT, 1),
    ]
    assert messages[0].recipient == "olu@example.org"
    assert messages[0].subject == "Spring update for Olu Okafor"
    assert messages[0].sent_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["olu@example.org", "priya@example.org"]


def test_the_batches_are_handed_to_the_workers_after_commit(
    django_capture_on_commit_callbacks, settings, priya, handed_over
):
    settings.MESSAGE_BATCH_SIZE = 2
    people = [priya, *(make_person(f"Person{i} Test") for i in range(4))]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start(people)
    assert handed_over == []  # nothing goes to the broker before the transaction commits
    for callback in callbacks:
        callback()
    assert [name for name, _ in handed_over] == ["community.deliver_batch"] * 3
    assert [len(kwargs["message_ids"]) for _, kwargs in handed_over] == [2, 2, 1]
    assert mail.outbox == []


def test_a_broker_that_fails_leaves_the_messages_for_the_sweep(
    django_capture_on_commit_callbacks, monkeypatch, priya
):
    from cocreation.jobs import services as jobs

    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(jobs, "_backoff_until", 0.0)
    monkeypatch.setattr(deliver_batch, "apply_async", refuse)
    monkeypatch.setattr(deliver_batch.app.conf, "task_always_eager", False)
    with django_capture_on_commit_callbacks(execute=True):
        start([priya])  # no error for the caller
    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 0)
    assert mail.outbox == []
    later = timezone.now() + timedelta(seconds=60)
    assert list(sweep.messages_to_resume(now=later)) == [message.pk]


def test_starting_a_broadcast_twice_sends_once(run_now, priya):
    first = run_now([priya])
    second = run_now([priya])
    assert first == second
    assert Broadcast.objects.count() == 1
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


def test_running_a_batch_twice_sends_once(run_now, priya):
    run_now([priya])
    ids = list(Message.objects.values_list("pk", flat=True))
    assert deliver_batch(message_ids=ids) == 0
    deliver_batch.apply(kwargs={"message_ids": ids}).get()
    assert len(mail.outbox) == 1
    assert Message.objects.get().attempts == 1


def test_per_person_context_is_merged_over_the_shared_context(run_now, priya):
    olu = make_person("Olu Okafor")
    run_now([priya, olu], per_person_context={olu.pk: {"extra": "just for Olu"}})
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "just for Olu" in bodies["olu@example.org"]
    assert "shared" in bodies["priya@example.org"]
    assert "just for Olu" not in bodies["priya@example.org"]


def test_progress_is_counted_in_one_query(
    run_now, priya, poster, django_assert_num_queries, django_capture_on_commit_callbacks
):
    broadcast = run_now([priya, poster])
    with django_assert_num_queries(1):
        progress = selectors.broadcast_progress(broadcast)
    assert progress == {
        "total": 2,
        "sent": 1,
        "failed": 0,
        "skipped": 1,
        "waiting": 0,
        "finished": True,
    }
    with django_capture_on_commit_callbacks(execute=False):
        waiting = start([priya, make_person("Wendy Wait")], key_prefix="update:2")
    assert selectors.broadcast_progress(waiting)["waiting"] == 2
    assert selectors.broadcast_progress(waiting)["finished"] is False


# --- Whom not to send to -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "kind", "reason"),
    [
        ({"email_unsubscribed_at": timezone.now()}, "update", "unsubscribed"),
        ({"status": CoCreatorStatus.LEFT}, "update", "left the community"),
        ({"prefers_email": False}, "update", "not chosen email"),
        ({"email": ""}, "update", "No email address"),
        ({"newsletter": NewsletterChoice.NO}, "newsletter", "not asked for the newsletter"),
        ({"digest_frequency": DigestFrequency.NONE}, "digest_weekly", "not asked for a digest"),
    ],
    ids=["unsubscribed", "left", "not-chosen", "no-address", "no-newsletter", "no-digest"],
)
def test_nothing_goes_against_a_persons_wishes(run_now, priya, change, kind, reason):
    CoCreator.objects.filter(pk=priya.pk).update(**change)
    run_now([priya], kind=kind)
    message = Message.objects.get()
    assert message.status == MessageStatus.SKIPPED
    assert reason in message.reason
    assert mail.outbox == []


def test_wishes_are_checked_again_when_the_message_is_sent(
    django_capture_on_commit_callbacks, priya
):
    with django_capture_on_commit_callbacks(execute=False):
        start([priya])
    CoCreator.objects.filter(pk=priya.pk).update(email_unsubscribed_at=timezone.now())
    outcome = sending.message_deliver(Message.objects.get().pk)
    assert outcome.status == MessageStatus.SKIPPED
    assert "unsubscribed" in Message.objects.get().reason
    assert mail.outbox == []


def test_the_newsletter_and_digests_go_to_people_who_asked(run_now, priya):
    CoCreator.objects.filter(pk=priya.pk).update(digest_frequency=DigestFrequency.WEEKLY)
    run_now([priya], kind="newsletter", key_prefix="newsletter:1")
    run_now([priya], kind="digest_weekly", key_prefix="digest:1")
    assert len(mail.outbox) == 2


def test_people_who_asked_for_post_are_skipped_and_listed_to_send_by_hand(run_now, priya, poster):
    large_print_emailer = make_person("Lara Large", access_needs=["large_print"])
    easy_read = make_person(
        "Eve Easy", email="", prefers_email=False, access_needs=["easy_read"], newsletter="no"
    )
    left = make_person("Len Left", prefers_post=True, status=CoCreatorStatus.LEFT)
    run_now([priya, poster])
    skipped = Message.objects.get(cocreator=poster)
    assert skipped.status == MessageStatus.SKIPPED
    assert skipped.reason == "Asked for post and large print: send by hand."
    by_hand = list(channels.people_to_send_by_hand("update"))
    assert by_hand == sorted([poster, large_print_emailer, easy_read], key=lambda p: p.full_name)
    assert left not in by_hand
    assert list(channels.people_to_send_by_hand("newsletter")) == []


def test_people_who_unsubscribed_are_not_listed_to_send_by_hand(poster):
    easy_read = make_person("Eve Easy", access_needs=["easy_read"])
    assert set(channels.people_to_send_by_hand("update")) == {poster, easy_read}
    channels.email_unsubscribe(cocreator=poster)
    CoCreator.objects.filter(pk=easy_read.pk).update(email_unsubscribed_at=timezone.now())
    assert list(channels.people_to_send_by_hand("update")) == []


# --- Text messages -----------------------------------------------------------------------------


def test_a_person_who_chose_text_messages_gets_one(run_now, texter, sms_outbox):
    run_now([texter])
    message = Message.objects.get()
    assert (message.channel, message.status) == (MessageChannel.SMS, MessageStatus.SENT)
    assert message.recipient == texter.phone
    assert sms_outbox == [
        {
            "phone_number": texter.phone,
            "body": "Spring update: hello Tom Texter. shared",
            "reference": message.key,
        }
    ]
    assert mail.outbox == []


def test_a_message_without_a_text_version_is_not_sent_by_text(run_now, texter, sms_outbox):
    run_now([texter], template=EMAIL_ONLY)
    message = Message.objects.get()
    assert (message.status, message.reason) == (MessageStatus.SKIPPED, "No text-message version.")
    assert sms_outbox == []


def test_without_text_messages_set_up_nobody_is_texted(run_now, settings, texter, sms_outbox):
    settings.SMS_BACKEND = "none"
    run_now([texter])
    message = Message.objects.get()
    assert (message.status, message.reason) == (
        MessageStatus.SKIPPED,
        "Text messages are not set up.",
    )
    assert sms_outbox == []


def test_email_comes_first_for_someone_who_chose_both(run_now, priya, sms_outbox):
    CoCreator.objects.filter(pk=priya.pk).update(prefers_sms=True, phone="07700 900456")
    run_now([priya])
    assert len(mail.outbox) == 1 and sms_outbox == []


# --- Every email ------------------------------------------------------------------------------


def test_every_email_has_one_click_unsubscribe_and_a_link_to_choices(run_now, priya, settings):
    run_now([priya])
    email = mail.outbox[0]
    key = Message.objects.get().key
    token = channels.unsubscribe_token(priya.pk)
    url = f"{settings.SITE_URL}/unsubscribe/{token}/"
    assert email.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.extra_headers["X-Message-Key"] == key
    assert url in email.body
    assert f"{settings.SITE_URL}/portal/preferences/" in email.body
    assert email.alternatives[0][1] == "text/html"
    assert url in email.alternatives[0][0]


# --- Single messages (reminders) ---------------------------------------------------------------


def test_a_single_message_is_sent_once_under_its_key(priya):
    first = send(
        cocreator_id=priya.pk, kind="reminder", key="r:1", template=NOTE, context={"title": "Hi"}
    )
    second = send(
        cocreator_id=priya.pk, kind="reminder", key="r:1", template=NOTE, context={"title": "Hi"}
    )
    assert first.pk == second.pk and second.status == MessageStatus.SENT
    assert (first.template, first.context) == (NOTE, {"title": "Hi"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["X-Message-Key"] == "r:1"


def test_a_single_message_to_an_unsubscribed_person_is_not_sent(priya):
    CoCreator.objects.filter(pk=priya.pk).update(email_unsubscribed_at=timezone.now())
    message = send(cocreator_id=priya.pk, kind="reminder", key="r:2", template=NOTE)
    assert message.status == MessageStatus.SKIPPED
    assert mail.outbox == []


def test_the_old_email_helper_still_says_why_not(priya):
    from community.services import message_reason_not_to_email

    assert message_reason_not_to_email(priya, kind="waiting_list_place") == ""
    priya.email_unsubscribed_at = timezone.now()
    assert "unsubscribed" in message_reason_not_to_email(priya, kind="waiting_list_place")


# --- Failures ----------------------------------------------------------------------------------


def _failing(monkeypatch, *errors):
    """Make the test email backend raise these errors in turn, then send normally."""
    real = LocmemBackend.send_messages
    queue = list(errors)

    def send_messages(self, messages):
        if queue:
            raise queue.pop(0)
        return real(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", send_messages)


def test_a_temporary_failure_is_retried_and_sent_once(run_now, priya, monkeypatch):
    _failing(monkeypatch, smtplib.SMTPDataError(451, b"Try again later"))
    run_now([priya])  # eager tasks run the retry at once
    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_temporary_failure_leaves_the_message_waiting_with_the_error(priya, monkeypatch):
    _failing(monkeypatch, ConnectionRefusedError("refused"))
    queued = queueing.message_queue(
        cocreator_id=priya.pk, kind="reminder", key="r:3", template=NOTE
    )
    outcome = sending.message_deliver(queued.pk)
    message = Message.objects.get(pk=queued.pk)
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
    assert "refused" in message.last_error
    assert outcome.retry_in == 30


def test_a_permanent_failure_fails_at_once(run_now, priya, monkeypatch):
    _failing(monkeypatch, smtplib.SMTPDataError(550, b"Mailbox does not exist"))
    run_now([priya])
    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "Mailbox does not exist" in message.last_error
    assert mail.outbox == []


def test_it_gives_up_after_six_attempts(run_now, priya, monkeypatch):
    _failing(monkeypatch, *[TimeoutError("timed out")] * 10)
    run_now([priya])
    message = Message.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 6)
    assert message.last_error.startswith("Gave up after 6 attempts: TimeoutError")


def test_one_failure_does_not_stop_the_rest_of_the_batch(priya, monkeypatch):
    olu = make_person("Olu Okafor")
    _failing(monkeypatch, smtplib.SMTPRecipientsRefused({"x": (550, b"no such user")}))
    broadcast = start([priya, olu], key_prefix="b")
    ids = list(
        Message.objects.filter(broadcast=broadcast).order_by("pk").values_list("pk", flat=True)
    )
    outcomes = sending.batch_deliver(ids)
    assert [o.status for o in outcomes] == [MessageStatus.FAILED, MessageStatus.SENT]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (smtplib.SMTPDataError(451, b"later"), True),
        (smtplib.SMTPDataError(554, b"no"), False),
        (smtplib.SMTPRecipientsRefused({"a": (450, b"busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a": (550, b"unknown")}), False),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPAuthenticationError(535, b"bad password"), False),
        (ConnectionRefusedError("refused"), True),
        (TimeoutError("slow"), True),
        (HTTPError(SimpleNamespace(status_code=429)), True),
        (HTTPError(SimpleNamespace(status_code=503)), True),
        (HTTPError(SimpleNamespace(status_code=400)), False),
        (HTTPError(SimpleNamespace(status_code=403)), False),
        (ValueError("a bug"), False),
    ],
)
def test_failures_are_told_apart(error, temporary):
    assert sending.is_temporary(error) is temporary


def test_the_wait_doubles_from_30_seconds_to_at_most_an_hour():
    assert [sending.backoff(n) for n in range(1, 10)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]


# --- A worker that died mid-send ---------------------------------------------------------------


class KnowingBackend(LocmemBackend):
    """A test backend that can say whether it took a key, like Notify or the recording backend."""

    taken: set[str] = set()

    def delivered(self, key):
        return key in self.taken


@pytest.fixture
def stuck(django_capture_on_commit_callbacks, priya):
    """A message left SENDING by a worker that died, claimed 20 minutes ago."""
    with django_capture_on_commit_callbacks(execute=False):
        start([priya])
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING,
        attempts=1,
        claimed_at=timezone.now() - timedelta(minutes=20),
    )
    return message


def test_a_message_being_sent_by_a_live_worker_is_left_alone(stuck):
    Message.objects.filter(pk=stuck.pk).update(claimed_at=timezone.now())
    assert sending.message_deliver(stuck.pk).status == MessageStatus.SENDING
    assert mail.outbox == []


def test_a_stuck_message_the_backend_delivered_is_marked_sent_without_sending(stuck, settings):
    settings.EMAIL_BACKEND = "tests.community.test_delivery.KnowingBackend"
    KnowingBackend.taken = {stuck.key}
    assert sending.message_deliver(stuck.pk).status == MessageStatus.SENT
    message = Message.objects.get()
    assert message.attempts == 1
    assert "confirmed" in message.last_error
    assert mail.outbox == []


def test_a_stuck_message_the_backend_did_not_deliver_is_sent(stuck, settings):
    settings.EMAIL_BACKEND = "tests.community.test_delivery.KnowingBackend"
    KnowingBackend.taken = set()
    assert sending.message_deliver(stuck.pk).status == MessageStatus.SENT
    message = Message.objects.get()
    assert (message.attempts, message.last_error) == (2, "")
    assert len(mail.outbox) == 1


def test_with_smtp_a_stuck_message_is_sent_again_and_says_it_may_be_twice(stuck):
    # The locmem backend, like SMTP, cannot say whether it took a message.
    assert sending.message_deliver(stuck.pk).status == MessageStatus.SENT
    message = Message.objects.get()
    assert message.last_error == sending.AT_LEAST_ONCE_NOTE
    assert len(mail.outbox) == 1


def test_the_sweep_finds_waiting_and_stuck_messages_and_queues_them(
    django_capture_on_commit_callbacks, priya, handed_over
):
    now = timezone.now()
    people = [priya, *(make_person(f"Person{i} Test") for i in range(5))]
    with django_capture_on_commit_callbacks(execute=False):
        start(people)
    m = list(Message.objects.order_by("pk"))
    old = now - timedelta(minutes=30)
    Message.objects.filter(pk=m[0].pk).update(created_at=old)  # never tried, waiting long
    Message.objects.filter(pk=m[1].pk).update(
        status=MessageStatus.SENDING, claimed_at=old, attempts=1
    )  # worker died
    Message.objects.filter(pk=m[2].pk).update(
        status=MessageStatus.SENDING, claimed_at=now, attempts=1
    )  # being sent now
    Message.objects.filter(pk=m[3].pk).update(
        created_at=old, attempts=5, claimed_at=now - timedelta(minutes=2)
    )  # waiting 8 minutes before its next try
    Message.objects.filter(pk=m[4].pk).update(
        created_at=old, attempts=1, claimed_at=now - timedelta(minutes=10)
    )  # its 30-second wait is long over
    Message.objects.filter(pk=m[5].pk).update(created_at=old, status=MessageStatus.SENT)
    assert list(sweep.messages_to_resume(now=now)) == [m[0].pk, m[1].pk, m[4].pk]

    handed_over.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.messages_resume() == 3
    assert handed_over == [
        ("community.deliver_batch", {"message_ids": [m[0].pk, m[1].pk, m[4].pk]})
    ]
    assert list(sweep.messages_to_resume(now=now)) == []  # marked as queued by the sweep


def test_the_scheduled_sweep_runs_a_task_that_sends_stuck_messages(
    settings, django_capture_on_commit_callbacks, priya
):
    from cocreation.celery import app

    task = app.tasks[settings.CELERY_BEAT_SCHEDULE["resume-messages"]["task"]]
    with django_capture_on_commit_callbacks(execute=False):
        start([priya])
    Message.objects.update(
        status=MessageStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1), attempts=1
    )  # its worker died
    with django_capture_on_commit_callbacks(execute=True):
        assert task.apply().get() == 1
    assert Message.objects.get().status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_an_email_whose_template_has_no_links_gets_the_standard_footer(run_now, priya, settings):
    run_now([priya], template=EMAIL_ONLY)
    email = mail.outbox[0]
    # The token is signed with the time it was made, so read it back rather than make another.
    prefix = f"To stop all emails from us, go to {settings.SITE_URL}/unsubscribe/"
    assert email.body.startswith("Email only.")
    assert prefix in email.body
    token = email.body.split(prefix, 1)[1].split("/", 1)[0]
    assert channels.unsubscribe_token_read(token) == priya.pk
    unsubscribe = f"{settings.SITE_URL}/unsubscribe/{token}/"
    assert f"{settings.SITE_URL}/portal/preferences/" in email.body
    assert unsubscribe in email.alternatives[0][0]


def test_an_email_that_links_them_itself_gets_no_second_footer(run_now, priya):
    run_now([priya])
    assert "To stop all emails from us" not in mail.outbox[0].body


def test_the_existing_emails_carry_the_links(priya):
    """The portal invitation (and every other app's email) goes out with both links."""
    send(
        cocreator_id=priya.pk,
        kind="invite",
        key="invite:1",
        template="community/email/invite",
        context={"login_url": "https://example.org/accounts/login/code/"},
    )
    email = mail.outbox[0]
    assert "/unsubscribe/" in email.body and "/portal/preferences/" in email.body
    html = email.alternatives[0][0]
    assert html.index("Stop all emails from us") < html.index("</body>")


def test_unsubscribing_stops_texts_too_not_only_email(db, run_now, sms_outbox):
    both = make_person("Bo Both", email="bo@example.org", prefers_sms=True, phone="07700 900124")
    channels.email_unsubscribe(cocreator=both)
    run_now([both])
    message = Message.objects.get()
    assert message.status == MessageStatus.SKIPPED
    assert "unsubscribed" in message.reason
    assert sms_outbox == [] and mail.outbox == []
