"""A send to 500 people survives a worker killed mid-send: nobody lost, taken over within a minute.

Two real Celery workers take the batches from a Redis server of the test's own and "send" through
the recording backend (community.mail_backends), which appends a line per message to a file and
fsyncs it. The first worker (two processes) is killed with SIGKILL while it is sending. Nothing is
done by hand after that: the second worker runs the resume sweep on its own schedule (celery beat,
`-B`, the production interval) and the production lease, so the figures are what a trust would
see. Measured and printed: lost, duplicates, and recovery (from the kill until every message is
SENT).

With a backend that can say whether it took a message (the recording backend; GOV.UK Notify) a
message the dead worker had handed over is found there by its key and marked sent: exactly once.
With one that cannot say (like SMTP) it is sent again, so duplicates are at most the messages the
dead worker had in flight (handed to the server, not yet marked SENT): one per worker process.

Needs redis-server on the PATH and PostgreSQL; skips locally without them and fails when
SERVICE_TESTS_REQUIRED=1 (CI).
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection, transaction

from cocreation.lib.own_redis import own_redis_server, wait_for
from community.mail_backends import recorded_lines
from community.messaging import queueing
from community.messaging.queueing import broadcast_start
from community.messaging.sending import AT_LEAST_ONCE_NOTE, CONFIRMED_NOTE
from community.models import CoCreator, Message, MessageStatus
from tests.jobs.conftest import broker_at
from tests.jobs.test_worker import _database_url

pytestmark = pytest.mark.worker

PEOPLE = 500
RECOVERY_LIMIT_SECONDS = 60
WORKER_SETTINGS = """
from cocreation.settings.test import *  # noqa

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = {backend!r}
EMAIL_FILE_PATH = {record!r}
RECORDING_EMAIL_DELAY_SECONDS = {delay!r}
# Only the resume sweep, at its production interval, with a schedule file of the test's own.
CELERY_BEAT_SCHEDULER = "celery.beat:PersistentScheduler"
CELERY_BEAT_SCHEDULE = {{"resume-messages": CELERY_BEAT_SCHEDULE["resume-messages"]}}
"""


def _require_postgres_and_redis_server() -> None:
    missing = []
    if shutil.which("redis-server") is None:
        missing.append("redis-server is not on the PATH")
    if connection.vendor != "postgresql":
        missing.append(f"the database is {connection.vendor}, not PostgreSQL (set DATABASE_URL)")
    if missing:
        message = "The killed-worker test needs redis-server and PostgreSQL: " + "; ".join(missing)
        if os.environ.get("SERVICE_TESTS_REQUIRED", "").lower() in {"1", "true"}:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server for this test alone (never the shared one), stopped at the end."""
    _require_postgres_and_redis_server()
    with own_redis_server(tmp_path) as url:
        yield url


def _start_worker(tmp_path, name: str, *, redis_url: str, pool: str, concurrency: int, **values):
    module = f"delivery_worker_{name}"
    (tmp_path / f"{module}.py").write_text(WORKER_SETTINGS.format(**values))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
    }
    hostname = f"{name}-{uuid.uuid4().hex[:8]}@cocreation"
    beat = ["-B", "-s", str(tmp_path / f"{name}-beat")] if name == "second" else []
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed when the worker is reaped)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cocreation", "worker"]
        + [f"--pool={pool}", f"--concurrency={concurrency}", "-n", hostname]
        + ["--without-mingle", "--without-gossip", "--loglevel=INFO", *beat],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the kill reaches its children
    )
    process.log_file, process.hostname = log, hostname
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


def _ready(app, worker) -> bool:
    return bool(app.control.ping(destination=[worker.hostname], timeout=0.5))


