"""Send a newsletter to N people through a real worker and time it: `manage.py bench_newsletter`.

Prints JSON: {"recipients", "sent", "not_sent", "seconds_request", "request_queries",
"seconds_build", "seconds_deliver", "seconds_total", "messages_per_second",
"end_to_end_per_second", "peak_mb", "worker_cpu_seconds", "worker", "email_backend", "database",
"measured_at"}.

What it does, against the database in DATABASE_URL:

1. Starts a Redis server of its own on a free loopback port (never the shared one: no saving, no
   append-only file, in a temporary folder) and one Celery worker process on it (`--pool=solo`,
   so one process does all the work), with `EMAIL_URL=memorymail://` (Django's locmem test
   backend) or `dummymail://` (`--email-backend dummy`), DEBUG off.
2. Writes an issue and presses Send the way the view does (`newsletter_send`, in its own
   transaction, which hands the build to the worker at commit), timing it and counting its
   queries. The audience is the first N people who asked for the newsletter; where fewer have,
   synthetic readers are added (`bench-newsletter-<n>@example.invalid`) and removed at the end.
3. Waits while the worker makes the messages (`reporting.build_newsletter`) and delivers them
   (`community.deliver_batch`), and reads the times from the rows: `seconds_build` from Send to
   the last message made, `seconds_deliver` from the first claim to the last "sent",
   `messages_per_second` = sent / seconds_deliver, `end_to_end_per_second` = sent / seconds from
   Send to the last "sent". `peak_mb` is the worker process's peak resident memory (VmHWM);
   `worker_cpu_seconds` the CPU time it used from Send to the end (the locmem backend keeps a
   copy of every message in the worker's memory, so its peak grows with the audience).
4. Removes everything it wrote (the issue, its broadcast and messages, the outbox row, any
   synthetic readers) and stops the worker and Redis, even after a failure.

`measure_newsletter_send(recipients=...)` does the same from Python (reporting/management/
commands/bench.py calls it). Needs redis-server on the PATH; PostgreSQL for figures worth having.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max, Min
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreation.jobs import services as jobs_services
from cocreation.jobs.models import OutboxMessage
from cocreation.lib.own_redis import own_redis_server, wait_for
from community.models import (
    Broadcast,
    CoCreator,
    Message,
    MessageStatus,
    NewsletterChoice,
    User,
)
from impact.models import ImpactRecord
from reporting.benchmarks.memory import peak_mb
from reporting.newsletters import services
from reporting.newsletters.models import NewsletterIssue
from reporting.newsletters.selectors import newsletter_recipients

STAFF = "staff@example.org"
SYNTHETIC = "bench-newsletter-{n}@example.invalid"
BACKENDS = {"locmem": "memorymail://", "dummy": "dummymail://"}


@contextlib.contextmanager
def _own_redis(folder: Path):
    """A Redis server for this run alone on a free loopback port; its URL."""
    if shutil.which("redis-server") is None:
        raise CommandError("bench_newsletter needs redis-server on the PATH.")
    try:
        with own_redis_server(folder) as url:
            yield url
    except RuntimeError as error:
        raise CommandError(str(error)) from None


@contextlib.contextmanager
def _publishing_to(url: str):
    """Point this process's Celery app at `url` for a block, publishing for real (not eagerly)."""
    from cocreation.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options)
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    app.conf.broker_transport_options = {"socket_timeout": 2, "socket_connect_timeout": 2}
    app._after_fork()  # drop pooled connections to the old broker
    jobs_services._backoff_until = 0.0
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options = saved
        app._after_fork()
        jobs_services._backoff_until = 0.0


