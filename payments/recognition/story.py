"""Reference letters in a person's story: staff only (the person never sees the team's drafts).
Registered from recognition's wiring; see community/story.py."""

from __future__ import annotations

from django.urls import reverse

from community.story import StoryRow, story_limited

from ..models import ReferenceLetter


def reference_letter_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Reference letters written for the person, newest first. One query; none for the portal."""
    if not for_staff:
        return []
    letters = (
        ReferenceLetter.objects.filter(cocreator=cocreator)
        .select_related("written_by")
        .only(
            "addressed_to",
            "created_at",
            "written_by__full_name",
            "written_by__email",
            "written_by__is_active",
        )
        .order_by("-created_at", "-pk")
    )
    rows = []
    for letter in story_limited(letters, limit):
        to = f" to {letter.addressed_to}" if letter.addressed_to else ""
        by = f"Written by {letter.written_by.get_full_name()}" if letter.written_by else ""
        rows.append(
            StoryRow(
                when=letter.created_at,
                kind="Reference letter",
                title=f"Reference letter{to}",
                detail=by,
                url=reverse("payments:reference-letter-edit", args=[letter.pk]),
                staff_only=True,
            )
        )
    return rows
