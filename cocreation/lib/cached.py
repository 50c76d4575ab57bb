"""Figures cached under the version of the data they were worked out from.

`jobs.DataVersion` rows are moved on by database triggers whenever the tables behind a set of
figures change (reporting's migrations `0004_figure_data_triggers` and
`0005_figure_triggers_at_commit`), in the same transaction as the change, at commit on PostgreSQL. Reading the version is one indexed query; a cached value is only ever found under
the version it was computed at, so there is nothing to expire and no way to see stale figures.
If the cache server is down the figures are worked out afresh; a page never fails because of it.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

logger = logging.getLogger(__name__)

T = TypeVar("T")

FIGURES = "figures"  # the version behind every steering report and the representation gap
TIMEOUT = 60 * 60 * 24 * 7  # unused versions fall out of the cache after a week


def data_version(name: str = FIGURES) -> str:
    """The row's epoch and version as one text, e.g. "815305522.42"; "0.0" before any change."""
    from cocreation.jobs.models import DataVersion

    row = DataVersion.objects.filter(name=name).values_list("epoch", "version").first()
    return "{}.{}".format(*row) if row else "0.0"


def cached_figures(
    key: str, compute: Callable[[], T], *, name: str = FIGURES, version: str | None = None
) -> T:
    """`compute()`'s result, from the cache when the data has not changed since it was stored.

    `version` is `data_version(name)` when the caller has read it already (one read for several
    values on one page); otherwise it is read here.
    """
    full_key = f"{name}:{version or data_version(name)}:{key}"
    try:
        found = cache.get(full_key)
    except Exception:  # the cache server is down: work it out instead
        logger.warning("Cache not reachable; working out %s afresh", key, exc_info=True)
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(full_key, value, TIMEOUT)
    except Exception:
        logger.warning("Cache not reachable; %s not stored", key, exc_info=True)
    return value
