"""Reads that take consultations to where people already look: the public home page, the portal's
opportunities, digests and newsletters.

Who may take part is `permissions.in_audience`'s rule, worked out for many consultations (and,
for digests, many people) at once by `permissions.group_members` and `audience_admits`, so a page
or a batch costs the same number of queries however many rows it has: a group audience's criteria
become one true/false column each in a single query.
Matching by interest follows the activities': the portal's opportunities list every one the
person may take part in, those about a service area they chose first (saying so); a digest lists
only those about a service area they chose, or (unlike an activity, which always has a project)
about no service area in particular, that is about all our services. The newsletter, whose web
copy is public, lists public ones only, as it lists public activities only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse

from cocreation.lib.dates import date_text, in_uk, time_text
from cocreation.lib.links import absolute_url
from community.models import CoCreator

from ..models import Audience, Consultation
from ..permissions import audience_admits, cocreator_of, group_members

HOME_LIMIT = 3
NEWSLETTER_LIMIT = 10


def _live(now=None):
    return (
        Consultation.objects.live(now)
        .select_related("service_area", "group")
        .order_by("closes_at", "pk")
    )


def consultations_open_to(cocreator: CoCreator | None, *, now=None) -> list[Consultation]:
    """Live consultations the person may take part in (None: anyone, so public ones only),
    closing soonest first. Two queries at most."""
    if cocreator is None:
        return list(_live(now).filter(audience=Audience.PUBLIC))
    rows = list(_live(now))
    groups = {c.group for c in rows if c.audience == Audience.GROUP and c.group is not None}
    members = group_members(groups, [cocreator.pk])
    return [c for c in rows if audience_admits(c, cocreator.pk, members)]


def matches_interests(consultation, interest_ids: set[int]) -> bool:
    """The opportunities' rule: about a service area the person chose, or about none."""
    return consultation.service_area_id is None or consultation.service_area_id in interest_ids


def closing_in_words(consultation) -> str:
    """When it closes, in words: "Closes at 5pm on 14 January 2027"; closing at midnight is
    "Closes at the end of 14 January 2027", as people say it."""
    local = in_uk(consultation.closes_at)
    if local.hour == 0 and local.minute == 0:
        return f"Closes at the end of {date_text(local.date() - timedelta(days=1))}"
    return f"Closes at {time_text(local)} on {date_text(local)}"


def _summary_line(consultation) -> str:
    line = " ".join(consultation.summary.split())
    return line if len(line) <= 200 else line[:197].rsplit(" ", 1)[0] + "…"


# --- The public home page --------------------------------------------------------------------


def home_context(request) -> dict | None:
    """The home page's "Have your say" section: up to three live consultations the visitor may
    take part in (public ones; a signed-in co-creator's own too), closing soonest first."""
    rows = consultations_open_to(cocreator_of(request.user))
    if not rows:
        return None
    return {
        "consultations": [
            {
                "consultation": c,
                "closes": closing_in_words(c),
                "public": c.audience == Audience.PUBLIC,
            }
            for c in rows[:HOME_LIMIT]
        ],
        "more": max(0, len(rows) - HOME_LIMIT),
    }


# --- The portal's opportunities ---------------------------------------------------------------


def opportunities_context(cocreator) -> dict:
    """The opportunities page's "Have your say online": every live consultation the person may
    take part in, as the page lists every activity: those about a service area they chose first
    (with that reason, in the activities' words), then closing soonest first (three queries)."""
    rows = consultations_open_to(cocreator)
    if not rows:
        return {}
    interests = set(cocreator.interests.values_list("pk", flat=True))
    about_mine = {c.pk for c in rows if c.service_area_id in interests}
    rows.sort(key=lambda c: c.pk not in about_mine)  # stable: each part stays closing soonest first
    return {
        "consultations": [
            {
                "consultation": c,
                "closes": closing_in_words(c),
                "reason": f"About {c.service_area.name}" if c.pk in about_mine else "",
            }
            for c in rows
        ]
    }


# --- Digests and newsletters -----------------------------------------------------------------


def _opened_at(consultation) -> datetime:
    """When people could first take part: it opened, or (if later) it was published."""
    published = consultation.published_at or consultation.opens_at
    return max(consultation.opens_at, published)


def _digest_item(consultation) -> dict:
    lines = [_summary_line(consultation), closing_in_words(consultation) + "."]
    if consultation.service_area_id:
        lines.append(f"About {consultation.service_area.name}.")
    return {
        "title": consultation.title,
        "url": absolute_url(reverse("consultations:detail", args=[consultation.pk])),
        "lines": lines,
    }


def digest_items(*, since: dict, interests: dict, now=None) -> dict[int, list[dict]]:
    """For a batch of people ({id: the moment their digest starts from}), the live consultations
    opened since then that each may take part in and that match their interests, closing soonest
    first. Two queries whatever the size of the batch."""
    if not since:
        return {}
    earliest = min(since.values())
    rows = list(_live(now).filter(Q(opens_at__gte=earliest) | Q(published_at__gte=earliest)))
    if not rows:
        return {}
    groups = {c.group for c in rows if c.audience == Audience.GROUP and c.group is not None}
    members = group_members(groups, since)
    shaped = {c.pk: _digest_item(c) for c in rows}
    found: dict[int, list[dict]] = {}
    for pk, start in since.items():
        mine = [
            shaped[c.pk]
            for c in rows
            if _opened_at(c) >= start
            and audience_admits(c, pk, members)
            and matches_interests(c, interests.get(pk, set()))
        ]
        if mine:
            found[pk] = mine
    return found


def newsletter_items(now=None) -> list[dict]:
    """The public consultations open now, closing soonest first, as plain values kept with a
    sent issue. Public ones only: every issue is on the public archive, which must not show what
    is for co-creators or a group (they hear of those in their digest and portal)."""
    rows = _live(now).filter(audience=Audience.PUBLIC)
    return [_digest_item(c) for c in rows[:NEWSLETTER_LIMIT]]