@contextlib.contextmanager
def _worker(app, folder: Path, *, redis_url: str, email_url: str):
    """One Celery worker process (solo pool) on `redis_url`; yields its process."""
    hostname = f"bench-newsletter-{uuid.uuid4().hex[:8]}@cocreation"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "cocreation.settings.local"
        ),
        "REDIS_URL": redis_url,
        "EMAIL_URL": email_url,
        "DEBUG": "false",  # DEBUG keeps every query in memory
    }
    log_path = folder / "worker.log"
    log = open(log_path, "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(  # noqa: S603 - our own celery worker, our own arguments
        [sys.executable, "-m", "celery", "-A", "cocreation", "worker", "--pool=solo"]
        + ["--concurrency=1", "-n", hostname, "--without-mingle", "--without-gossip"]
        + ["--without-heartbeat", "--loglevel=WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped as one
    )
    try:

        def ready():
            return bool(app.control.ping(destination=[hostname], timeout=0.5))

        if not wait_for(ready, seconds=60, process=process):
            raise CommandError(f"The worker did not start:\n{log_path.read_text()[-3000:]}")
        process.log_path = log_path
        yield process
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) a running process has used, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _audience(recipients: int) -> list[int]:
    """Ids of synthetic readers added so that at least `recipients` people asked for it."""
    missing = recipients - newsletter_recipients().count()
    if missing <= 0:
        return []
    made = CoCreator.objects.bulk_create(
        CoCreator(
            full_name=f"Bench Reader {n}",
            email=SYNTHETIC.format(n=n),
            prefers_email=True,
            newsletter=NewsletterChoice.YES,
        )
        for n in range(missing)
    )
    return [person.pk for person in made]


def _issue(actor) -> NewsletterIssue:
    highlights = ImpactRecord.objects.published().order_by("-published_at", "-pk")[:2]
    return services.newsletter_save(
        issue=None,
        actor=actor,
        title="Benchmark: our news this month",
        intro="Hello everyone. Here is what has been happening, and how you can get involved.",
        sections=[
            (
                "Our garden project",
                "We planted bulbs in March.\n\nThey look lovely now. Thank you to everyone "
                "who came along and helped.",
            ),
            (
                "New coffee mornings",
                "Come and chat with us on Tuesdays at the library. Everyone is welcome.",
            ),
            ("Thank you", "Your ideas changed how our wards welcome new patients."),
        ],
        highlights=list(highlights),
    )


def _clean_up(issue_id: int | None, synthetic: list[int]) -> None:
    with transaction.atomic():
        if issue_id is not None:
            issue = NewsletterIssue.objects.filter(pk=issue_id).first()
            broadcast_id = issue.broadcast_id if issue else None
            OutboxMessage.objects.filter(
                task_name=services.BUILD_TASK, kwargs__issue_id=issue_id
            ).delete()
            if issue is not None:
                issue.highlights.clear()
                issue.delete()  # and its sections
            if broadcast_id is not None:
                Message.objects.filter(broadcast_id=broadcast_id).delete()
                Broadcast.objects.filter(pk=broadcast_id).delete()
        for start in range(0, len(synthetic), 5000):
            chunk = synthetic[start : start + 5000]
            Message.objects.filter(cocreator_id__in=chunk).delete()
            CoCreator.objects.filter(pk__in=chunk).delete()


def _press_send(
    issue: NewsletterIssue, actor, recipients: int
) -> tuple[NewsletterIssue, float, int]:
    """Send as the view does, in its own transaction; the seconds and queries it took.

    The issue's audience is then narrowed to the first `recipients` people in the same
    transaction (not timed), so the worker's build sees only them.
    """
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            issue = services.newsletter_send(issue=issue, actor=actor)
            send_seconds = time.perf_counter() - started
        if issue.recipients_expected > recipients:
            last = (
                newsletter_recipients()
                .order_by("pk")
                .values_list("pk", flat=True)[recipients - 1 : recipients]
                .get()
            )
            NewsletterIssue.objects.filter(pk=issue.pk).update(
                recipients_through=last, recipients_expected=recipients
            )
        started = time.perf_counter()
    commit_seconds = time.perf_counter() - started  # the commit, and the build handed over
    return issue, send_seconds + commit_seconds, len(queries)


