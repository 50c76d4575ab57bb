"""Capacity's URLs in the benchmark: entries (with functions finding real ids) and reasons to skip,
a section per feature package; `registry.ENTRIES` and `registry.SKIP` take these in."""

from __future__ import annotations

from .lookups import Kwargs, Lookups  # noqa: F401 (each section's finders take and give these)
from .registry import COCREATOR, POST_ONLY, STAFF_ONLY, Bench  # noqa: F401 (registry reads this last)

# --- training ---
TRAINING_ENTRIES: tuple = ()
TRAINING_SKIP: dict[str, str] = {}

# --- roles ---
ROLES_ENTRIES: tuple = ()
ROLES_SKIP: dict[str, str] = {}

# --- resources ---
RESOURCES_ENTRIES: tuple = ()
RESOURCES_SKIP: dict[str, str] = {}


def entries() -> tuple:
    return (*TRAINING_ENTRIES, *ROLES_ENTRIES, *RESOURCES_ENTRIES)


def skips() -> dict[str, str]:
    return {**TRAINING_SKIP, **ROLES_SKIP, **RESOURCES_SKIP}
