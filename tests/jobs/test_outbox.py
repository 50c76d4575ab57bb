"""The outbox: work asked for in a request survives a broker that is down or frozen."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cocreation.jobs.models import OutboxMessage, WorkerHeartbeat
from cocreation.jobs.services import outbox_enqueue, outbox_publish, outbox_sweep
from tests.jobs.conftest import broker_at


def test_work_is_recorded_in_the_transaction_and_handed_over_only_after_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            message = outbox_enqueue(task_name="jobs.heartbeat")
            assert OutboxMessage.objects.get(pk=message.pk).published_at is None
            assert not WorkerHeartbeat.objects.exists()
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.published_at is not None
    # In tests tasks run in-process, so the heartbeat task has run.
    assert WorkerHeartbeat.objects.count() == 1


def test_work_asked_for_in_a_rolled_back_transaction_is_never_sent(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox_enqueue(task_name="jobs.heartbeat")
            raise RuntimeError("the request failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()


def test_tasks_take_ids_not_model_instances(db, cocreator):
    with pytest.raises(TypeError, match="pass its id"):
        outbox_enqueue(task_name="jobs.heartbeat", kwargs={"user": cocreator})
    with pytest.raises(TypeError, match="ids and plain values"):
        outbox_enqueue(task_name="jobs.heartbeat", kwargs={"when": timezone.now()})
    assert not OutboxMessage.objects.exists()


def test_an_unknown_task_name_is_refused(db):
    with pytest.raises(LookupError):
        outbox_enqueue(task_name="jobs.no_such_task")


@pytest.mark.urls("tests.jobs.urls")
@pytest.mark.parametrize("broker", ["closed_port", "frozen_server"])
def test_a_request_succeeds_when_the_broker_is_down_or_frozen_and_the_work_waits(
    db, client, request, broker, django_capture_on_commit_callbacks
):
    url = request.getfixturevalue(broker)
    with broker_at(url):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get("/ask-for-work/")
        elapsed = time.monotonic() - started
        # A second request in the back-off window does not even try the broker.
        started_again = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get("/ask-for-work/").status_code == 200
        elapsed_again = time.monotonic() - started_again
    assert response.status_code == 200
    pending = OutboxMessage.objects.pending().order_by("pk")
    assert pending.count() == 2
    first = pending[0]
    assert first.attempts == 1
    assert first.last_error
    # Bounded by the socket timeouts (1 second each way), not by the test's patience.
    assert elapsed < 10, f"the request waited {elapsed:.1f}s for a dead broker"
    assert elapsed_again < 1, f"the second request waited {elapsed_again:.1f}s"


def test_the_sweep_hands_over_work_left_waiting(db):
    old = OutboxMessage.objects.create(task_name="jobs.heartbeat")
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    fresh = OutboxMessage.objects.create(task_name="jobs.heartbeat")
    assert outbox_sweep() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.published_at is not None
    # Work just asked for is left to its own after-commit hand-over.
    assert fresh.published_at is None


def test_publishing_twice_does_not_send_twice(db):
    message = OutboxMessage.objects.create(task_name="jobs.heartbeat")
    assert outbox_publish(message_ids=[message.pk]) == 1
    assert outbox_publish(message_ids=[message.pk]) == 0
