"""A message to a saved group of 1,000 people, sent by a real Celery worker: each person gets it
exactly once, and people who left or unsubscribed get nothing.

A Redis server of the test's own (cocreation/lib/own_redis.py; never the shared 6379) and one
real worker process (the group benchmark's, `bench_group_message`), sending through the
recording backend (community.mail_backends), which writes a line per email with its key.
Needs redis-server on the PATH and PostgreSQL; skips locally without them and fails when
SERVICE_TESTS_REQUIRED=1 (CI).
"""

from collections import Counter

import pytest

from community.mail_backends import recorded_lines
from community.models import CoCreator, CoCreatorStatus, Locality, Message, MessageStatus
from reporting.groups import services
from reporting.groups.models import GroupMessage
from reporting.management.commands.bench_group_message import measure_group_message_send
from tests.jobs.test_delivery_worker import _require_postgres_and_redis_server
from tests.jobs.test_worker import _database_url

pytestmark = pytest.mark.worker

PEOPLE = 1000
WORKER_SETTINGS = """
from cocreation.settings.test import *  # noqa

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "community.mail_backends.RecordingFileBackend"
EMAIL_FILE_PATH = {record!r}
"""


def test_a_group_of_1000_is_sent_exactly_once_each_by_a_real_worker(
    transactional_db, tmp_path, monkeypatch
):
    _require_postgres_and_redis_server()
    record = tmp_path / "sent.jsonl"
    (tmp_path / "group_worker_settings.py").write_text(WORKER_SETTINGS.format(record=str(record)))
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "group_worker_settings")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", _database_url())
    # Made if missing: an earlier transactional test may have flushed the migrations' rows.
    medway, _ = Locality.objects.get_or_create(name="Medway")
    people = CoCreator.objects.bulk_create(
        CoCreator(
            full_name=f"Person {n}",
            email=f"person{n}@example.org",
            prefers_email=True,
            locality=medway,
        )
        for n in range(PEOPLE)
    )
    left = CoCreator.objects.create(
        full_name="Left",
        email="left@example.org",
        prefers_email=True,
        locality=medway,
        status=CoCreatorStatus.LEFT,
    )
    CoCreator.objects.create(full_name="Elsewhere", email="x@example.org", prefers_email=True)

    result = measure_group_message_send(
        recipients=PEOPLE, criteria={"localities": [medway.pk]}, timeout=300, keep=True
    )

    assert (result["recipients"], result["sent"], result["not_sent"]) == (PEOPLE, PEOPLE, 0)
    assert result["request_queries"] < 25 and result["count_queries"] == 1
    message = GroupMessage.objects.get(pk=result["message_id"])
    lines = recorded_lines(record)
    keys = Counter(line["key"] for line in lines)
    assert len(lines) == PEOPLE and max(keys.values()) == 1
    assert set(keys) == {f"group-message:{message.pk}:{p.pk}" for p in people}
    assert not Message.objects.filter(cocreator=left).exists()
    assert Message.objects.filter(status=MessageStatus.SENT).count() == PEOPLE
    # A build run again (a retried task) adds nobody and sends nothing more.
    GroupMessage.objects.filter(pk=message.pk).update(prepared_at=None, prepared_through=0)
    services.group_message_build(message_id=message.pk)
    assert Message.objects.count() == PEOPLE
