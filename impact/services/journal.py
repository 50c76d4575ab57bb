"""The journal's themes: counted anonymously, and made anonymous when a person leaves."""

from django.utils import timezone

from ..models import InsightSource, InsightTag


def journal_themes_contribute(*, themes, today=None) -> int:
    """Count themes from a journal entry anonymously: one row per theme, linked to no one.

    Nothing here names the entry or its author, so the count cannot be traced back.
    """
    today = today or timezone.localdate()
    month = today.replace(day=1)
    rows = [
        InsightTag(
            theme=theme,
            source=InsightSource.ANONYMOUS_JOURNAL,
            source_id="",
            month=month,
            tagged_by=None,
        )
        for theme in themes
    ]
    InsightTag.objects.bulk_create(rows)
    return len(rows)


def journal_tags_anonymise_for_leaver(entries, leaver) -> None:
    """Before a leaver's journal entries are deleted, staff's themes on them become anonymous
    counts (as if contributed anonymously), so the theme counts stay and point at nothing."""
    ids = [str(pk) for pk in entries.values_list("pk", flat=True)]
    InsightTag.objects.filter(source=InsightSource.JOURNAL, source_id__in=ids).update(
        source=InsightSource.ANONYMOUS_JOURNAL, source_id=""
    )
