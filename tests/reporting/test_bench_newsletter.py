"""`manage.py bench_newsletter`: a newsletter sent through a real worker, timed, then removed.

Starts a Redis server and a Celery worker of its own, so it needs redis-server on the PATH and
PostgreSQL; skips locally without them and fails when SERVICE_TESTS_REQUIRED=1 (CI).
"""

import pytest

from cocreation.jobs.models import OutboxMessage
from community.models import Broadcast, CoCreator, Message
from reporting.management.commands.bench_newsletter import measure_newsletter_send
from reporting.newsletters.models import NewsletterIssue
from tests.jobs.test_delivery_worker import _require_postgres_and_redis_server
from tests.jobs.test_worker import _database_url
from tests.reporting.factories import NewsletterReaderFactory

pytestmark = pytest.mark.worker

WORKER_SETTINGS = """
from cocreation.settings.test import *  # noqa

CELERY_TASK_ALWAYS_EAGER = False
"""


def test_the_benchmark_sends_through_a_worker_and_leaves_nothing_behind(
    transactional_db, tmp_path, monkeypatch
):
    _require_postgres_and_redis_server()
    (tmp_path / "bench_worker_settings.py").write_text(WORKER_SETTINGS)
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "bench_worker_settings")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", _database_url())
    readers = NewsletterReaderFactory.create_batch(3)

    result = measure_newsletter_send(recipients=5, timeout=120)

    # Three readers and two synthetic ones, each sent their message by the worker.
    assert result["recipients"] == 5
    assert result["sent"] == 5 and result["not_sent"] == 0
    assert result["request_queries"] < 20
    assert result["messages_per_second"] > 0 and result["peak_mb"] > 0
    assert result["seconds_build"] >= 0 and result["seconds_deliver"] >= 0
    # Everything it wrote is gone; the readers who were there stay.
    assert not NewsletterIssue.objects.exists()
    assert not Broadcast.objects.exists() and not Message.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert set(CoCreator.objects.values_list("pk", flat=True)) == {r.pk for r in readers}


def test_the_benchmark_sends_only_to_as_many_people_as_asked(
    transactional_db, tmp_path, monkeypatch
):
    _require_postgres_and_redis_server()
    (tmp_path / "bench_worker_settings.py").write_text(WORKER_SETTINGS)
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "bench_worker_settings")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", _database_url())
    NewsletterReaderFactory.create_batch(4)

    result = measure_newsletter_send(recipients=2, timeout=120)

    assert (result["recipients"], result["sent"]) == (2, 2)
    assert CoCreator.objects.count() == 4
    assert not Message.objects.exists()
