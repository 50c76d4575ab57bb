"""Messages to accounts that are not co-creators (`account_notify`): system partners and service
teams, told about their own access. The same pipeline as every other message: one row per key,
handed to the workers after commit, sent once by email with its key, retried, leased and
reconciled the same way; only the recipient and the rules differ."""

# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community import erasure
from community.data_export import person_data, person_links
from community.messaging import notices, queueing, selectors, sending, sweep
from community.models import (
    ERASED_EMAIL_DOMAIN,
    LEFT_NAME,
    Message,
    MessageChannel,
    MessageStatus,
    Role,
    User,
)
from community.services import cocreator_erase, cocreator_for_user_ensure
from tests.community import test_every_message_kind as every_kind
from tests.community.delivery_support import (  # noqa: F401
    NOTE,
    delivery_templates,
    priya,
    sms_outbox,
)
from tests.community.factories import UserFactory
from tests.community.test_delivery import KnowingBackend, _failing
from tests.community.test_notify import notify  # noqa: F401

pytestmark = pytest.mark.usefixtures("delivery_templates", "sms_outbox")

TEMPLATE = "delivery/account"  # tests/templates/delivery/account_*: uses `account`, has a link
URL = "/staff/messages/"


@pytest.fixture
def partner(db):
    return UserFactory(role=Role.PARTNER, full_name="Pat O'Partner", email="pat@partner.example")


