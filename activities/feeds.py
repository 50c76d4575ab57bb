"""The iCalendar feeds, made once per change to their data and served from the cache.

A feed's body depends on the data behind it, moved on by database triggers as
`jobs.DataVersion('calendar')` (activities, their projects, awareness dates, areas) and, for a
person's own feed, `jobs.DataVersion('bookings')` (sign-ups): see activities migrations 0003 and
0006. It also depends on the
day (a feed reaches 90 days back from today), on the address it was asked for at (its links and
UIDs are built on the request's scheme and host) and, for a personal feed, on whose it is. All of
that, hashed, is the feed's key: its ETag, and where its body is cached. So a calendar app that
asks again with `If-None-Match` gets 304 with no body until something it shows has changed, and
the first request after a change makes the body once for everyone after it. A cached body is
only ever found under the versions it was made from, so it cannot be stale.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from cocreation.jobs.models import DataVersion

logger = logging.getLogger(__name__)

CALENDAR, BOOKINGS = "calendar", "bookings"
TIMEOUT = 60 * 60 * 24 * 2  # a feed's key changes every day at the latest


def _versions(names: tuple[str, ...]) -> str:
    """The named data versions as one text, in one query ("0.0" for one never moved)."""
    rows = dict(
        (name, f"{epoch}.{version}")
        for name, epoch, version in DataVersion.objects.filter(name__in=names).values_list(
            "name", "epoch", "version"
        )
    )
    return "/".join(rows.get(name, "0.0") for name in names)


@dataclass(frozen=True)
class FeedKey:
    """A feed as asked for: `etag` names this body (the versions, the day, the address, whose);
    `series` names the feed whatever its data, so each new body's time can follow the last."""

    etag: str
    series: str


def _hash(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def feed_key(request, *, names: tuple[str, ...], owner: str = "public") -> FeedKey:
    """The feed's key for this request, worked out once per request (the ETag and the cache key).

    `owner` says whose feed it is ("public", or a personal feed's person and secret), so one
    person's feed is never found under another's key.
    """
    memo = request.__dict__.setdefault("_feed_keys", {})
    if owner not in memo:
        address = (request.scheme, request.get_host(), owner)
        series = _hash(*address)
        day = timezone.localdate().isoformat()
        memo[owner] = FeedKey(etag=_hash(_versions(names), day, series), series=series)
    return memo[owner]


def feed_made_at(key: FeedKey) -> datetime.datetime | None:
    """When the body under this key was made (its Last-Modified), or None if it is not cached."""
    try:
        return cache.get(f"ics-made:{key.etag}")
    except Exception:  # the cache server is down: no Last-Modified, the ETag still works
        logger.warning("Cache not reachable; no Last-Modified for a feed", exc_info=True)
        return None


def feed_body(key: FeedKey, make: Callable[[], bytes]) -> tuple[bytes, datetime.datetime]:
    """The feed's body and when it was made: from the cache, or made now and kept.

    Each new body of a feed is dated at least a second after the one before (Last-Modified has
    whole seconds), so a calendar app asking `If-Modified-Since` the older one's time never gets
    304 for a body it has not seen.
    """
    body_key, made_key, last_key = (
        f"ics:{key.etag}",
        f"ics-made:{key.etag}",
        f"ics-last:{key.series}",
    )
    try:
        found = cache.get_many([body_key, made_key, last_key])
    except Exception:  # the cache server is down: make it instead; a page never fails for it
        logger.warning("Cache not reachable; making a feed afresh", exc_info=True)
        found = {}
    body, made_at = found.get(body_key), found.get(made_key)
    if body is not None and made_at is not None:
        return body, made_at
    body = make()
    made_at = timezone.now().replace(microsecond=0)
    if found.get(last_key) is not None:
        made_at = max(made_at, found[last_key] + datetime.timedelta(seconds=1))
    try:
        cache.set_many({body_key: body, made_key: made_at, last_key: made_at}, TIMEOUT)
    except Exception:
        logger.warning("Cache not reachable; a feed was not kept", exc_info=True)
    return body, made_at
