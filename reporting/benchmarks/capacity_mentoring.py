"""Capacity's mentoring URLs in the benchmark: entries (with functions finding real ids) and reasons to
skip; `registry.ENTRIES` and `registry.SKIP` take these in."""

from __future__ import annotations

from django.db.models import Count, Q

from capacity.models import Mentoring, PeerGroup, PeerGroupMember

from .lookups import Kwargs, Lookups  # noqa: F401 (the finders take and give these)
from .registry import (  # noqa: F401 (registry reads this last)
    COCREATOR,
    PARTNER,
    POST_ONLY,
    STAFF_ONLY,
    Bench,
)


def mentoring_busiest_pair(lookups: Lookups, user) -> Kwargs:
    """The pair with the most meetings (its staff page and the form to end it)."""

    def find():
        pair = Mentoring.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
        return pair.pk if pair else None

    pk = lookups.once("mentoring-pair", find)
    return None if pk is None else {"pk": pk}


def mentoring_busiest_group(lookups: Lookups, user) -> Kwargs:
    """The peer group with the most members (its staff page and forms)."""

    def find():
        group = PeerGroup.objects.annotate(n=Count("members")).order_by("-n", "pk").first()
        return group.pk if group else None

    pk = lookups.once("mentoring-group", find)
    return None if pk is None else {"pk": pk}


def mentoring_own_pair(lookups: Lookups, user) -> Kwargs:
    """The signed-in co-creator's own pair with the most meetings (the demo co-creator is a
    mentee with meetings logged); None for someone with no pair."""
    if user is None:
        return None
    pair = (
        Mentoring.objects.filter(Q(mentor__user=user) | Q(mentee__user=user))
        .annotate(n=Count("meetings"))
        .order_by("-n", "pk")
        .first()
    )
    return None if pair is None else {"pk": pair.pk}


def mentoring_own_group(lookups: Lookups, user) -> Kwargs:
    """A peer group the signed-in co-creator is in (invited, not left); None when none."""
    if user is None:
        return None
    member = (
        PeerGroupMember.objects.filter(cocreator__user=user, left_at__isnull=True)
        .order_by("-agreed_at", "pk")
        .first()
    )
    return None if member is None else {"pk": member.group_id}


ENTRIES: tuple = (
    Bench("capacity:mentoring-pair", mentoring_busiest_pair, STAFF_ONLY),
    Bench("capacity:mentoring-pair-end", mentoring_busiest_pair, STAFF_ONLY),
    Bench("capacity:mentoring-group", mentoring_busiest_group, STAFF_ONLY),
    Bench("capacity:mentoring-group-edit", mentoring_busiest_group, STAFF_ONLY),
    Bench("capacity:mentoring-group-invite", mentoring_busiest_group, STAFF_ONLY),
    Bench("capacity:mentoring-group-end", mentoring_busiest_group, STAFF_ONLY),
    Bench("capacity:portal-mentoring-pair", mentoring_own_pair, (COCREATOR,)),
    Bench("capacity:portal-mentoring-pair-answer", mentoring_own_pair, (COCREATOR,)),
    Bench("capacity:portal-mentoring-pair-meeting", mentoring_own_pair, (COCREATOR,)),
    Bench("capacity:portal-mentoring-pair-end", mentoring_own_pair, (COCREATOR,)),
    Bench("capacity:portal-mentoring-group", mentoring_own_group, (COCREATOR,)),
    Bench("capacity:portal-mentoring-group-answer", mentoring_own_group, (COCREATOR,)),
    Bench("capacity:portal-mentoring-group-meeting", mentoring_own_group, (COCREATOR,)),
    Bench("capacity:portal-mentoring-group-leave", mentoring_own_group, (COCREATOR,)),
)
SKIP: dict[str, str] = {
    "capacity:mentoring-pair-agree": POST_ONLY,
    "capacity:mentoring-group-agree": POST_ONLY,
}


def entries() -> tuple:
    return ENTRIES


def skips() -> dict[str, str]:
    return SKIP
