"""Rows other apps add to what an activity's pages say about it, without activities reading them.

Before someone books, the portal's opportunity page (and the public calendar's activity page)
should say whether taking part is paid, at what rate and which expenses are covered; the rates
are payments' data, and activities reads no higher app. A higher app registers a function of
the activity from its `AppConfig.ready()` that gives (label, text) rows; the pages add them to
their summary list in order. Only pages about one activity call it: a list page must not run a
query per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class _Source:
    key: str
    facts: Callable  # (activity) -> list[tuple[str, str]]
    order: int = 100


_SOURCES: dict[str, _Source] = {}


def opportunity_facts_register(*, key: str, facts: Callable, order: int = 100) -> None:
    """Add (or replace, by key) a function giving an activity's extra (label, text) rows."""
    _SOURCES[key] = _Source(key=key, facts=facts, order=order)


def opportunity_facts(activity) -> list[tuple[str, str]]:
    """Every registered source's rows for one activity, in order."""
    rows: list[tuple[str, str]] = []
    for source in sorted(_SOURCES.values(), key=lambda s: (s.order, s.key)):
        rows.extend(source.facts(activity))
    return rows
