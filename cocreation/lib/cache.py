"""Django's cache on Redis, carried on by the database while Redis is down or frozen.

Sign-in's rate limits (django-allauth) and cached figures live in the cache. A frozen Redis (the
process paused, the socket open but silent) or a stopped one would otherwise make every sign-in
answer 500. Each call here goes to Redis with the short socket timeout from settings; the first
failure marks Redis unreachable *for this process* for `retry_after` seconds, during which every
call goes straight to Django's database cache (a table of `cocreation.jobs`), which every web
process shares, so a rate limit still counts every attempt, whichever process takes it. So a
request waits at most one socket timeout (1 s by default) the moment Redis fails, and none
after that, until Redis is tried again.

What was in Redis before the failure is not in the database, and the other way round: for rate
limits that means a fresh count when the cache changes over (never a lock-out), and cached
figures are worked out again.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

FALLBACK_TABLE = "jobs_cache_fallback"
# What fails when the server cannot be reached: redis-py's own errors, and socket errors.
UNREACHABLE = (RedisError, OSError)

# Per process, shared by every thread's cache object: location -> monotonic time to try again.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


def _operation(name: str):
    def call(self, *args, **kwargs):
        if not self.redis_usable():
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except UNREACHABLE as exc:
            self.mark_unreachable(exc)
            return getattr(self.fallback, name)(*args, **kwargs)

    call.__name__ = name
    call.__doc__ = f"`{name}` on Redis, or on the database cache while Redis is unreachable."
    return call


class FailoverRedisCache(RedisCache):
    """A Redis cache that carries on in the database while Redis cannot be reached."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 30))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.location = server if isinstance(server, str) else ",".join(server)
        self.fallback = DatabaseCache(
            FALLBACK_TABLE,
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            },
        )

    def redis_usable(self) -> bool:
        """Whether to try Redis now: it has not failed in this process in the last while."""
        until = _down_until.get(self.location)
        return until is None or until <= time.monotonic()

    def mark_unreachable(self, exc: BaseException) -> None:
        """Send this process's calls to the database for `retry_after` seconds."""
        with _lock:
            _down_until[self.location] = time.monotonic() + self.retry_after
        logger.warning(
            "Redis cache at %s unreachable (%s: %s); using the database cache for %s s",
            self.location,
            type(exc).__name__,
            exc,
            self.retry_after,
        )

    add = _operation("add")
    get = _operation("get")
    set = _operation("set")
    touch = _operation("touch")
    delete = _operation("delete")
    get_many = _operation("get_many")
    has_key = _operation("has_key")
    incr = _operation("incr")
    set_many = _operation("set_many")
    delete_many = _operation("delete_many")
    clear = _operation("clear")


def reset_failover_state() -> None:
    """Forget every failure seen (tests, and a process that knows Redis is back)."""
    with _lock:
        _down_until.clear()
