"""/healthz: the state of the database, Redis and the worker, for monitoring."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreation.jobs.models import WorkerHeartbeat


def test_healthy_when_the_worker_has_beaten_recently(client, db, settings):
    settings.REDIS_URL = ""
    WorkerHeartbeat.objects.create(hostname="celery@test", seen_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is True
    assert "embedded" in body["checks"]["redis"]["detail"]


def test_unhealthy_when_no_worker_has_ever_beaten(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {
        "ok": False,
        "detail": "no heartbeat yet",
        "last_heartbeat": None,
    }


def test_unhealthy_when_the_last_heartbeat_is_too_old(client, db, settings):
    settings.REDIS_URL = ""
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 120
    WorkerHeartbeat.objects.create(
        hostname="celery@test", seen_at=timezone.now() - timedelta(seconds=121)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


@pytest.mark.parametrize("broken", ["closed_port", "frozen_server"])
def test_unhealthy_when_redis_is_down_or_frozen(client, db, settings, request, broken):
    settings.REDIS_URL = request.getfixturevalue(broken)
    WorkerHeartbeat.objects.create(hostname="celery@test", seen_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


def test_unhealthy_when_the_database_is_unreachable(client, db, settings, monkeypatch):
    from cocreation.jobs import selectors

    class Unreachable:
        vendor = "postgresql"

        def cursor(self):
            raise RuntimeError("database down")

    monkeypatch.setattr(selectors, "connection", Unreachable())
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


def test_the_health_check_is_never_cached(client, db):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