def measure_newsletter_send(
    *, recipients: int = 20_000, email_backend: str = "locmem", timeout: float = 900, log=None
) -> dict:
    """Send a newsletter to `recipients` people through a real worker; the figures (see above)."""
    log = log or (lambda text: None)
    actor = User.objects.filter(email__iexact=STAFF).first()
    issue_id, synthetic = None, []
    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as tmp:
        folder = Path(tmp)
        try:
            with (
                _own_redis(folder) as redis_url,
                _publishing_to(redis_url) as app,
                _worker(
                    app, folder, redis_url=redis_url, email_url=BACKENDS[email_backend]
                ) as worker,
            ):
                synthetic = _audience(recipients)
                if synthetic:
                    log(f"Added {len(synthetic):,} synthetic readers (removed at the end).")
                issue = _issue(actor)
                issue_id = issue.pk
                log(f"Worker ready (pid {worker.pid}); pressing Send for {recipients:,} people.")
                pressed = time.perf_counter()
                cpu_before = _cpu_seconds(worker.pid)
                issue, seconds_request, request_queries = _press_send(issue, actor, recipients)

                worker_figures = wait_for_send(
                    issue, worker=worker, timeout=timeout, pressed=pressed, cpu_before=cpu_before
                )
            return {
                **send_figures(issue),
                "seconds_request": round(seconds_request, 3),
                "request_queries": request_queries,
                **worker_figures,
                "worker": "1 Celery worker process (solo pool)",
                "email_backend": email_backend,
                "database": connection.vendor,
                "measured_at": timezone.now().isoformat(timespec="seconds"),
            }
        finally:
            _clean_up(issue_id, synthetic)


def wait_for_send(sent_item, *, worker, timeout: float, pressed: float, cpu_before) -> dict:
    """Wait until the worker has built a pressed send (a newsletter issue or a group message: it
    has `prepared_at` and `broadcast_id`) and sent every message; the worker's peak memory and the
    CPU time it used. Raises CommandError with the worker's log when the time runs out."""

    def done() -> bool:
        sent_item.refresh_from_db(fields=["prepared_at"])
        return sent_item.prepared_at is not None and not (
            Message.objects.filter(
                broadcast_id=sent_item.broadcast_id,
                status__in=(MessageStatus.PENDING, MessageStatus.SENDING),
            ).exists()
        )

    finished = wait_for(done, seconds=timeout, every=0.5, process=worker)
    worker_peak_mb = peak_mb(worker.pid)
    cpu = _cpu_seconds(worker.pid)
    if not finished:
        raise CommandError(
            f"Not finished after {time.perf_counter() - pressed:.0f} s:\n"
            + worker.log_path.read_text()[-3000:]
        )
    return {
        "peak_mb": worker_peak_mb,
        # The worker's own CPU time for the build and the delivery: on a busy machine the
        # wall-clock rate also measures the waiting for the CPU.
        "worker_cpu_seconds": round(cpu - cpu_before, 1) if cpu is not None else None,
    }


def send_figures(sent_item) -> dict:
    """How a finished send went, from its messages: how many were sent and how fast."""
    sent_item.refresh_from_db()
    rows = Message.objects.filter(broadcast_id=sent_item.broadcast_id)
    sent_rows = rows.filter(status=MessageStatus.SENT)
    times = sent_rows.aggregate(first=Min("claimed_at"), last=Max("sent_at"))
    sent = sent_rows.count()
    seconds_deliver = (times["last"] - times["first"]).total_seconds() if sent else 0.0
    seconds_total = (times["last"] - sent_item.sent_at).total_seconds() if sent else 0.0
    return {
        "recipients": sent_item.recipients_expected,
        "sent": sent,
        "not_sent": rows.count() - sent,
        "seconds_build": round((sent_item.prepared_at - sent_item.sent_at).total_seconds(), 2),
        "seconds_deliver": round(seconds_deliver, 2),
        "seconds_total": round(seconds_total, 2),
        "messages_per_second": round(sent / seconds_deliver, 1) if seconds_deliver else None,
        "end_to_end_per_second": round(sent / seconds_total, 1) if seconds_total else None,
    }


class Command(BaseCommand):
    help = "Send a newsletter to N people through a real worker; print the timings as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=20_000)
        parser.add_argument("--email-backend", choices=sorted(BACKENDS), default="locmem")
        parser.add_argument("--timeout", type=float, default=900, help="seconds to wait")

    def handle(self, *args, recipients, email_backend, timeout, **options):
        if recipients < 1:
            raise CommandError("--recipients must be at least 1.")
        result = measure_newsletter_send(
            recipients=recipients,
            email_backend=email_backend,
            timeout=timeout,
            log=lambda text: self.stderr.write(text),
        )
        self.stdout.write(json.dumps(result))
