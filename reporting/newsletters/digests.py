"""Digests: each co-creator's weekly or monthly round-up of new opportunities and changes.

A digest lists activities open for sign-up that were added since the person's last digest and
match their interests (the same rule as the portal's opportunities: the activity's project is
about a service area the person chose), and the 'You said, we did' records published since then.
When nothing is new for someone, nothing is sent and their `last_digest_at` stays as it was, so
the next digest still covers the whole gap.

The build is set-based, for tens of thousands of people: `digest_build` takes a batch of ids and
uses four queries whatever the batch size (the people, their interests, the new activities and the
new records since the earliest date any of them needs), then matches in Python. Higher apps add
lists of their own (`digest_extra_register`, such as consultations opened since the last digest),
each built for the whole batch in a fixed number of queries.
`digest_send_batch` hands the batch to `community.messaging.queueing.broadcast_start` in one call.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from cocreation.jobs.services import outbox_enqueue
from cocreation.lib.dates import date_text
from cocreation.lib.links import absolute_url
from community.messaging.channels import sms_configured
from community.messaging.queueing import broadcast_start
from community.models import CoCreator
from impact.selectors import you_said_we_did

from .selectors import opportunity, record_highlight

KIND = "digest"
TEMPLATE = "reporting/email/digest"
BATCH_SIZE = 1000
PERIOD_DAYS = {"weekly": 7, "monthly": 30}
# The daily run may start a little later or earlier than last time: half a day either way still
# counts as a week (or a month) since the last digest.
DUE_SLACK = dt.timedelta(hours=12)
# A digest never reaches further back than this, however long since the last one.
MAX_LOOKBACK = dt.timedelta(days=92)
MAX_ITEMS = 10


@dataclass(frozen=True)
class DigestExtra:
    key: str
    heading: str
    intro: str
    # (since: {person id: datetime}, interests: {person id: {interest ids}}, now) ->
    # {person id: [{"title", "url", "lines": [str]}]}, a fixed number of queries for the batch.
    build: Callable
    url_name: str = ""  # where to see them all
    order: int = 100


_EXTRAS: dict[str, DigestExtra] = {}


def digest_extra_register(
    *, key: str, heading: str, intro: str, build: Callable, url_name: str = "", order: int = 100
) -> None:
    """Add (or replace, by key) a list of items a higher app adds to each person's digest."""
    _EXTRAS[key] = DigestExtra(
        key=key, heading=heading, intro=intro, build=build, url_name=url_name, order=order
    )


def _extras_for(since: dict, interests: dict, now) -> dict[int, list[dict]]:
    """Each person's registered lists with something in them, in order."""
    found: dict[int, list[dict]] = defaultdict(list)
    for extra in sorted(_EXTRAS.values(), key=lambda e: (e.order, e.key)):
        url = absolute_url(reverse(extra.url_name)) if extra.url_name else ""
        for pk, items in extra.build(since=since, interests=interests, now=now).items():
            if items:
                found[pk].append(
                    {
                        "key": extra.key,
                        "heading": extra.heading,
                        "intro": extra.intro,
                        "items": items[:MAX_ITEMS],
                        "more": max(0, len(items) - MAX_ITEMS),
                        "total": len(items),
                        "url": url,
                    }
                )
    return found


def _reachable() -> Q:
    """People delivery can reach: by email (not unsubscribed), or by text when texts are set up."""
    reach = Q(prefers_email=True) & ~Q(email="")
    if sms_configured():
        reach |= Q(prefers_sms=True) & ~Q(phone="")
    return reach & Q(email_unsubscribed_at__isnull=True)  # unsubscribing stops every channel


def _due(now) -> Q:
    """People whose weekly or monthly digest is due now."""
    weekly, monthly = (
        Q(digest_frequency=frequency)
        & (
            Q(last_digest_at__isnull=True)
            | Q(last_digest_at__lte=now - dt.timedelta(days=PERIOD_DAYS[frequency]) + DUE_SLACK)
        )
        for frequency in ("weekly", "monthly")
    )
    return (weekly | monthly) & _reachable()


def digest_due_ids(*, now=None) -> list[int]:
    """Ids of everyone whose digest is due, in order (one query)."""
    now = now or timezone.now()
    return list(
        CoCreator.objects.current().filter(_due(now)).order_by("pk").values_list("pk", flat=True)
    )


def _since(frequency: str, last_digest_at, now):
    start = last_digest_at or now - dt.timedelta(days=PERIOD_DAYS[frequency])
    return max(start, now - MAX_LOOKBACK)


def _opportunity(activity) -> dict:
    # The portal's own words for this reason (activities.selectors.match_reasons).
    return {**opportunity(activity), "reason": f"About {activity.project.service_area.name}"}


