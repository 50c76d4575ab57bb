"""Leases: a live worker keeps its messages; a dead worker's are taken over as soon as they run out."""

# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from community.messaging import queueing, sending, sweep
from community.models import Message, MessageStatus
from tests.community.delivery_support import (  # noqa: F401
    NOTE,
    delivery_templates,
    make_person,
    priya,
    sms_outbox,
)
from tests.community.test_delivery import KnowingBackend

pytestmark = pytest.mark.usefixtures("delivery_templates", "sms_outbox")

LEASE = 30


@pytest.fixture(autouse=True)
def lease_of_30_seconds(settings):
    settings.MESSAGE_LEASE_SECONDS = LEASE


@pytest.fixture
def waiting(django_capture_on_commit_callbacks, priya):
    """Five messages recorded and not yet sent (their batch not run)."""
    people = [priya, *(make_person(f"Person{i} Test") for i in range(4))]
    with django_capture_on_commit_callbacks(execute=False):
        queueing.broadcast_start(
            kind="update",
            title="Spring update",
            template=NOTE,
            recipients=[p.pk for p in people],
            key_prefix="update:lease",
        )
    return list(Message.objects.order_by("pk"))


def _hold(message, *, owner="dead-worker", seconds_left, status=MessageStatus.PENDING):
    Message.objects.filter(pk=message.pk).update(
        status=status,
        lease_owner=owner,
        lease_until=timezone.now() + timedelta(seconds=seconds_left),
        claimed_at=timezone.now() if status == MessageStatus.SENDING else None,
        attempts=1 if status == MessageStatus.SENDING else 0,
    )


# --- Taking and renewing -----------------------------------------------------------------------


def test_a_batch_holds_its_rows_under_one_lease(waiting):
    ids = [m.pk for m in waiting]
    assert sending.lease_take(message_ids=ids, owner="me") == ids
    rows = Message.objects.all()
    assert {m.lease_owner for m in rows} == {"me"}
    assert all(
        timedelta(seconds=LEASE - 5) < m.lease_until - timezone.now() <= timedelta(seconds=LEASE)
        for m in rows
    )


def test_a_row_a_live_worker_holds_is_not_taken(waiting):
    _hold(waiting[0], seconds_left=1)
    _hold(waiting[1], seconds_left=LEASE, status=MessageStatus.SENDING)
    ids = [m.pk for m in waiting]
    assert sending.lease_take(message_ids=ids, owner="me") == ids[2:]
    assert sending.message_deliver(waiting[0].pk).status == MessageStatus.PENDING
    assert sending.message_deliver(waiting[1].pk).status == MessageStatus.SENDING
    assert Message.objects.get(pk=waiting[0].pk).lease_owner == "dead-worker"
    assert mail.outbox == []


def test_a_row_whose_lease_ran_out_is_taken_and_sent(waiting):
    _hold(waiting[0], seconds_left=-1)
    assert sending.batch_deliver([waiting[0].pk])[0].status == MessageStatus.SENT
    message = Message.objects.get(pk=waiting[0].pk)
    assert (message.lease_owner, message.lease_until) == ("", None)  # released once sent
    assert len(mail.outbox) == 1


def test_a_row_taken_within_the_lease_once_its_worker_stops_renewing(waiting):
    message = waiting[0]
    sending.lease_take(message_ids=[message.pk], owner="dead-worker")
    with time_machine.travel(timezone.now() + timedelta(seconds=LEASE - 1)):
        assert sending.lease_take(message_ids=[message.pk], owner="me") == []
    with time_machine.travel(timezone.now() + timedelta(seconds=LEASE + 1)):
        assert sending.lease_take(message_ids=[message.pk], owner="me") == [message.pk]


def test_renewing_pushes_back_only_the_owners_unfinished_rows(waiting):
    ids = [m.pk for m in waiting]
    sending.lease_take(message_ids=ids[:3], owner="me")
    sending.lease_take(message_ids=ids[3:], owner="other")
    Message.objects.filter(pk=ids[2]).update(status=MessageStatus.SENT)
    before = dict(Message.objects.values_list("pk", "lease_until"))
    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        assert sending.lease_renew(message_ids=ids, owner="me") == 2
    after = dict(Message.objects.values_list("pk", "lease_until"))
    assert [after[pk] - before[pk] >= timedelta(seconds=9) for pk in ids] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_the_keeper_renews_every_third_of_the_lease_until_the_batch_ends(settings, monkeypatch):
    settings.MESSAGE_LEASE_SECONDS = 0.15
    renewals = []
    renewed = threading.Event()

    def renew(*, message_ids, owner):
        renewals.append((list(message_ids), owner))
        if len(renewals) >= 3:
            renewed.set()
        return len(message_ids)

    monkeypatch.setattr(sending, "lease_renew", renew)
    with sending._lease_kept(message_ids=[1, 2], owner="me"):
        assert renewed.wait(timeout=5)
    count = len(renewals)
    time.sleep(0.2)
    assert len(renewals) == count  # stopped with the batch
    assert renewals[0] == ([1, 2], "me")


