"""Time every GET URL against the data in the database: `make bench` (PostgreSQL, ICS-size data).

Every URL the resolver knows is timed for every role that may open it (anonymous, co-creator,
steering group, staff), with real ids from the data (`reporting/benchmarks/registry.py` says how
to find them, or why a URL is not timed). Each is requested in-process through Django's test
client, after one warm-up, --runs times (fewer for a slow page, at least one), and where a cache
saves work also cold (the data version moved on before each request). Times are also shown as a
ratio to a trivial page timed as the same role, so a slower machine gives the same ratios; query
counts are shown at the small demo size (`--small-database-url`) and at this one.

Everything the page timings write (sessions, the data version, rows a lookup makes) is rolled
back. Then, each in a fresh process so its peak memory is its own: the digest build, the
newsletter sent end to end through a real worker (`bench_newsletter`) and the register export
(`bench_export`), when those commands are there.

It writes a summary with the worst rows to --out (bench/latest.md) and every row to --table-out
(bench/urls.md).
"""

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Attendance
from community.models import CoCreator
from reporting import bulk_demo
from reporting.benchmarks import registry, report
from reporting.benchmarks.lookups import last_period
from reporting.benchmarks.memory import peak_mb
from reporting.benchmarks.timing import Outcome, Timer, users
from reporting.newsletters import digests
from reporting.reports.figures import compute_report

EXPORT_URL = "/staff/community/export.csv"


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


def _count(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value or "?")


def _number(value, unit: str, scale: float = 1.0) -> str:
    if not isinstance(value, int | float):
        return f"? {unit}".strip()
    return f"{value * scale:,.1f} {unit}".strip()


