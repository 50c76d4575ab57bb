"""Reads about the health of the system."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from .models import OutboxMessage, WorkerHeartbeat


def _database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "detail": type(exc).__name__}
    return {"ok": True, "detail": connection.vendor}


def _redis_state() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "not configured; the embedded broker is in use"}
    import redis

    timeout = settings.REDIS_SOCKET_TIMEOUT
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        client.ping()
    except Exception as exc:
        return {"ok": False, "detail": type(exc).__name__}
    return {"ok": True, "detail": "reachable"}


def _worker_state() -> dict:
    try:
        last = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    except Exception as exc:
        return {"ok": False, "detail": type(exc).__name__, "last_heartbeat": None}
    if last is None:
        return {"ok": False, "detail": "no heartbeat yet", "last_heartbeat": None}
    age = timezone.now() - last
    ok = age <= timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    return {
        "ok": ok,
        "detail": f"last heartbeat {int(age.total_seconds())} seconds ago",
        "last_heartbeat": last.isoformat(),
    }


def health_report() -> dict:
    """The state of the database, Redis and the worker, for /healthz."""
    checks = {"database": _database_state(), "redis": _redis_state(), "worker": _worker_state()}
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "fail", "checks": checks}


def outbox_status() -> dict:
    """How many background jobs wait to be handed to the worker, and the oldest one's age."""
    pending = OutboxMessage.objects.pending()
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    return {"pending": pending.count(), "oldest": oldest}
