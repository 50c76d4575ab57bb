"""Configuration: strict booleans, no secret defaults in production, a clean deploy check."""

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