@pytest.mark.parametrize(
    "backend",
    [
        "community.mail_backends.RecordingFileBackend",
        "community.mail_backends.UnconfirmedRecordingFileBackend",
    ],
    ids=["backend-can-say", "backend-cannot-say-like-smtp"],
)
def test_a_send_to_500_survives_a_killed_worker(
    transactional_db, tmp_path, own_redis, backend, monkeypatch
):
    can_say = backend.endswith(".RecordingFileBackend")
    record = tmp_path / "sent.jsonl"
    people = CoCreator.objects.bulk_create(
        CoCreator(full_name=f"Person {i}", email=f"person{i}@example.org", prefers_email=True)
        for i in range(PEOPLE)
    )
    workers = []
    options = {"redis_url": own_redis, "backend": backend, "record": str(record), "delay": 0.05}
    with broker_at(own_redis) as app:
        try:
            first = _start_worker(tmp_path, "first", pool="prefork", concurrency=2, **options)
            second = _start_worker(tmp_path, "second", pool="solo", concurrency=1, **options)
            workers += [first, second]
            for worker in workers:
                assert wait_for(lambda w=worker: _ready(app, w), seconds=40, process=worker), (
                    tmp_path / f"{'first' if worker is first else 'second'}.log"
                ).read_text()[-3000:]

            published = []
            publish = queueing.task_publish
            monkeypatch.setattr(
                queueing, "task_publish", lambda **kw: published.append(publish(**kw)) or True
            )
            with transaction.atomic():
                broadcast_start(
                    kind="update",
                    title="Spring update",
                    template="community/email/invite",
                    context={"login_url": "https://example.org/accounts/login/code/"},
                    recipients=[p.pk for p in people],
                    key_prefix="update:worker-test",
                )
            assert published and all(published), "batches were not handed to the broker"

            def first_is_busy():
                lines = recorded_lines(record)
                by_first = [line for line in lines if line["pid"] != second.pid]
                return len(lines) >= 150 and by_first

            started = wait_for(first_is_busy, seconds=60, process=first)
            assert started, (tmp_path / "first.log").read_text()[-3000:]
            os.killpg(first.pid, signal.SIGKILL)
            killed_at = time.monotonic()
            first.wait(timeout=10)
            sent_at_kill = len(recorded_lines(record))
            assert sent_at_kill < PEOPLE, "the send finished before the worker could be killed"
            # In flight: handed to a worker's backend (or about to be), not yet marked SENT.
            in_flight = set(
                Message.objects.filter(status=MessageStatus.SENDING).values_list("key", flat=True)
            )
            held = Message.objects.filter(status=MessageStatus.PENDING).exclude(lease_owner="")
            held = held.count()
            first_pids = {line["pid"] for line in recorded_lines(record)} - {second.pid}

            finished = wait_for(
                lambda: not Message.objects.exclude(status=MessageStatus.SENT).exists(),
                seconds=RECOVERY_LIMIT_SECONDS + 30,
                process=second,
            )
            recovery = time.monotonic() - killed_at
            assert finished, (
                list(
                    Message.objects.exclude(status=MessageStatus.SENT).values_list(
                        "pk", "status", "attempts", "lease_owner", "lease_until", "claimed_at"
                    )[:20]
                ),
                (tmp_path / "second.log").read_text()[-3000:],
            )
        finally:
            for worker in workers:
                _stop(worker)

    lines = recorded_lines(record)
    counts = Counter(line["key"] for line in lines)
    lost = PEOPLE - len(counts)
    duplicated = {key for key, n in counts.items() if n > 1}
    duplicates = len(lines) - len(counts)
    print(
        f"\n[{'can say' if can_say else 'cannot say'}] {PEOPLE} messages, killed after "
        f"{sent_at_kill}; at the kill {len(in_flight)} in flight, {held} more held by a worker; "
        f"lost: {lost}; "
        f"duplicates: {duplicates}; recovery: {recovery:.1f} s"
    )
    assert lost == 0
    assert set(counts) == set(Message.objects.values_list("key", flat=True))
    assert Message.objects.filter(status=MessageStatus.SENT).count() == PEOPLE
    assert recovery < RECOVERY_LIMIT_SECONDS
    assert all("List-Unsubscribe" in line["headers"] for line in lines)
    noted = set(Message.objects.filter(last_error=AT_LEAST_ONCE_NOTE).values_list("key", flat=True))
    if can_say:
        assert duplicates == 0
        assert not noted
        # A message the dead worker had handed over was confirmed by the backend, not sent again.
        confirmed = Message.objects.filter(last_error=CONFIRMED_NOTE).values_list("key", flat=True)
        assert set(confirmed) <= in_flight
    else:
        # The duplicate window: only a message in flight at the kill can arrive twice, at most
        # one per process of the dead worker, and its row says so.
        assert duplicated <= in_flight
        assert duplicates <= min(len(in_flight), len(first_pids))
        assert duplicated <= noted <= in_flight
