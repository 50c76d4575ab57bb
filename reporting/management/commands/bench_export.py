"""Measure one export: `manage.py bench_export /staff/community/export.csv` prints JSON.

{"url", "status", "streaming", "rows", "bytes", "first_byte_seconds", "seconds", "queries",
"peak_mb", "rss_mb", "python_peak_mb"}:

- `rows`: CSV records after the first (for the register, one a person);
- `first_byte_seconds`: from the request to the first bytes of the body (the header row);
- `queries`: every SQL statement from the request to the last byte (the streaming included);
- `peak_mb`: how far the process's peak resident memory (VmHWM) rose while the export
  was made and read to the end. Run it in a fresh process (this command, or
  `subprocess.run([sys.executable, "manage.py", "bench_export", url])`): the peak is the
  process's, so after a larger peak earlier in the same process it reads 0;
- `python_peak_mb` (with `--tracemalloc`): the largest amount of memory Python held for the
  request at any moment, measured in a second pass (tracing slows it, so it is not timed).

The request runs inside a transaction that is rolled back, so the session it signs in with and
the export's audit event are not kept: it can be pointed at the benchmark database.
"""

import csv
import gc
import json
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from community.models import User
from reporting.benchmarks.memory import peak_mb

STAFF = "staff@example.org"


class _Rollback(Exception):
    pass


def _lines(chunks, counts: dict):
    """The body as text lines (with their ends), counting its bytes; nothing is kept."""
    pending = ""
    for chunk in chunks:
        counts["bytes"] += len(chunk)
        pending += chunk.decode("utf-8") if isinstance(chunk, bytes) else chunk
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line + "\n"
    if pending:
        yield pending


def _read(response, started: float, counts: dict) -> None:
    """Read the whole body, noting when its first bytes came and how many CSV records it holds."""
    chunks = response.streaming_content if response.streaming else [response.content]

    def timed():
        for chunk in chunks:
            if counts["first_byte_seconds"] is None and chunk:
                counts["first_byte_seconds"] = time.perf_counter() - started
            yield chunk

    # A quoted cell may hold a line break, so records are counted by a CSV reader.
    # The test client closes the response when its body has been read to the end.
    for _ in csv.reader(_lines(timed(), counts)):
        counts["records"] += 1


def _one_pass(client: Client, url: str) -> dict:
    counts = {"bytes": 0, "records": 0, "first_byte_seconds": None}
    gc.collect()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        _read(response, started, counts)
        seconds = time.perf_counter() - started
    return {
        "status": response.status_code,
        "streaming": response.streaming,
        "rows": max(0, counts["records"] - 1),
        "bytes": counts["bytes"],
        "first_byte_seconds": round(counts["first_byte_seconds"] or seconds, 3),
        "seconds": round(seconds, 3),
        "queries": len(queries.captured_queries),
    }


def export_measure(url: str, *, email: str = STAFF, python_memory: bool = False) -> dict:
    """Request `url` signed in as `email`, read the body to the end; the figures as a dict."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise CommandError(f"No user {email}: run `manage.py seed_demo` first.")
    result: dict = {"url": url}
    # Benchmarks time the export, not the sign-in's second factor.
    with override_settings(STAFF_MFA_REQUIRED=False, DEBUG=False):
        try:
            with transaction.atomic():
                client = Client(HTTP_HOST="127.0.0.1")
                client.force_login(user)
                client.get("/accessibility/")  # the first request's one-off imports, not counted
                gc.collect()
                before = peak_mb()
                result.update(_one_pass(client, url))
                result["peak_mb"] = round(max(0.0, peak_mb() - before), 1)
                result["rss_mb"] = round(peak_mb(), 1)
                if python_memory:
                    tracemalloc.start()
                    _one_pass(client, url)
                    result["python_peak_mb"] = round(
                        tracemalloc.get_traced_memory()[1] / 1024 / 1024, 1
                    )
                    tracemalloc.stop()
                raise _Rollback
        except _Rollback:
            pass
    return result


class Command(BaseCommand):
    help = "Time one export end to end and measure its queries and peak memory (prints JSON)."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--as", dest="email", default=STAFF, help="who signs in")
        parser.add_argument(
            "--tracemalloc",
            action="store_true",
            help="also measure Python's own peak (a second, untimed pass)",
        )

    def handle(self, *args, url, email, tracemalloc, **options):
        result = export_measure(url, email=email, python_memory=tracemalloc)
        self.stdout.write(json.dumps(result))
