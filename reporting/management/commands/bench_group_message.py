"""Send a message to a saved group of N people through a real worker and time it:
`manage.py bench_group_message`.

Prints JSON: {"recipients", "sent", "not_sent", "seconds_request", "request_queries",
"seconds_count", "count_queries", "seconds_build", "seconds_deliver", "seconds_total",
"messages_per_second", "end_to_end_per_second", "peak_mb", "worker_cpu_seconds", "worker",
"email_backend", "database", "measured_at"}.

What it does, against the database in DATABASE_URL (the newsletter benchmark's machinery:
a Redis server of its own on a free loopback port, never the shared one, and one Celery worker
process, `--pool=solo`, with `EMAIL_URL=memorymail://` or `dummymail://`):

1. Saves a group "everyone who lives in any of our areas" (every Locality: a real criterion,
   one subquery-free condition on 20,000 people) and, where fewer than N people in it can be
   emailed, adds synthetic people (`bench-group-<n>@example.invalid`, removed at the end).
2. Times the group's counts as staff see them (`group_summary`, one query), then writes the
   message and presses Send as the view does (`group_message_send`, in its own transaction),
   timing it and counting its queries; the audience is then narrowed to the first N people.
3. Waits while the worker adds the people (`reporting.build_group_message`) and delivers the
   messages (`community.deliver_batch`), and reads the times from the rows, as the newsletter
   benchmark does.
4. Removes everything it wrote (the group, the message, its broadcast and messages, the outbox
   row, any synthetic people) and stops the worker and Redis, even after a failure.

`measure_group_message_send(recipients=...)` does the same from Python (the real-worker test of
a 1,000-person group calls it). Needs redis-server on the PATH; PostgreSQL for figures worth
having. Build the data with `seed_demo --size ics` first for the 20,000-person figure.
"""

import json
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreation.jobs.models import OutboxMessage
from community.models import Broadcast, CoCreator, Locality, Message, User
from reporting.groups import selectors, services
from reporting.groups.models import GroupChannel, GroupMessage, SavedGroup

from .bench_newsletter import (
    BACKENDS,
    STAFF,
    _cpu_seconds,
    _own_redis,
    _publishing_to,
    _worker,
    send_figures,
    wait_for_send,
)

SYNTHETIC = "bench-group-{n}@example.invalid"
GROUP_NAME = "Benchmark: everyone in our areas"


def _criteria() -> dict:
    return {"localities": list(Locality.objects.values_list("pk", flat=True))}


def _audience(criteria: dict, recipients: int) -> list[int]:
    """Ids of synthetic people added so that at least `recipients` in the group can be sent to."""
    missing = recipients - selectors.group_recipients(criteria, GroupChannel.BOTH).count()
    if missing <= 0:
        return []
    locality = Locality.objects.order_by("pk").first()
    made = CoCreator.objects.bulk_create(
        CoCreator(
            full_name=f"Bench Person {n}",
            email=SYNTHETIC.format(n=n),
            prefers_email=True,
            locality=locality,
        )
        for n in range(missing)
    )
    return [person.pk for person in made]


def _clean_up(group_id, message_id, synthetic: list[int]) -> None:
    with transaction.atomic():
        if message_id is not None:
            message = GroupMessage.objects.filter(pk=message_id).first()
            broadcast_id = message.broadcast_id if message else None
            OutboxMessage.objects.filter(
                task_name=services.BUILD_TASK, kwargs__message_id=message_id
            ).delete()
            GroupMessage.objects.filter(pk=message_id).delete()
            if broadcast_id is not None:
                Message.objects.filter(broadcast_id=broadcast_id).delete()
                Broadcast.objects.filter(pk=broadcast_id).delete()
        if group_id is not None:
            SavedGroup.objects.filter(pk=group_id).delete()
        for start in range(0, len(synthetic), 5000):
            chunk = synthetic[start : start + 5000]
            Message.objects.filter(cocreator_id__in=chunk).delete()
            CoCreator.objects.filter(pk__in=chunk).delete()


