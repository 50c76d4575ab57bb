"""Payments' URLs in the benchmark: entries (with functions finding real ids) and reasons to skip.

Kept apart from `registry.py` and `lookups.py` so each payments feature package has a section of
its own; `registry.ENTRIES` and `registry.SKIP` take these in.
"""

from __future__ import annotations

from .lookups import Kwargs, Lookups  # noqa: F401 (each section's finders take and give these)
from .registry import POST_ONLY, STAFF_ONLY, Bench  # noqa: F401 (registry reads this file last)

# --- rates ---
RATES_ENTRIES: tuple = ()
RATES_SKIP: dict[str, str] = {}

# --- claims ---
CLAIMS_ENTRIES: tuple = ()
CLAIMS_SKIP: dict[str, str] = {}

# --- approval ---
APPROVAL_ENTRIES: tuple = ()
APPROVAL_SKIP: dict[str, str] = {}

# --- statements and recognition ---
STATEMENTS_ENTRIES: tuple = ()
STATEMENTS_SKIP: dict[str, str] = {}

# --- spend ---
SPEND_ENTRIES: tuple = ()
SPEND_SKIP: dict[str, str] = {}


def entries() -> tuple:
    return (*RATES_ENTRIES, *CLAIMS_ENTRIES, *APPROVAL_ENTRIES, *STATEMENTS_ENTRIES, *SPEND_ENTRIES)


def skips() -> dict[str, str]:
    return {**RATES_SKIP, **CLAIMS_SKIP, **APPROVAL_SKIP, **STATEMENTS_SKIP, **SPEND_SKIP}
