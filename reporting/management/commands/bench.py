"""Time the busiest pages against the data in the database: `make bench` (PostgreSQL, ICS-size data).

Each page is requested in-process through Django's test client, signed in as the demo user who
would use it, at least --runs times after --warm warm-up requests. Server time is the time from
the request entering Django to the response leaving it (no network, no browser). Each page is
also shown as a ratio to a trivial page timed in the same run, so a slower machine gives the
same ratios; the quarterly report is also compared with running the SQL it needs directly.
The digest build is timed for every co-creator with a digest (recipients per second, peak memory).

It prints a table and writes it to --out (bench/latest.md by default).
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from cocreation.jobs.models import DataVersion
from cocreation.lib.periods import period_containing
from community.models import CoCreator, User
from reporting.newsletters import digests
from reporting.reports.figures import compute_report

STAFF, COCREATOR, STEERING = "staff@example.org", "cocreator@example.org", "steering@example.org"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(0.95 * len(ordered))) - 1))]


def _machine() -> str:
    cpus = os.cpu_count()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    try:
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, StopIteration):
        memory = "unknown RAM"
    return f"{cpus} CPUs ({model}), {memory}, Python {platform.python_version()}, {_database()}".strip()


def _database() -> str:
    if connection.vendor != "postgresql":
        return connection.vendor
    version = connection.pg_version  # e.g. 150020 for 15.20
    return f"PostgreSQL {version // 10000}.{version % 10000}"


class Command(BaseCommand):
    help = "Time the main pages and the digest build against the data in the database."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--warm", type=int, default=3)
        parser.add_argument("--out", default="bench/latest.md")
        parser.add_argument("--skip-digests", action="store_true")
        parser.add_argument("--digests-only", action="store_true", help=argparse.SUPPRESS)

    def _client(self, email: str) -> Client:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No demo user {email}: run `manage.py seed_demo --size ics` first.")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        return client

    def _time(self, client: Client, url: str, runs: int, warm: int) -> list[float]:
        for _ in range(warm):
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}, not 200.")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        return times

    def handle(self, *args, runs, warm, out, skip_digests, digests_only, **options):
        if digests_only:
            return self._digests_only()
        connection.ensure_connection()
        people = CoCreator.objects.count()
        self.stdout.write(f"{people:,} co-creators in the database ({connection.vendor}).")
        staff, cocreator, steering = (self._client(e) for e in (STAFF, COCREATOR, STEERING))
        quarter = period_containing(timezone.localdate(), "quarter").previous()
        report_url = f"/reports/{quarter.slug}/"
        pages = [
            ("Trivial page (accessibility statement)", staff, "/accessibility/"),
            ("Staff dashboard", staff, "/staff/"),
            ("Register search", staff, "/staff/community/?q=patel"),
            ("Activity list", staff, "/staff/activities/"),
            ("Representation gap", staff, "/staff/community/gap/"),
            (f"Quarterly report ({quarter.label})", steering, report_url),
            ("You said, we did", Client(HTTP_HOST="127.0.0.1"), "/you-said-we-did/"),
            ("Portal home", cocreator, "/portal/"),
        ]
        rows = []
        # The demo's staff member has no second factor; benchmarks time the page, not the sign-in.
        with override_settings(STAFF_MFA_REQUIRED=False, DEBUG=False):
            for name, client, url in pages:
                times = self._time(client, url, runs, warm)
                rows.append((name, url, statistics.median(times), _p95(times), len(times)))
                self.stdout.write(
                    f"  {name}: median {rows[-1][2]:.1f} ms, p95 {rows[-1][3]:.1f} ms"
                )
            # The same report worked out afresh each time, as after a change to the data before
            # the background task has worked it out: the data version is moved on, as a change
            # would move it, so the cached copy is not found (the cache itself is left alone: with
            # Redis it is also Celery's broker).
            cold = []
            for n in range(warm + runs):
                DataVersion.objects.filter(name="figures").update(version=F("version") + 1)
                start = time.perf_counter()
                steering.get(report_url)
                if n >= warm:
                    cold.append((time.perf_counter() - start) * 1000)
            cold_row = (
                "Quarterly report worked out afresh (data version moved on before each request)",
                report_url,
                statistics.median(cold),
                _p95(cold),
                len(cold),
            )
            rows.append(cold_row)
            self.stdout.write(
                f"  {cold_row[0]}: median {cold_row[2]:.1f} ms, p95 {cold_row[3]:.1f} ms"
            )
        trivial = rows[0][2]

        # The SQL the report's figures need: what working them out runs, timed on its own.
        with CaptureQueriesContext(connection) as captured:
            compute_report(quarter)
        statements = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT")
        ]
        sql_times = []
        with connection.cursor() as cursor:
            for _ in range(warm):
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
            for _ in range(runs):
                start = time.perf_counter()
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
                sql_times.append((time.perf_counter() - start) * 1000)
        raw_median = statistics.median(sql_times)
        report_row = cold_row

        digest_line = ""
        if not skip_digests:
            digest_line = self._bench_digests()

        lines = [
            f"# Benchmark, {timezone.now():%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {_machine()}.",
            f"Data: {people:,} co-creators; {runs} timed requests per page after {warm} warm-up.",
            "",
            "| page | URL | median ms | p95 ms | × trivial (median) | target p95 ≤ 300 ms |",
            "|---|---|---:|---:|---:|---|",
        ]
        for name, url, median, p95, _ in rows:
            ok = "met" if p95 <= 300 else "NOT met"
            lines.append(
                f"| {name} | `{url}` | {median:.1f} | {p95:.1f} | {median / trivial:.1f} | {ok} |"
            )
        ratio = report_row[2] / raw_median if raw_median else float("inf")
        lines += [
            "",
            f"Quarterly report worked out afresh: its figures need {len(statements)} SQL reads; run "
            f"directly they take {raw_median:.1f} ms (median); the page takes "
            f"{report_row[2]:.1f} ms: {ratio:.2f} × its raw SQL (target ≤ 1.5: "
            f"{'met' if ratio <= 1.5 else 'NOT met'}). Served normally the report comes from the "
            "cache, keyed by the data version that database triggers move on at every change, and "
            "a background task works the most-opened reports out again after a change.",
        ]
        if digest_line:
            lines += ["", digest_line]
        text = "\n".join(lines) + "\n"
        self.stdout.write("")
        self.stdout.write(text)
        path = Path(out)
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        self.stdout.write(f"Written to {path}.")

    def _bench_digests(self) -> str:
        """Run the digest benchmark in a fresh process, so its peak memory is its own."""
        done = subprocess.run(
            [sys.executable, "manage.py", "bench", "--digests-only"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            raise CommandError(f"The digest benchmark failed:\n{done.stderr[-3000:]}")
        result = json.loads(lines[-1])
        mb = result["peak_mb"]
        seconds = result["seconds"]
        rate = result["built"] / seconds if seconds else 0.0
        return (
            f"Digest build and record: {result['people']:,} co-creators looked at in batches of "
            f"{result['batch']:,}, {result['due']:,} due a digest, {result['built']:,} digests "
            f"built and recorded as messages in {seconds:.1f} s: {rate:,.0f} recipients per "
            f"second in one process (target ≥ 500: {'met' if rate >= 500 else 'NOT met'}); peak "
            f"memory of that process {mb:.0f} MB (target < 300 MB: "
            f"{'met' if mb < 300 else 'NOT met'}). Everything it wrote was rolled back."
        )

    def _digests_only(self) -> None:
        """Build every due digest and record its message, as the daily task does, then roll back."""
        ids = list(CoCreator.objects.order_by("pk").values_list("pk", flat=True))
        now = timezone.now()
        due = len(digests.digest_due_ids(now=now))
        batch = digests.BATCH_SIZE
        built = 0
        start = time.perf_counter()
        with transaction.atomic():
            for i in range(0, len(ids), batch):
                built += digests.digest_send_batch(cocreator_ids=ids[i : i + batch], now=now)
            seconds = time.perf_counter() - start
            transaction.set_rollback(True)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stdout.write(
            json.dumps(
                {
                    "people": len(ids),
                    "due": due,
                    "built": built,
                    "batch": batch,
                    "seconds": seconds,
                    "peak_mb": peak_kb / 1024,
                }
            )
        )
