"""A send to 500 people survives its worker being killed part-way: each gets exactly one email.

A real Celery worker takes the batches from Redis and "sends" through the recording backend
(community.mail_backends), which appends a line per message to a file and fsyncs it. The worker
is killed with SIGKILL while it is sending. The resume sweep then queues what was left (the
batches the dead worker had taken are unacknowledged in Redis for an hour), and a second worker,
whose lease on a SENDING message is 0, finishes the job: a message the dead worker had handed to
the backend is found there by its key and marked sent, not sent again.

Needs Redis (REDIS_URL) and PostgreSQL; skips locally without them and fails when
SERVICE_TESTS_REQUIRED=1 (CI).
"""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import transaction

from cocreation.jobs.models import OutboxMessage
from community.delivery import (
    AT_LEAST_ONCE_NOTE,
    CONFIRMED_NOTE,
    broadcast_start,
    messages_resume,
)
from community.mail_backends import recorded_lines
from community.models import CoCreator, Message, MessageStatus
from tests.jobs.conftest import broker_at
from tests.jobs.test_worker import _database_url, _require_services

pytestmark = pytest.mark.worker

PEOPLE = 500
WORKER_SETTINGS = """
from cocreation.settings.test import *  # noqa

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "community.mail_backends.RecordingFileBackend"
EMAIL_FILE_PATH = {record!r}
RECORDING_EMAIL_DELAY_SECONDS = {delay!r}
MESSAGE_SENDING_LEASE_SECONDS = {lease!r}
"""


def _clear_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    client.close()


def _start_worker(tmp_path, name: str, *, pool: str, concurrency: int, **values):
    module = f"delivery_worker_{name}"
    (tmp_path / f"{module}.py").write_text(WORKER_SETTINGS.format(**values))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed when the worker is reaped)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cocreation",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "-n",
            f"{name}-{uuid.uuid4().hex[:8]}@cocreation",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the kill reaches its children
    )
    process.log_file = log
    return process


def _stop(process, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    process.log_file.close()


def _wait_for(check, *, seconds: float, process=None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        if process is not None and process.poll() is not None:
            return check()
        time.sleep(0.05)
    return check()


def test_a_send_to_500_survives_a_killed_worker_and_delivers_each_exactly_once(
    transactional_db, tmp_path
):
    _require_services()
    record = tmp_path / "sent.jsonl"
    people = CoCreator.objects.bulk_create(
        CoCreator(full_name=f"Person {i}", email=f"person{i}@example.org", prefers_email=True)
        for i in range(PEOPLE)
    )
    first = second = None
    _clear_redis(settings.REDIS_URL)
    with broker_at(settings.REDIS_URL):
        try:
            with transaction.atomic():
                broadcast = broadcast_start(
                    kind="update",
                    title="Spring update",
                    template="community/email/invite",
                    context={"login_url": "https://example.org/accounts/login/code/"},
                    recipients=[p.pk for p in people],
                    key_prefix="update:worker-test",
                )
            assert OutboxMessage.objects.pending().count() == 0, "batches were not queued"
            assert Message.objects.filter(broadcast=broadcast).count() == PEOPLE

            first = _start_worker(
                tmp_path,
                "first",
                pool="prefork",
                concurrency=2,
                record=str(record),
                delay=0.02,
                lease=600,
            )
            started = _wait_for(
                lambda: len(recorded_lines(record)) >= 100, seconds=40, process=first
            )
            assert started, (tmp_path / "first.log").read_text()[-3000:]
            _stop(first, signal.SIGKILL)
            sent_by_first = len(recorded_lines(record))
            assert sent_by_first < PEOPLE, "the first worker finished before it could be killed"
            # Usually the kill lands while the backend is "sending": those rows stay SENDING.
            stuck = set(
                Message.objects.filter(status=MessageStatus.SENDING).values_list("key", flat=True)
            )
            print(f"first worker: {sent_by_first} recorded, {len(stuck)} left sending")

            # What the sweep does every five minutes, without waiting: queue what was left.
            assert messages_resume(idle_seconds=0, lease=0) > 0

            second = _start_worker(
                tmp_path,
                "second",
                pool="solo",
                concurrency=1,
                record=str(record),
                delay=0,
                lease=0,
            )
            finished = _wait_for(
                lambda: not Message.objects.exclude(status=MessageStatus.SENT).exists(),
                seconds=45,
                process=second,
            )
            assert finished, (
                Message.objects.values_list("status").order_by().distinct(),
                (tmp_path / "second.log").read_text()[-3000:],
            )
        finally:
            for worker in (first, second):
                if worker is not None:
                    _stop(worker)
            _clear_redis(settings.REDIS_URL)

    lines = recorded_lines(record)
    keys = [line["key"] for line in lines]
    assert len(lines) == PEOPLE, (
        f"{len(lines)} emails recorded (the first worker sent {sent_by_first})"
    )
    assert len(set(keys)) == PEOPLE
    assert set(keys) == set(Message.objects.values_list("key", flat=True))
    assert Message.objects.filter(status=MessageStatus.SENT).count() == PEOPLE
    assert not Message.objects.filter(last_error=AT_LEAST_ONCE_NOTE).exists()
    # A message the dead worker had handed over was confirmed by the backend, not sent again.
    confirmed = set(Message.objects.filter(last_error=CONFIRMED_NOTE).values_list("key", flat=True))
    assert confirmed == stuck & set(keys[:sent_by_first])
    assert all("List-Unsubscribe" in line["headers"] for line in lines)
