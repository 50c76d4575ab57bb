"""A real Celery worker process takes a task from Redis and completes it.

Needs Redis (REDIS_URL) and a database the worker process can share (PostgreSQL). Skips, saying
so, where they are missing; CI sets SERVICE_TESTS_REQUIRED=1 so there it must run.
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection, transaction

from cocreation.jobs.models import OutboxMessage, WorkerHeartbeat
from cocreation.jobs.services import outbox_enqueue
from tests.jobs.conftest import broker_at

pytestmark = pytest.mark.worker


def _require_services():
    missing = []
    if not os.environ.get("REDIS_URL"):
        missing.append("REDIS_URL is not set")
    if connection.vendor != "postgresql":
        missing.append(f"the database is {connection.vendor}, not PostgreSQL (set DATABASE_URL)")
    if missing:
        message = "Real-worker test needs Redis and PostgreSQL: " + "; ".join(missing)
        if os.environ.get("SERVICE_TESTS_REQUIRED", "").lower() in {"1", "true"}:
            pytest.fail(message)
        pytest.skip(message)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_a_real_worker_takes_a_task_from_redis_and_completes_it(transactional_db):
    _require_services()
    name = f"test-{uuid.uuid4().hex[:8]}@cocreation"
    with broker_at(settings.REDIS_URL) as app:
        app.control.purge()
        with transaction.atomic():
            message = outbox_enqueue(task_name="jobs.heartbeat")
        message.refresh_from_db()
        assert message.published_at is not None, message.last_error

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cocreation.settings.test",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cocreation",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-n",
                name,
                "--without-mingle",
                "--without-gossip",
                "--loglevel=INFO",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and worker.poll() is None:
                if WorkerHeartbeat.objects.filter(hostname=name).exists():
                    break
                time.sleep(0.5)
        finally:
            worker.terminate()
            try:
                output, _ = worker.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                output, _ = worker.communicate()
    assert WorkerHeartbeat.objects.filter(hostname=name).exists(), output[-3000:]
    assert OutboxMessage.objects.pending().count() == 0
