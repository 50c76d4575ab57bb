"""Reads for the insight inbox: every item of co-creator insight in a period, with its themes.

An item of insight is an experience survey answer with free text, a journal entry its author
shared with the involvement team, or an activity's session notes. Each is named as an insight tag
names it: (source, source_id). Themes contributed anonymously from a journal are counts linked to
nothing, so they are not items.

Higher apps add sources of their own (`insight_source_register`: a function giving a period's
references, and one loading items in full), listed and tagged alongside these, as consultations'
written answers and posts are.

The inbox lists items in two steps, so its queries do not grow with the rows shown: first a light
list of every matching item's reference (one query per source, and one for the period's tags),
sorted and split into pages; then the page's items in full (one query per source, one for their
tags and one for the suggestions staff said no to).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone

from activities.models import Activity, Project
from cocreation.lib.periods import Period

from .models import (
    ExperienceResponse,
    InsightSource,
    InsightSuggestionRejection,
    InsightTag,
    JournalEntry,
    JournalSharing,
    Theme,
)

INBOX_SOURCES = (InsightSource.SURVEY_TEXT, InsightSource.JOURNAL, InsightSource.ACTIVITY_NOTES)
NOTE_FIELDS = ("notes_missing", "notes_not_thought_of", "notes_unheard_voices", "notes")


@dataclass(frozen=True)
class InsightRef:
    """Where an item of insight is, and when, for sorting and filtering before it is loaded."""

    source: str
    source_id: str
    at: datetime | None = None  # survey answers keep only their month: its first moment


@dataclass
class InsightItem:
    """One item of insight as the inbox shows it."""

    source: str
    source_id: str
    month: date
    title: str
    passages: list[tuple[str, str]]
    activity: Activity | None = None
    project: Project | None = None
    themes: list[Theme] = field(default_factory=list)
    suggestions: list[Theme] = field(default_factory=list)
    addable: list[Theme] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"item-{self.source}-{self.source_id}"

    @property
    def source_label(self) -> str:
        return InsightSource(self.source).label

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.passages)


@dataclass(frozen=True)
class _RegisteredSource:
    source: str
    refs: Callable  # (period, activity, project) -> list[InsightRef], a fixed number of queries
    load: Callable  # (ids) -> dict[str, InsightItem], one query or a fixed few
    activities: Callable | None = None  # (period) -> a queryset of activity ids to filter by


_REGISTERED: dict[str, _RegisteredSource] = {}


def insight_source_register(
    *, source: str, refs: Callable, load: Callable, activities: Callable | None = None
) -> None:
    """Add (or replace) a source of insight from a higher app: `refs(period, activity, project)`
    gives the period's references (already narrowed to the activity and project when given),
    `load(ids)` the items by id; `activities(period)`, if given, the ids of activities its items
    are about, offered as filters."""
    _REGISTERED[source] = _RegisteredSource(
        source=source, refs=refs, load=load, activities=activities
    )


def inbox_sources() -> tuple[str, ...]:
    """Every source the inbox lists: its own and the registered ones."""
    return INBOX_SOURCES + tuple(s for s in _REGISTERED if s not in INBOX_SOURCES)


def _month_of(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _has_notes() -> Q:
    has = Q()
    for name in NOTE_FIELDS:
        has |= ~Q(**{name: ""})
    return has


def _answers_with_text():
    return ExperienceResponse.objects.exclude(free_text="")


def insight_activity_choices(period: Period):
    """Activities to filter the inbox by: held in the period, or answered about in it."""
    start, end = period.bounds()
    answered = _answers_with_text().filter(
        month__gte=period.start, month__lt=period.end, activity__isnull=False
    )
    about = Q(starts_at__gte=start, starts_at__lt=end) | Q(pk__in=answered.values("activity_id"))
    for registered in _REGISTERED.values():
        if registered.activities is not None:
            about |= Q(pk__in=registered.activities(period))
    return (
        Activity.objects.filter(about).only("pk", "title", "starts_at").order_by("-starts_at", "pk")
    )


def insight_refs(
    *,
    period: Period,
    activity: Activity | None = None,
    project: Project | None = None,
    theme: Theme | None = None,
    untagged: bool = False,
) -> list[InsightRef]:
    """Every item of insight in the period that matches the filters, newest first.

    Journal entries belong to no activity or project, so either of those filters leaves them out.
    Four queries, and those of each registered source, whatever the number of items.
    """
    start, end = period.bounds()
    answers = _answers_with_text().filter(month__gte=period.start, month__lt=period.end)
    notes = Activity.objects.filter(_has_notes(), starts_at__gte=start, starts_at__lt=end)
    if activity is not None:
        answers = answers.filter(activity=activity)
        notes = notes.filter(pk=activity.pk)
    if project is not None:
        answers = answers.filter(activity__project=project)
        notes = notes.filter(project=project)
    zone = timezone.get_current_timezone()
    refs = [
        InsightRef(InsightSource.SURVEY_TEXT, str(pk), datetime.combine(month, time.min, zone))
        for pk, month in answers.values_list("pk", "month")
    ]
    refs += [
        InsightRef(InsightSource.ACTIVITY_NOTES, str(pk), starts_at)
        for pk, starts_at in notes.values_list("pk", "starts_at")
    ]
    if activity is None and project is None:
        shared = JournalEntry.objects.filter(
            sharing=JournalSharing.SHARED, created_at__gte=start, created_at__lt=end
        )
        refs += [
            InsightRef(InsightSource.JOURNAL, str(pk), created_at)
            for pk, created_at in shared.values_list("pk", "created_at")
        ]
    for registered in _REGISTERED.values():
        refs += registered.refs(period, activity, project)
    if theme is not None or untagged:
        # A tag counts in its item's month, so the period's tags are every tag these items have.
        tags = InsightTag.objects.filter(
            source__in=inbox_sources(), month__gte=period.start, month__lt=period.end
        )
        if theme is not None:
            tags = tags.filter(theme=theme)
        tagged = set(tags.values_list("source", "source_id"))
        if theme is not None:
            refs = [r for r in refs if (r.source, r.source_id) in tagged]
        if untagged:
            refs = [r for r in refs if (r.source, r.source_id) not in tagged]
    refs.sort(key=lambda r: (r.at, r.source, r.source_id), reverse=True)
    return refs


# --- Loading items in full -------------------------------------------------------------------


def _row_numbers(ids: list[str]) -> list[int]:
    """The ids that can be a row's number: plain digits that fit in a database integer.

    Not `str.isdigit`, which also passes "²", that `int` refuses.
    """
    return [
        int(value) for value in ids if value.isascii() and value.isdecimal() and len(value) <= 18
    ]


def _survey_items(ids: list[str]) -> dict[str, InsightItem]:
    pks = []
    for value in ids:
        try:
            pks.append(uuid.UUID(value))
        except ValueError:
            continue
    if not pks:
        return {}
    items = {}
    for answer in _answers_with_text().filter(pk__in=pks).select_related("activity__project"):
        # An anonymous answer is linked to no activity (a database constraint); say so here too.
        activity = None if answer.anonymous else answer.activity
        items[str(answer.pk)] = InsightItem(
            source=InsightSource.SURVEY_TEXT,
            source_id=str(answer.pk),
            month=answer.month,
            title=f"Survey answer from {answer.month:%B %Y}",
            passages=[("What they wrote", answer.free_text)],
            activity=activity,
            project=activity.project if activity else None,
        )
    return items


def _note_items(ids: list[str]) -> dict[str, InsightItem]:
    pks = _row_numbers(ids)
    if not pks:
        return {}
    items = {}
    for activity in Activity.objects.filter(_has_notes(), pk__in=pks).select_related("project"):
        passages = [
            (str(Activity._meta.get_field(name).verbose_name), getattr(activity, name))
            for name in NOTE_FIELDS
            if getattr(activity, name)
        ]
        items[str(activity.pk)] = InsightItem(
            source=InsightSource.ACTIVITY_NOTES,
            source_id=str(activity.pk),
            month=_month_of(activity.starts_at),
            title=f"Session notes: {activity.title}",
            passages=passages,
            activity=activity,
            project=activity.project,
        )
    return items


def _journal_items(ids: list[str]) -> dict[str, InsightItem]:
    pks = _row_numbers(ids)
    if not pks:
        return {}
    entries = JournalEntry.objects.filter(pk__in=pks, sharing=JournalSharing.SHARED).only(
        "pk", "prompt", "body", "created_at", "sharing"
    )
    items = {}
    for entry in entries:
        month = _month_of(entry.created_at)
        items[str(entry.pk)] = InsightItem(
            source=InsightSource.JOURNAL,
            source_id=str(entry.pk),
            month=month,
            title=f"Shared journal entry from {month:%B %Y}",
            passages=[(entry.prompt or "Journal entry", entry.body)],
        )
    return items


_LOADERS = {
    InsightSource.SURVEY_TEXT: _survey_items,
    InsightSource.ACTIVITY_NOTES: _note_items,
    InsightSource.JOURNAL: _journal_items,
}


def _loader(source: str) -> Callable | None:
    if source in _LOADERS:
        return _LOADERS[source]
    registered = _REGISTERED.get(source)
    return registered.load if registered is not None else None


def _by_source(refs) -> dict[str, list[str]]:
    """The ids of references or items, by source."""
    ids: dict[str, list[str]] = {}
    for ref in refs:
        ids.setdefault(ref.source, []).append(ref.source_id)
    return ids


def _any_of(ids: dict[str, list[str]]) -> Q:
    match = Q(pk__in=[])
    for source, values in ids.items():
        match |= Q(source=source, source_id__in=values)
    return match


def insight_items(refs) -> list[InsightItem]:
    """The items the references name, in their order, each with its themes, the themes it may
    still be tagged with and, while it has no tags, the themes its text suggests.

    At most six queries (and one more for each registered source on the page), whatever the number
    of items; a reference to nothing is left out.
    """
    ids = _by_source(refs)
    loaders = {source: _loader(source) for source in ids}
    loaded = {source: load(ids[source]) for source, load in loaders.items() if load is not None}
    items = [loaded[r.source][r.source_id] for r in refs if r.source_id in loaded.get(r.source, {})]
    if not items:
        return []
    themes = list(Theme.objects.order_by("name"))
    by_pk = {theme.pk: theme for theme in themes}
    ids = _by_source(items)
    tagged: dict[tuple[str, str], set[int]] = {}
    for source, source_id, theme_id in InsightTag.objects.filter(_any_of(ids)).values_list(
        "source", "source_id", "theme_id"
    ):
        tagged.setdefault((source, source_id), set()).add(theme_id)
    untagged = [i for i in items if (i.source, i.source_id) not in tagged]
    rejected: set[tuple[int, str, str]] = set()
    if untagged and any(theme.keyword_list for theme in themes):
        rejected = set(
            InsightSuggestionRejection.objects.filter(_any_of(_by_source(untagged))).values_list(
                "theme_id", "source", "source_id"
            )
        )
    for item in items:
        on_item = tagged.get((item.source, item.source_id), set())
        item.themes = [by_pk[pk] for pk in sorted(on_item, key=lambda pk: by_pk[pk].name)]
        item.addable = [theme for theme in themes if theme.pk not in on_item]
        if not on_item:
            text = item.text
            item.suggestions = [
                theme
                for theme in themes
                if (theme.pk, item.source, item.source_id) not in rejected
                and theme.is_suggested_by(text)
            ]
    return items


def insight_item(source: str, source_id: str) -> InsightItem | None:
    """One item of insight staff may tag, with its themes; None if there is no such item."""
    if _loader(source) is None:
        return None
    if source == InsightSource.SURVEY_TEXT:
        try:
            source_id = str(uuid.UUID(source_id))  # the one spelling tags use
        except ValueError:
            return None
    items = insight_items([InsightRef(source, source_id)])
    return items[0] if items else None