def _last_json(stdout: str) -> dict | None:
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def _manage(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own manage.py, with our own arguments
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


class Command(BaseCommand):
    help = "Time every GET URL, the digest build, a newsletter send and an export."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="timed requests per URL and role")
        parser.add_argument(
            "--url-seconds",
            type=float,
            default=10.0,
            help="fewer runs (at least one) for a page whose runs would take longer than this",
        )
        parser.add_argument(
            "--max-minutes",
            type=float,
            default=12.0,
            help="after this long timing pages, the rest are timed once each",
        )
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated words: only URLs whose name or route has one",
        )
        parser.add_argument("--out", default="bench/latest.md")
        parser.add_argument("--table-out", default="bench/urls.md")
        parser.add_argument(
            "--small-database-url",
            default="",
            help="the small demo's database, where each URL's queries are counted too",
        )
        parser.add_argument(
            "--skip-others",
            action="store_true",
            help="only the page timings: not the digest, newsletter or export benchmarks",
        )
        parser.add_argument("--digests-only", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--has-data", choices=["demo", "ics"], help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        # Refusals (403, 404) are expected when a role is tried on a page that is not its own,
        # and Django logs each with its traceback; errors are in the report's problems instead.
        for name in ("django.request", "django.security"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        if options["has_data"]:
            # For scripts/bench.sh: exit 0 when that data set is loaded, else 1.
            sys.exit(0 if self._has_data(options["has_data"]) else 1)
        if options["digests_only"]:
            return self._digests_only()
        if options["queries_only"]:
            return self._queries_only(options["only"])
        return self._bench(**options)

    # --- The page timings --------------------------------------------------------------------

    def _bench(self, *, runs, url_seconds, max_minutes, only, out, table_out, **options):
        connection.ensure_connection()
        people = CoCreator.objects.count()
        data = (
            f"{people:,} co-creators, {Activity.objects.count():,} activities, "
            f"{Attendance.objects.count():,} attendance records"
        )
        self.stdout.write(f"{data} in the database ({connection.vendor}).")
        plan = registry.plan(only)
        for route in plan.missing:
            self.stderr.write(f"No bench entry for {route.name} ({route.route}).")

        small = {}
        if options["small_database_url"]:
            small = self._small_counts(options["small_database_url"], only)

        started = time.monotonic()
        load_before = os.getloadavg()[0]
        people_by_role = users()
        if None in [u for r, u in people_by_role.items() if r != registry.ANONYMOUS]:
            raise CommandError("No demo users: run `manage.py seed_demo --size ics` first.")
        timer = Timer(
            people_by_role,
            runs=runs,
            url_budget_ms=url_seconds * 1000,
            log=self.stdout.write,
        )
        trivial = reverse(registry.TRIVIAL)
        # The demo's staff member has no second factor; benchmarks time the page, not the sign-in.
        with override_settings(STAFF_MFA_REQUIRED=False, DEBUG=False):
            try:
                with transaction.atomic():
                    floor = timer.floor(trivial, runs=4 * runs)
                    outcome = timer.time_all(plan.benches, deadline=started + max_minutes * 60)
                    raw_line = self._raw_sql_line(outcome, timer)
                    transaction.set_rollback(True)
            finally:
                timer.lookups.clean_up()
        pages_took = time.monotonic() - started
        # Other work on the machine slows every page: say how busy it was.
        load = f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
        for row in outcome.rows:
            row.small_queries = small.get(row.key, {}).get(row.role, {}).get(row.mode)

        others = [] if options["skip_others"] else self._others()
        header = [
            f"# Benchmark, {timezone.now():%Y-%m-%d %H:%M} UTC",
            "",
            f"Machine: {_machine()}.",
            f"Data: {data} (database `{connection.settings_dict['NAME']}`); queries also counted "
            "at the small demo size (`seed_demo`)"
            f"{'' if small else ' (not this time)'}.",
            f"Each URL timed as each role that gets a 200 from it: {runs} timed requests after "
            f"one warm-up (fewer, at least one, once they have taken {url_seconds:.0f} s); "
            "median and p95 (nearest rank: of 5 runs, the slowest), in ms of server time "
            "(in-process, no network). Cold: the data version moved on before each request, "
            "timed where that makes the page run more queries (a cache saves it work). "
            f"× trivial: the median over that role's median for `{trivial}` "
            f"({', '.join(f'{role} {ms:.1f} ms' for role, ms in floor.items())}). "
            f"Timing the pages took {pages_took / 60:.1f} min ({load}; "
            f"{os.cpu_count()} CPUs).",
        ]
        worst = sorted(outcome.rows, key=lambda r: r.p95, reverse=True)[: report.WORST]
        lines = [
            *header,
            "",
            *report.summary(outcome, plan),
            "",
            f"## The {report.WORST} slowest rows (by p95); every row is in `{table_out}`",
            "",
            *report.table(worst, floor),
        ]
        if raw_line:
            lines += ["", raw_line]
        for line in others:
            lines += ["", line]
        text = "\n".join(lines) + "\n"
        self.stdout.write("")
        self.stdout.write(text)
        self._write(out, text)
        self._write(table_out, report.full(outcome, plan, floor, header))

    def _write(self, out: str, text: str) -> None:
        path = Path(out)
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        self.stdout.write(f"Written to {path}.")

    def _has_data(self, size: str) -> bool:
        if size == "ics":
            return bulk_demo.already_loaded()
        demo_users = [user for role, user in users().items() if role != registry.ANONYMOUS]
        return CoCreator.objects.count() >= 100 and None not in demo_users

    def _small_counts(self, url: str, only: str) -> dict:
        """Each URL's queries (cold and warm) counted in the small demo's database."""
        self.stdout.write("Counting queries at the small demo size...")
        done = _manage(
            "bench", "--queries-only", "--only", only, env={**os.environ, "DATABASE_URL": url}
        )
        result = _last_json(done.stdout)
        if done.returncode != 0 or result is None:
            raise CommandError(f"Counting queries in the small demo failed:\n{done.stderr[-3000:]}")
        return result

    def _queries_only(self, only: str) -> None:
        """Count each URL's queries, cold and warm, and print them as JSON (then roll back)."""
        timer = Timer(users(), what="count", log=lambda line: None)
        with override_settings(STAFF_MFA_REQUIRED=False, DEBUG=False):
            try:
                with transaction.atomic():
                    outcome = timer.time_all(registry.plan(only).benches)
                    transaction.set_rollback(True)
            finally:
                timer.lookups.clean_up()
        self.stdout.write(json.dumps(outcome.counts))

    def _raw_sql_line(self, outcome: Outcome, timer: Timer) -> str:
        """The quarterly report worked out afresh against running the SQL it needs directly."""
        quarter = last_period("quarter")
        cold = [
            row
            for row in outcome.rows
            if row.key == "reporting:period quarter" and row.mode == "cold"
        ]
        if not cold:
            return ""
        with CaptureQueriesContext(connection) as captured:
            compute_report(quarter)
        statements = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT")
        ]
        times = []
        with connection.cursor() as cursor:
            for run in range(4):
                start = time.perf_counter()
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
                if run:  # the first is the warm-up
                    times.append((time.perf_counter() - start) * 1000)
        raw = sorted(times)[len(times) // 2]
        page = min(cold, key=lambda row: row.role).median
        ratio = page / raw if raw else float("inf")
        return (
            f"Quarterly report ({quarter.label}) worked out afresh: its figures need "
            f"{len(statements)} SQL reads; run directly they take {raw:.1f} ms (median); the "
            f"page takes {page:.1f} ms, {ratio:.2f} × its raw SQL: the rest is reading the "
            "rollups' dirty marks, shaping the figures and rendering the page."
        )

    # --- The benchmarks run in processes of their own ---------------------------------------

    def _others(self) -> list[str]:
        lines = [self._bench_digests()]
        commands = get_commands()
        if "bench_newsletter" in commands:
            lines.append(self._bench_newsletter())
        else:
            lines.append(
                "Newsletter sent end to end: not measured (`manage.py bench_newsletter` is not "
                "there yet)."
            )
        if "bench_export" in commands:
            lines.append(self._bench_export())
        else:
            lines.append(
                "Register export: not measured (`manage.py bench_export` is not there yet)."
            )
        return lines

    def _bench_digests(self) -> str:
        """Run the digest benchmark in a fresh process, so its peak memory is its own."""
        self.stdout.write("Building every digest...")
        done = _manage("bench", "--digests-only")
        result = _last_json(done.stdout)
        if done.returncode != 0 or result is None:
            return f"Digest build: failed ({done.stderr.strip().splitlines()[-1:]})."
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

    def _bench_newsletter(self) -> str:
        """`manage.py bench_newsletter`: an issue to 20,000 people through a real worker."""
        self.stdout.write("Sending a newsletter end to end...")
        started = time.monotonic()
        done = _manage("bench_newsletter")
        took = time.monotonic() - started
        result = _last_json(done.stdout)
        if done.returncode != 0 or result is None:
            tail = done.stderr.strip().splitlines()[-1:] or done.stdout.strip().splitlines()[-1:]
            return f"Newsletter sent end to end: failed ({' '.join(tail)})."
        r = {key: ("?" if value is None else value) for key, value in result.items()}
        rate = result.get("messages_per_second")
        verdict = ""
        if isinstance(rate, int | float):
            verdict = f" (target ≥ 300: {'met' if rate >= 300 else 'NOT met'})"
        return (
            f"Newsletter sent end to end (`manage.py bench_newsletter`, {took:.0f} s in all) to "
            f"{_count(r.get('recipients'))} people through a real worker "
            f"({r.get('worker', '?')}) to the test backend ({r.get('email_backend', '?')}): "
            f"pressing Send took {_number(r.get('seconds_request'), 'ms', 1000)} with "
            f"{r.get('request_queries', '?')} queries; the worker made the messages in "
            f"{_number(r.get('seconds_build'), 's')} and delivered {_count(r.get('sent'))} "
            f"({r.get('not_sent', '?')} not sent) in {_number(r.get('seconds_deliver'), 's')}: "
            f"{_number(rate, '')} messages a second per worker process{verdict}, "
            f"{_number(r.get('end_to_end_per_second'), '')} a second from Send to the last one "
            f"sent; peak memory of the worker {_number(r.get('peak_mb'), 'MB')}. Everything it "
            "wrote was removed."
        )

    def _bench_export(self) -> str:
        self.stdout.write("Streaming the register export...")
        done = _manage("bench_export", EXPORT_URL, "--tracemalloc")
        result = _last_json(done.stdout)
        if done.returncode != 0 or result is None:
            tail = done.stderr.strip().splitlines()[-1:]
            return f"Register export ({EXPORT_URL}): failed ({' '.join(tail)})."
        streaming = "streamed" if result.get("streaming") else "built in memory"
        first = result.get("first_byte_seconds")
        return (
            f"Register export (`{EXPORT_URL}`, {streaming}, in a process of its own): "
            f"{result.get('rows', 0):,} rows in {result.get('seconds')} s"
            + (f" (first bytes after {first} s)" if first is not None else "")
            + f", {result.get('queries')} queries; the process's peak memory rose by "
            f"{result.get('peak_mb')} MB while it streamed (to {result.get('rss_mb')} MB in all, "
            "Django and the data set's first page included), and the most Python held for the "
            f"export at any moment was {result.get('python_peak_mb')} MB: flat, whatever the rows."
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
        self.stdout.write(
            json.dumps(
                {
                    "people": len(ids),
                    "due": due,
                    "built": built,
                    "batch": batch,
                    "seconds": seconds,
                    "peak_mb": peak_mb(),
                }
            )
        )
