"""Capacity's partners URLs in the benchmark: entries (with functions finding real ids) and reasons to
skip; `registry.ENTRIES` and `registry.SKIP` take these in."""

from __future__ import annotations

from .lookups import Kwargs, Lookups  # noqa: F401 (the finders take and give these)
from .registry import (  # noqa: F401 (registry reads this last)
    COCREATOR,
    PARTNER,
    POST_ONLY,
    STAFF_ONLY,
    Bench,
)

ENTRIES: tuple = ()
SKIP: dict[str, str] = {}


def entries() -> tuple:
    return ENTRIES


def skips() -> dict[str, str]:
    return SKIP
