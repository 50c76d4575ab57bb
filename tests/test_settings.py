"""Configuration: strict booleans, no secret defaults in production, a clean deploy check."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cocreation.lib.env import env_bool

ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("On", True),
        ("1", True),
        ("false", False),
        ("NO", False),
        ("0", False),
        ("", True),
    ],
)
def test_booleans_read_clear_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=True) is expected


@pytest.mark.parametrize("raw", ["ture", "enabled", "2", "y"])
def test_a_boolean_that_is_not_clearly_true_or_false_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        env_bool("SOME_FLAG", default=False)


def _run_django(args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_django(
        ["check"],
        DJANGO_SETTINGS_MODULE="cocreation.settings.production",
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run_django(
        ["check"], DJANGO_SETTINGS_MODULE="cocreation.settings.production", SECRET_KEY="k" * 60
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_the_deploy_check_passes_with_production_settings():
    result = _run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="cocreation.settings.production",
        SECRET_KEY="a-production-like-secret-" + "q7Z" * 20,
        ALLOWED_HOSTS="cocreation.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_sets_the_security_headers_the_trust_needs():
    result = _run_django(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.STAFF_MFA_REQUIRED, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])",
        ],
        DJANGO_SETTINGS_MODULE="cocreation.settings.production",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "[\"'self'\"]"]


def test_every_response_carries_the_content_security_policy_and_no_sniff(db, client):
    response = client.get("/healthz")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_there_are_no_missing_migrations(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# The embedded SQLite database is shared by `make run`'s server and worker: the second writer
# waits for the first, and a transaction that read before the other wrote does not fail with
# "database is locked" when it comes to write (it took the write lock when it began).
SQLITE_SHARING = """
import json, threading, time
from django.db import connection, transaction
from community.models import Interest

with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy_ms = cursor.fetchone()[0]
writing = threading.Event()

def worker():
    with transaction.atomic():
        Interest.objects.create(name="Written by the worker", kind="topic")
        writing.set()
        time.sleep(1)
    connection.close()

thread = threading.Thread(target=worker)
thread.start()
writing.wait(10)
with transaction.atomic():  # like a sign-in: read, then write, while the worker is writing
    seen = Interest.objects.filter(name="Written by the worker").count()
    Interest.objects.create(name="Written by the web", kind="topic")
thread.join()
print(json.dumps({"mode": mode, "busy_ms": busy_ms, "seen": seen}))
"""


def test_a_file_sqlite_database_waits_for_locks_in_wal_mode(tmp_path):
    database = tmp_path / "shared.sqlite3"
    url = f"sqlite:///{database}"
    migrated = _run_django(
        ["migrate", "--noinput", "community"],
        DJANGO_SETTINGS_MODULE="cocreation.settings.local",
        DATABASE_URL=url,
    )
    assert migrated.returncode == 0, migrated.stderr
    result = _run_django(
        ["shell", "--no-imports", "-c", SQLITE_SHARING],
        DJANGO_SETTINGS_MODULE="cocreation.settings.local",
        DATABASE_URL=url,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["mode"] == "wal"
    assert found["busy_ms"] == 20_000
    assert found["seen"] == 1  # the web's transaction began after the worker's had committed


SHOW_DATABASE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({"age": db["CONN_MAX_AGE"], "checks": db["CONN_HEALTH_CHECKS"],
                  "options": db.get("OPTIONS", {}).get("options", "")}))
"""


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("postgres://postgres@127.0.0.1:5432/anything", "-c jit=off"),
        ("sqlite:///unused.sqlite3", ""),
    ],
)
def test_connections_are_kept_and_postgresql_compiles_no_queries(url, options):
    result = _run_django(
        ["shell", "--no-imports", "-c", SHOW_DATABASE],
        DJANGO_SETTINGS_MODULE="cocreation.settings.local",
        DATABASE_URL=url,
        DATABASE_CONN_MAX_AGE="45",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {"age": 45, "checks": True, "options": options}


def test_objective_4s_daily_messages_are_on_the_beat_schedule():
    from django.conf import settings

    from cocreation.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task in (
        "capacity.send_refreshers_due",
        "capacity.send_plan_reviews_due",
        "capacity.send_accreditation_renewals",
    ):
        assert task in scheduled
        assert task in app.tasks