def tell(user, *, key="access-given:1", **context):
    return notices.account_notify(
        user_id=user.pk,
        kind="access_given",
        key=key,
        template=TEMPLATE,
        context={"what": "your login is ready", "link": "https://example.org/sign-in", **context},
    )


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    """Tell an account something and let the hand-over after commit run (eager tasks)."""

    def run(user, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            message = tell(user, **kwargs)
        message.refresh_from_db()
        return message

    return run


# --- Recording and sending once ----------------------------------------------------------------


def test_an_account_is_emailed_once_however_often_it_is_asked(partner, told):
    first = told(partner)
    again = told(partner)
    assert first.pk == again.pk
    assert Message.objects.count() == 1
    message = Message.objects.get()
    assert (message.user, message.cocreator) == (partner, None)
    assert (message.channel, message.status, message.attempts) == (
        MessageChannel.EMAIL,
        MessageStatus.SENT,
        1,
    )
    assert message.recipient == "pat@partner.example"
    assert message.subject == "Your access, Pat O'Partner"
    (email,) = mail.outbox
    assert email.to == ["pat@partner.example"]
    assert email.subject == "Your access, Pat O'Partner"
    assert "Hello Pat O'Partner, your login is ready." in email.body
    assert "Hello Pat O&#x27;Partner" in email.alternatives[0][0]


def test_the_email_carries_its_key_and_no_unsubscribe_link(partner, told):
    told(partner, key="support-answered:7:1")
    (email,) = mail.outbox
    assert email.extra_headers == {"X-Message-Key": "support-answered:7:1"}
    # A service message about their own access: no footer with a co-creator's choices either.
    assert "unsubscribe" not in email.body.lower()
    assert "/portal/" not in email.body


def test_the_row_is_made_in_the_callers_transaction_and_handed_over_after_commit(
    partner, django_capture_on_commit_callbacks, monkeypatch
):
    batches = []
    monkeypatch.setattr(
        queueing,
        "task_publish",
        lambda *, task_name, kwargs, backoff_seconds: batches.append((task_name, kwargs)) or True,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = tell(partner)
        assert Message.objects.filter(pk=message.pk, status=MessageStatus.PENDING).exists()
    assert batches == []  # nothing goes to the broker before the transaction commits
    for callback in callbacks:
        callback()
    assert batches == [("community.deliver_batch", {"message_ids": [message.pk]})]
    assert mail.outbox == []


def test_a_message_whose_task_was_lost_is_picked_up_by_the_sweep(
    partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = tell(partner)
    later = timezone.now() + timedelta(seconds=60)
    assert list(sweep.messages_to_resume(now=later)) == [message.pk]
    assert sending.batch_deliver([message.pk])[0].status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_the_batch_path_sends_it_beside_a_cocreators_message(
    partner, priya, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        theirs = queueing.message_queue(
            cocreator_id=priya.pk,
            kind="reminder",
            key="r:1",
            template=NOTE,
            context={"title": "Hi"},
        )
        ours = tell(partner)
    outcomes = sending.batch_deliver([theirs.pk, ours.pk])
    assert [(o.message_id, o.status) for o in outcomes] == [
        (theirs.pk, MessageStatus.SENT),
        (ours.pk, MessageStatus.SENT),
    ]
    by_key = {email.extra_headers["X-Message-Key"]: email for email in mail.outbox}
    assert by_key["r:1"].to == ["priya@example.org"]
    assert "List-Unsubscribe" in by_key["r:1"].extra_headers
    assert by_key["access-given:1"].to == ["pat@partner.example"]
    assert "List-Unsubscribe" not in by_key["access-given:1"].extra_headers
    assert Message.objects.get(pk=ours.pk).recipient == "pat@partner.example"


def test_the_one_message_path_sends_it(partner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = tell(partner)
    assert sending.message_deliver(message.pk).status == MessageStatus.SENT
    assert sending.message_deliver(message.pk).status == MessageStatus.SENT  # not again
    assert len(mail.outbox) == 1


# --- Not sending -------------------------------------------------------------------------------


def test_a_closed_account_is_skipped_with_the_reason(partner, told):
    partner.is_active = False
    partner.save()
    message = told(partner)
    assert (message.status, message.reason) == (MessageStatus.SKIPPED, "The account is closed.")
    assert mail.outbox == []


def test_an_erased_address_is_skipped_with_the_reason(partner, told):
    partner.email = f"erased-{partner.pk}@{ERASED_EMAIL_DOMAIN}"
    partner.save()
    message = told(partner)
    assert message.status == MessageStatus.SKIPPED
    assert message.reason == "The account's email address was erased."
    assert mail.outbox == []


def test_an_account_closed_after_the_message_was_recorded_is_skipped_when_sent(
    partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first, second = tell(partner, key="a:1"), tell(partner, key="a:2")
    partner.is_active = False
    partner.save()
    # Checked again at sending, by both paths.
    assert sending.message_deliver(first.pk).status == MessageStatus.SKIPPED
    assert sending.batch_deliver([second.pk])[0].status == MessageStatus.SKIPPED
    reasons = set(Message.objects.values_list("status", "reason"))
    assert reasons == {(MessageStatus.SKIPPED, "The account is closed.")}
    assert mail.outbox == []


def test_an_account_that_no_longer_exists_is_skipped(partner, told):
    user_id = partner.pk
    partner.delete()
    message = tell(type(partner)(pk=user_id))
    assert (message.status, message.reason) == (
        MessageStatus.SKIPPED,
        "The account no longer exists.",
    )


# --- Failures, retries, a dead worker ----------------------------------------------------------


def test_a_temporary_failure_is_retried_and_sent_once(partner, told, monkeypatch):
    _failing(monkeypatch, smtplib.SMTPDataError(451, b"Try again later"))
    message = told(partner)  # eager tasks run the retry at once
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_temporary_failure_leaves_it_waiting_then_it_goes(
    partner, monkeypatch, django_capture_on_commit_callbacks
):
    _failing(monkeypatch, ConnectionRefusedError("refused"))
    with django_capture_on_commit_callbacks(execute=False):
        message = tell(partner)
    outcome = sending.message_deliver(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts, outcome.retry_in) == (MessageStatus.PENDING, 1, 30)
    assert "refused" in message.last_error
    assert (message.lease_owner, message.lease_until) == ("", None)  # released for its backoff
    assert list(selectors.messages_retrying()) == [message]
    assert sending.batch_deliver([message.pk])[0].status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_a_permanent_failure_fails_at_once(partner, told, monkeypatch):
    _failing(monkeypatch, smtplib.SMTPRecipientsRefused({"x": (550, b"No such mailbox")}))
    message = told(partner)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 1)
    assert "No such mailbox" in message.last_error


def test_a_message_a_dead_worker_left_sending_is_reconciled(
    partner, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = tell(partner)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, attempts=1, claimed_at=timezone.now() - timedelta(hours=1)
    )
    settings.EMAIL_BACKEND = "tests.community.test_delivery.KnowingBackend"
    KnowingBackend.taken = {message.key}
    assert sending.message_deliver(message.pk).status == MessageStatus.SENT
    assert mail.outbox == []  # the provider had it: not sent again
    KnowingBackend.taken = set()


def test_a_live_workers_lease_is_respected(partner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = tell(partner)
    assert sending.lease_take(message_ids=[message.pk], owner="other") == [message.pk]
    assert sending.batch_deliver([message.pk])[0].status == MessageStatus.PENDING
    assert mail.outbox == []


# --- GOV.UK Notify -----------------------------------------------------------------------------


def test_notify_gets_the_key_as_its_reference_and_no_unsubscribe_url(
    partner, settings, told, notify
):
    settings.EMAIL_BACKEND = "community.notify.NotifyEmailBackend"
    message = told(partner, key="renewal-due:3")
    assert message.status == MessageStatus.SENT
    (post,) = [r for r in notify.requests if r["method"] == "POST"]
    assert post["body"]["email_address"] == "pat@partner.example"
    assert post["body"]["reference"] == "renewal-due:3"
    assert "one_click_unsubscribe_url" not in post["body"]


# --- Staff, erasure, the data download ---------------------------------------------------------


def test_the_staff_messages_page_names_the_account(staff_client, partner, told, monkeypatch):
    _failing(monkeypatch, smtplib.SMTPRecipientsRefused({"x": (550, b"No such mailbox")}))
    told(partner, key="a:failed")
    _failing(monkeypatch, ConnectionRefusedError("Connection refused by the mail server"))
    queued = tell(partner, key="a:retrying")  # not committed: no task runs
    sending.message_deliver(queued.pk)
    response = staff_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 message could not be sent" in html
    assert "1 message could not be sent at the first try" in html
    assert html.count("Pat O&#x27;Partner (account, not a co-creator)") == 2
    assert "No such mailbox" in html and "Connection refused by the mail server" in html
    assert "Record no longer exists" not in html


def test_the_staff_messages_page_reads_accounts_in_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries, monkeypatch
):
    _failing(monkeypatch, *[smtplib.SMTPRecipientsRefused({"x": (550, b"No")})] * 12)

    def fail_for(count, start):
        for n in range(start, start + count):
            user = UserFactory(role=Role.PARTNER)
            message = tell(user, key=f"q:{n}")
            sending.message_deliver(message.pk)

    fail_for(2, 0)
    staff_client.get(URL)  # warm the session and the site's cached rows
    with django_assert_max_num_queries(50) as two:
        staff_client.get(URL)
    fail_for(8, 2)
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert "10 messages could not be sent" in staff_client.get(URL).content.decode()


def test_erasing_a_person_keeps_their_account_message_under_its_key_and_empties_it(db, monkeypatch):
    # Only community.Message's policies are tested here: a link another app has not yet given a
    # policy (its own tests fail for that) is left alone rather than stopping the erasure.
    policies = erasure.erasure_policies()
    assert policies[("community.Message", "user")].action == erasure.KEEP
    for link in person_links(hidden=True):
        policies.setdefault(link, erasure.Erasure(erasure.LEAVE, "Not tested here."))
    monkeypatch.setattr(erasure, "_POLICIES", policies)
    user = UserFactory(role=Role.PARTNER, full_name="Zyxwv Partner", email="zyxwv@example.org")
    person = cocreator_for_user_ensure(user=user)  # also a co-creator, say
    message = tell(user, key="access-given:zyxwv", what="Zyxwv secret")
    assert message.status == MessageStatus.PENDING
    download = person_data(person)
    (row,) = download["community.Message"]
    assert row["key"] == "access-given:zyxwv" and "Zyxwv secret" in row["context"]
    assert "user" not in row and "cocreator" not in row  # their own link, not repeated

    cocreator_erase(cocreator=person, actor=None)

    message.refresh_from_db()
    assert message.user_id == user.pk  # linked only to the closed login
    assert (message.key, message.kind, message.template) == (
        "access-given:zyxwv",
        "access_given",
        TEMPLATE,
    )
    assert message.status == MessageStatus.SKIPPED  # nothing unsent is sent
    assert (message.context, message.recipient, message.subject, message.reason) == ({}, "", "", "")
    user.refresh_from_db()
    assert user.get_full_name() == LEFT_NAME
    assert sending.batch_deliver([message.pk])[0].status == MessageStatus.SKIPPED
    assert mail.outbox == []


def test_a_download_that_finds_another_persons_account_message_does_not_break(partner, cocreator):
    tell(partner)
    person = cocreator_for_user_ensure(user=cocreator)
    assert person_data(person)["community.Message"] == []


# --- test_every_message_kind's checks, for a kind sent to an account ---------------------------


def _send_to_an_account(staff_client, host):
    user = User.objects.filter(email="siobhan@example.org").first() or UserFactory(
        role=Role.PARTNER, full_name=every_kind.NAME, email="siobhan@example.org"
    )
    tell(user, what=every_kind.TYPED, link=every_kind.SITE_URL + "/partners/")


def test_the_every_kind_checks_take_a_kind_sent_to_an_account(
    monkeypatch, staff_client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = every_kind.SITE_URL
    monkeypatch.setitem(every_kind.SENDERS, TEMPLATE, _send_to_an_account)
    every_kind.test_no_subject_text_part_or_text_message_has_an_html_entity(
        TEMPLATE, None, staff_client, django_capture_on_commit_callbacks
    )
    Message.objects.all().delete()
    every_kind.test_every_link_in_every_part_is_on_site_url(
        TEMPLATE, None, staff_client, django_capture_on_commit_callbacks
    )
    (email,) = mail.outbox
    assert email.extra_headers == {"X-Message-Key": "access-given:1"}
