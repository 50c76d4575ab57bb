"""Themes, insight tags and counts by source (complaints, compliments, PALS...)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ..models import InsightTag, SourceThemeCount, Theme


def theme_save(*, theme: Theme) -> Theme:
    """Add or change a theme (the form has checked the name is unique)."""
    theme.full_clean()
    theme.save()
    return theme


def insight_tags_replace(*, source: str, source_id: str, month: date, themes, actor) -> int:
    """Tag one item of insight with exactly these themes, replacing its earlier tags."""
    month = month.replace(day=1)
    with transaction.atomic():
        InsightTag.objects.filter(source=source, source_id=source_id).delete()
        InsightTag.objects.bulk_create(
            InsightTag(
                theme=theme, source=source, source_id=source_id, month=month, tagged_by=actor
            )
            for theme in themes
        )
    return len(themes)


@dataclass(frozen=True)
class SourceCountRow:
    """One checked row of a source counts file."""

    source: str
    theme_id: int
    month: date
    count: int


def source_counts_import(*, rows: list[SourceCountRow], actor) -> tuple[int, int]:
    """Save every row or none; a count already held for the source, theme and month is replaced.

    Returns (added, replaced).
    """
    added = replaced = 0
    with transaction.atomic():
        for row in rows:
            _, created = SourceThemeCount.objects.update_or_create(
                source=row.source,
                theme_id=row.theme_id,
                month=row.month,
                defaults={"count": row.count, "imported_by": actor},
            )
            added, replaced = (added + 1, replaced) if created else (added, replaced + 1)
    return added, replaced