def _press_send(message: GroupMessage, actor, recipients: int):
    """Send as the view does, in its own transaction; the seconds and queries it took. The
    audience is then narrowed to the first `recipients` people (not timed)."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            message = services.group_message_send(message=message, actor=actor)
            send_seconds = time.perf_counter() - started
        if message.recipients_expected > recipients:
            last = (
                selectors.group_recipients(message.criteria, message.channel)
                .order_by("pk")
                .values_list("pk", flat=True)[recipients - 1 : recipients]
                .get()
            )
            GroupMessage.objects.filter(pk=message.pk).update(
                recipients_through=last, recipients_expected=recipients
            )
        started = time.perf_counter()
    commit_seconds = time.perf_counter() - started
    return message, send_seconds + commit_seconds, len(queries)


def measure_group_message_send(
    *,
    recipients: int = 20_000,
    email_backend: str = "locmem",
    timeout: float = 900,
    log=None,
    criteria: dict | None = None,
    keep: bool = False,
) -> dict:
    """Send a message to a saved group of `recipients` people through a real worker; the
    figures (see above). With `keep`, what it wrote stays (a test reads the rows)."""
    log = log or (lambda text: None)
    actor = User.objects.filter(email__iexact=STAFF).first()
    group_id = message_id = None
    synthetic: list[int] = []
    with tempfile.TemporaryDirectory(prefix="bench-group-") as tmp:
        folder = Path(tmp)
        try:
            with (
                _own_redis(folder) as redis_url,
                _publishing_to(redis_url) as app,
                _worker(
                    app, folder, redis_url=redis_url, email_url=BACKENDS[email_backend]
                ) as worker,
            ):
                criteria = criteria or _criteria()
                synthetic = _audience(criteria, recipients)
                if synthetic:
                    log(f"Added {len(synthetic):,} synthetic people (removed at the end).")
                group = services.saved_group_save(
                    group=None, actor=None, name=GROUP_NAME, criteria=criteria
                )
                group_id = group.pk
                with CaptureQueriesContext(connection) as counting:
                    started = time.perf_counter()
                    summary = selectors.group_summary(group.criteria, GroupChannel.BOTH)
                    seconds_count = time.perf_counter() - started
                log(f"The group has {summary['total']:,}; {summary['send']:,} can be sent to.")
                message = services.group_message_save(
                    message=None,
                    actor=None,
                    criteria=group.criteria,
                    saved_group=group,
                    channel=GroupChannel.BOTH,
                    subject="Benchmark: come to our open day",
                    body="Hello.\nWe are holding an open day on Friday.\n\nEveryone is welcome.",
                    sms_body="We are holding an open day on Friday. Everyone is welcome.",
                )
                message_id = message.pk
                log(f"Worker ready (pid {worker.pid}); pressing Send for {recipients:,} people.")
                pressed = time.perf_counter()
                cpu_before = _cpu_seconds(worker.pid)
                message, seconds_request, request_queries = _press_send(message, actor, recipients)

                worker_figures = wait_for_send(
                    message, worker=worker, timeout=timeout, pressed=pressed, cpu_before=cpu_before
                )
            return {
                **send_figures(message),
                "seconds_count": round(seconds_count, 3),
                "count_queries": len(counting),
                "seconds_request": round(seconds_request, 3),
                "request_queries": request_queries,
                **worker_figures,
                "worker": "1 Celery worker process (solo pool)",
                "email_backend": email_backend,
                "database": connection.vendor,
                "measured_at": timezone.now().isoformat(timespec="seconds"),
                "message_id": message.pk,
            }
        finally:
            if not keep:
                _clean_up(group_id, message_id, synthetic)


class Command(BaseCommand):
    help = "Send a message to a saved group of N people through a real worker; print JSON."

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=20_000)
        parser.add_argument("--email-backend", choices=sorted(BACKENDS), default="locmem")
        parser.add_argument("--timeout", type=float, default=900, help="seconds to wait")

    def handle(self, *args, recipients, email_backend, timeout, **options):
        if recipients < 1:
            raise CommandError("--recipients must be at least 1.")
        result = measure_group_message_send(
            recipients=recipients,
            email_backend=email_backend,
            timeout=timeout,
            log=lambda text: self.stderr.write(text),
        )
        self.stdout.write(json.dumps(result))