def digest_build(*, cocreator_ids: Iterable[int], now=None) -> dict[int, dict]:
    """Each due person's digest, by id, for the people in the batch who have something new.

    Four queries whatever the size of the batch, and each registered extra's fixed few; people
    who are not due (or have nothing new) are left out.
    """
    now = now or timezone.now()
    people = list(
        CoCreator.objects.current()
        .filter(pk__in=list(cocreator_ids))
        .filter(_due(now))
        .values_list("pk", "digest_frequency", "last_digest_at")
    )
    if not people:
        return {}
    since = {pk: _since(frequency, last, now) for pk, frequency, last in people}
    earliest = min(since.values())

    interests: dict[int, set[int]] = defaultdict(set)
    for person_id, interest_id in CoCreator.interests.through.objects.filter(
        cocreator_id__in=list(since)
    ).values_list("cocreator_id", "interest_id"):
        interests[person_id].add(interest_id)
    wanted_areas = set().union(*interests.values()) if interests else set()

    activities = list(
        Activity.objects.open_for_signup(now)
        .public()
        .filter(created_at__gte=earliest, project__service_area_id__in=wanted_areas)
        .select_related("locality", "project__service_area")
        .order_by("starts_at", "pk")
    )
    # Shaped once for the batch; each person's digest shares these dictionaries.
    shaped = {a.pk: _opportunity(a) for a in activities}
    by_area: dict[int, list] = defaultdict(list)
    for a in activities:
        by_area[a.project.service_area_id].append(a)

    records = list(you_said_we_did().filter(published_at__gte=earliest))
    shaped_records = {r.pk: record_highlight(r) for r in records}
    extras = _extras_for(since, interests, now)

    digests = {}
    for pk, frequency, _last in people:
        start = since[pk]
        mine = sorted(
            (
                a
                for area in interests.get(pk, ())
                for a in by_area.get(area, ())
                if a.created_at >= start
            ),
            key=lambda a: (a.starts_at, a.pk),
        )
        updates = [r for r in records if r.published_at >= start]
        if not mine and not updates and not extras.get(pk):
            continue
        digests[pk] = {
            "frequency": frequency,
            "since": date_text(start),
            "opportunities": [shaped[a.pk] for a in mine[:MAX_ITEMS]],
            "more_opportunities": max(0, len(mine) - MAX_ITEMS),
            "updates": [shaped_records[r.pk] for r in updates[:MAX_ITEMS]],
            "more_updates": max(0, len(updates) - MAX_ITEMS),
            "extras": extras.get(pk, []),
        }
    return digests


def _shared_context() -> dict:
    return {
        "calendar_url": absolute_url(reverse("activities:calendar")),
        "opportunities_url": absolute_url(reverse("activities:opportunity-list")),
        "you_said_we_did_url": absolute_url(reverse("impact:you-said-we-did")),
    }


def digest_send_batch(*, cocreator_ids: Iterable[int], now=None) -> int:
    """Build and send the digests for a batch of people; returns how many digests were made.

    One broadcast for the batch, a message each under the key `digest:<date>:<person>`, so a
    second run the same day sends nobody a second digest. `last_digest_at` is set in the same
    transaction as the messages are recorded, and only for people who got one.
    """
    now = now or timezone.now()
    day = timezone.localdate(now).isoformat()
    with transaction.atomic():
        digests = digest_build(cocreator_ids=cocreator_ids, now=now)
        if not digests:
            return 0
        broadcast_start(
            kind=KIND,
            title=f"Digests for {day}",
            template=TEMPLATE,
            recipients=list(digests),
            context=_shared_context(),
            per_person_context=digests,
            key_prefix=f"{KIND}:{day}",
        )
        CoCreator.objects.filter(pk__in=list(digests)).update(last_digest_at=now)
    return len(digests)


def digests_send(*, now=None, batch_size: int = BATCH_SIZE) -> int:
    """Send every digest that is due, a batch at a time; returns how many were made."""
    now = now or timezone.now()
    ids = digest_due_ids(now=now)
    return sum(
        digest_send_batch(cocreator_ids=ids[start : start + batch_size], now=now)
        for start in range(0, len(ids), batch_size)
    )


@transaction.atomic
def digests_enqueue(*, now=None, batch_size: int = BATCH_SIZE) -> int:
    """Queue a task per batch of people whose digest is due, so several workers can share them.

    Returns how many batches were queued. Each batch checks again who is due when it runs.
    """
    ids = digest_due_ids(now=now)
    batches = 0
    for start in range(0, len(ids), batch_size):
        outbox_enqueue(
            task_name="reporting.send_digest_batch",
            kwargs={"cocreator_ids": ids[start : start + batch_size]},
        )
        batches += 1
    return batches
