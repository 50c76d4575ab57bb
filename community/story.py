"""A person's whole story: every kind of row about them, newest first, from every app.

Community reads no other app, yet a person's record should show their bookings, attendance,
surveys, messages and the impact they contributed to. Each app registers a *story source* here
from its AppConfig.ready(): a function giving the person's rows, and the models (labels such as
"activities.SignUp") that point at a person which the source covers. `tests/community/test_story.py`
walks every model that points at a person and fails if one is covered by no source and is not
in its reasoned list of exclusions, so a new kind of row cannot be left out of the story.

A source's `rows_for(cocreator, *, for_staff, limit)` returns at most `limit` rows (all when
`limit` is None), newest first, in a fixed number of queries whatever the number of rows. With
`for_staff=False` (the person's own portal) it returns only what the person may see, in plain
English: never the contact log, staff notes or who on the team did what; rows marked
`staff_only` are dropped here too, as a second guard.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from .portal_sections import Sections

# How many rows a page of the story shows.
STORY_PAGE_ROWS = 50


@dataclass(frozen=True)
class StoryRow:
    """One thing in a person's story: when, what kind, a title, details and a link."""

    when: datetime.datetime | datetime.date
    kind: str
    title: str
    detail: str = ""
    url: str | None = None
    staff_only: bool = False

    @property
    def sort_key(self) -> datetime.datetime:
        """`when` as an aware moment, so dates and times sort together (a date at its start)."""
        when = self.when
        if isinstance(when, datetime.datetime):
            return when if timezone.is_aware(when) else timezone.make_aware(when)
        return timezone.make_aware(datetime.datetime.combine(when, datetime.time.min))

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime.datetime)


@dataclass(frozen=True)
class StorySource:
    key: str
    models: tuple[str, ...]
    rows_for: Callable  # (cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]


_SOURCES: dict[str, StorySource] = {}


def story_source_register(*, key: str, models: list[str] | tuple[str, ...], rows_for: Callable):
    """Add (or replace, by key) a source of rows for a person's story."""
    _SOURCES[key] = StorySource(key=key, models=tuple(models), rows_for=rows_for)


def story_limited(queryset, limit: int | None):
    """A source's rows cut to `limit` (every row when it is None), for `rows_for`."""
    return queryset if limit is None else queryset[:limit]


def story_sources() -> list[StorySource]:
    """The registered sources, by key."""
    return [_SOURCES[key] for key in sorted(_SOURCES)]


def story_covered_models() -> set[str]:
    """The labels of the models that point at a person which some source covers."""
    return {label for source in _SOURCES.values() for label in source.models}


# Sections of the person's own story page that other apps add (what their involvement changed),
# each a template and a function of the person's record, as on the portal home.
_PORTAL_SECTIONS = Sections()
story_section_register = _PORTAL_SECTIONS.register
story_sections_for = _PORTAL_SECTIONS.for_person


@dataclass(frozen=True)
class StoryPage:
    rows: list[StoryRow]
    page: int
    has_more: bool
    showing_all: bool

    @property
    def next_page(self) -> int:
        return self.page + 1


def story_page(
    cocreator, *, for_staff: bool, page: int = 1, per_page: int = STORY_PAGE_ROWS
) -> StoryPage:
    """One page of the person's story, newest first: the newest `page * per_page` rows of every
    source merged, so each source runs its fixed queries once. `page=0` means every row."""
    showing_all = page == 0
    limit = None if showing_all else page * per_page + 1
    rows: list[StoryRow] = []
    for source in story_sources():
        rows.extend(source.rows_for(cocreator, for_staff=for_staff, limit=limit))
    if not for_staff:
        rows = [row for row in rows if not row.staff_only]
    rows.sort(key=lambda row: row.sort_key, reverse=True)
    if showing_all:
        return StoryPage(rows=rows, page=0, has_more=False, showing_all=True)
    start = (page - 1) * per_page
    return StoryPage(
        rows=rows[start : start + per_page],
        page=page,
        has_more=len(rows) > page * per_page,
        showing_all=False,
    )


def story_page_number(value) -> int:
    """The `?page=` asked for: a whole number from 1, `all` for every row, else the first."""
    if value == "all":
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 1000)