def test_while_a_batch_sends_its_other_rows_stay_held_by_it(waiting, monkeypatch):
    seen = []
    real = LocmemBackend.send_messages

    def send_messages(self, messages):
        seen.append(
            set(
                Message.objects.filter(status=MessageStatus.PENDING).values_list(
                    "lease_owner", flat=True
                )
            )
        )
        return real(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", send_messages)
    sending.batch_deliver([m.pk for m in waiting])
    owners = set().union(*seen[:-1])
    assert len(owners) == 1 and "" not in owners  # one owner, the batch's
    assert len(mail.outbox) == 5


def test_a_temporary_failure_releases_the_row_so_its_backoff_applies(priya, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(LocmemBackend, "send_messages", refuse)
    queued = queueing.message_queue(
        cocreator_id=priya.pk, kind="reminder", key="r:lease", template=NOTE
    )
    outcome = sending.message_deliver(queued.pk)
    message = Message.objects.get(pk=queued.pk)
    assert (message.status, message.lease_owner, message.lease_until) == ("pending", "", None)
    assert outcome.retry_in == 30
    assert list(sweep.messages_to_resume()) == []  # not before its backoff


# --- The sweep ---------------------------------------------------------------------------------


def test_the_sweep_takes_a_dead_workers_rows_as_soon_as_the_lease_runs_out(waiting):
    ids = [m.pk for m in waiting]
    sending.lease_take(message_ids=ids[:3], owner="dead-worker")
    _hold(waiting[0], seconds_left=LEASE, status=MessageStatus.SENDING)
    now = timezone.now()
    idle = 10 * LEASE  # never-held rows wait longer, so only the lease rule is seen here
    assert (
        list(sweep.messages_to_resume(now=now + timedelta(seconds=LEASE - 1), idle_seconds=idle))
        == []
    )
    # Not after the wait for a never-held message: as soon as the lease runs out.
    later = now + timedelta(seconds=LEASE + 1)
    assert list(sweep.messages_to_resume(now=later, idle_seconds=idle)) == ids[:3]


def test_the_sweep_takes_a_row_no_worker_held_after_the_resume_wait(waiting, settings):
    created = waiting[0].created_at
    wait = timedelta(seconds=settings.MESSAGE_RESUME_AFTER_SECONDS)
    assert list(sweep.messages_to_resume(now=created + wait - timedelta(seconds=1))) == []
    assert len(sweep.messages_to_resume(now=created + wait + timedelta(seconds=1))) == 5


def test_the_sweep_queues_a_row_once_not_at_every_run(waiting, django_capture_on_commit_callbacks):
    _hold(waiting[0], seconds_left=-1)
    with django_capture_on_commit_callbacks(execute=False):
        assert sweep.messages_resume() == 1
        assert sweep.messages_resume() == 0
    message = Message.objects.get(pk=waiting[0].pk)
    assert message.lease_owner == ""  # any worker may take it at once
    assert sending.lease_take(message_ids=[message.pk], owner="me") == [message.pk]


# --- A worker killed mid-batch -----------------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs (not even `except Exception`)."""


def _killed_after(monkeypatch, sends: int, backend=LocmemBackend):
    """The backend takes `sends` messages; the worker dies just after handing over the last."""
    real = backend.send_messages
    count = [0]

    def send_messages(self, messages):
        result = real(self, messages)
        count[0] += 1
        if count[0] == sends:
            monkeypatch.setattr(backend, "send_messages", real)
            raise Killed
        return result

    monkeypatch.setattr(backend, "send_messages", send_messages)


def _kill_mid_batch_then_recover(waiting, monkeypatch, django_capture_on_commit_callbacks):
    ids = [m.pk for m in waiting]
    with pytest.raises(Killed):
        sending.batch_deliver(ids)
    statuses = list(Message.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent", "sent", "sending", "pending", "pending"]
    in_flight = 1
    # Nothing is taken while the lease lasts; once it runs out the next sweep resumes them all.
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.messages_resume() == 0
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=LEASE + 1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert sweep.messages_resume() == 3
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    return in_flight


def test_a_killed_batch_is_finished_exactly_once_when_the_backend_can_say(
    waiting, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.community.test_delivery.KnowingBackend"
    KnowingBackend.taken = set()
    real = LocmemBackend.send_messages

    def send_and_remember(self, messages):
        KnowingBackend.taken |= {m.extra_headers["X-Message-Key"] for m in messages}
        return real(self, messages)

    monkeypatch.setattr(LocmemBackend, "send_messages", send_and_remember)
    _killed_after(monkeypatch, 3)
    _kill_mid_batch_then_recover(waiting, monkeypatch, django_capture_on_commit_callbacks)
    keys = [m.extra_headers["X-Message-Key"] for m in mail.outbox]
    assert sorted(keys) == sorted(m.key for m in waiting)  # five, none twice
    assert Message.objects.get(pk=waiting[2].pk).last_error == sending.CONFIRMED_NOTE


def test_with_smtp_a_killed_batch_sends_at_most_the_message_in_flight_twice(
    waiting, monkeypatch, django_capture_on_commit_callbacks
):
    # The locmem backend, like SMTP, cannot say whether it took a message.
    _killed_after(monkeypatch, 3)
    in_flight = _kill_mid_batch_then_recover(
        waiting, monkeypatch, django_capture_on_commit_callbacks
    )
    keys = [m.extra_headers["X-Message-Key"] for m in mail.outbox]
    duplicates = len(keys) - len(set(keys))
    assert set(keys) == {m.key for m in waiting}
    assert duplicates == in_flight == 1
    assert keys.count(waiting[2].key) == 2  # the one in flight at the kill, and only it
    assert Message.objects.get(pk=waiting[2].pk).last_error == sending.AT_LEAST_ONCE_NOTE
    assert Message.objects.exclude(pk=waiting[2].pk).filter(last_error__gt="").count() == 0
