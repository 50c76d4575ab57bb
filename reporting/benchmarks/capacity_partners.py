"""Capacity's partners URLs in the benchmark: entries (with functions finding real ids) and reasons to
skip; `registry.ENTRIES` and `registry.SKIP` take these in."""

from __future__ import annotations

from django.db.models.functions import Length

from capacity.models import PartnerAccess, SupportRequest

from .lookups import Kwargs, Lookups  # noqa: F401 (the finders take and give these)
from .registry import (  # noqa: F401 (registry reads this last)
    COCREATOR,
    PARTNER,
    POST_ONLY,
    STAFF_ONLY,
    Bench,
)


def partners_longest_request(lookups: Lookups, user) -> Kwargs:
    """The request with the longest text and reply (its staff page; the demo has three)."""

    def find():
        rows = SupportRequest.objects.annotate(
            n=Length("what_is_needed") + Length("staff_reply")
        ).order_by("-n", "pk")
        return rows.values_list("pk", flat=True).first()

    pk = lookups.once("partners-request", find)
    return None if pk is None else {"pk": pk}


def partners_own_request(lookups: Lookups, user) -> Kwargs:
    """The signed-in partner's own request, one answered first (the demo partner has two, one
    answered); None for someone with none."""
    if user is None:
        return None
    pk = (
        SupportRequest.objects.filter(requested_by=user)
        .annotate(n=Length("staff_reply"))
        .order_by("-n", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return None if pk is None else {"pk": pk}


def partners_open_access(lookups: Lookups, user) -> Kwargs:
    """An open partner login, to end (the confirmation page; the demo has two)."""

    def find():
        rows = PartnerAccess.objects.filter(ended_at__isnull=True).order_by("pk")
        return rows.values_list("pk", flat=True).first()

    pk = lookups.once("partners-open-access", find)
    return None if pk is None else {"pk": pk}


ENTRIES: tuple = (
    Bench("capacity:partners-request", partners_own_request, (PARTNER,)),
    Bench("capacity:partners-staff-request", partners_longest_request, STAFF_ONLY),
    Bench("capacity:partners-staff-access-end", partners_open_access, STAFF_ONLY),
)
SKIP: dict[str, str] = {}


def entries() -> tuple:
    return ENTRIES


def skips() -> dict[str, str]:
    return SKIP
