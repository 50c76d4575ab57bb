"""The insight inbox's writes: tagging one item of insight with one theme, taking a tag off, and
saying no to a suggested theme. Staff do each; nothing here tags on its own.

`get_or_create` copes with two people doing the same at once: the unique constraints hold, and
the second finds the first's row.
"""

from datetime import date

from ..models import InsightSuggestionRejection, InsightTag, Theme


def insight_tag_add(
    *, source: str, source_id: str, month: date, theme: Theme, actor
) -> tuple[InsightTag, bool]:
    """Tag one item of insight with a theme, counted in its month; (tag, whether it is new).

    Tagging an item already tagged with the theme changes nothing.
    """
    return InsightTag.objects.get_or_create(
        theme=theme,
        source=source,
        source_id=source_id,
        defaults={"month": month.replace(day=1), "tagged_by": actor},
    )


def insight_tag_remove(*, source: str, source_id: str, theme: Theme) -> bool:
    """Take a theme off one item of insight; whether there was a tag to take off."""
    deleted, _ = InsightTag.objects.filter(theme=theme, source=source, source_id=source_id).delete()
    return bool(deleted)


def suggestion_reject(
    *, source: str, source_id: str, theme: Theme, actor
) -> tuple[InsightSuggestionRejection, bool]:
    """Remember that an item of insight does not raise a suggested theme, so the theme is not
    suggested for that item again; (rejection, whether it is new)."""
    return InsightSuggestionRejection.objects.get_or_create(
        theme=theme, source=source, source_id=source_id, defaults={"rejected_by": actor}
    )
