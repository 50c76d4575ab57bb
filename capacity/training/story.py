"""Training in a person's story (community/story.py): courses they completed and what they said
should change in a run. Registered from training's wiring."""

from __future__ import annotations

from django.urls import reverse

from cocreation.lib.dates import date_text
from community.story import StoryRow, story_limited

from ..models import Completion, CourseFeedback


def completion_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Courses the person completed, newest first. One query."""
    completions = (
        Completion.objects.filter(cocreator=cocreator)
        .select_related("course")
        .order_by("-completed_on", "-pk")
    )
    rows = []
    for completion in story_limited(completions, limit):
        detail = (
            f"A refresher is due by {date_text(completion.expires_on)}"
            if completion.expires_on
            else ""
        )
        if for_staff:
            detail = f"{completion.get_source_display()}. {detail}".strip()
            url = reverse("capacity:training-course", args=[completion.course_id])
        else:
            url = reverse("capacity:portal-training")
        rows.append(
            StoryRow(
                when=completion.completed_on,
                kind="Training",
                title=f"Completed {completion.course.title}",
                detail=detail,
                url=url,
            )
        )
    return rows


def feedback_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """What the person said should change in a course, newest first. One query."""
    feedback = (
        CourseFeedback.objects.filter(cocreator=cocreator)
        .select_related("run__course")
        .order_by("-created_at", "-pk")
    )
    return [
        StoryRow(
            when=item.created_at,
            kind="Training feedback",
            title=f"Said what should change in {item.run.course.title}",
            detail=item.what_should_change,
            url=(
                reverse("capacity:training-course", args=[item.run.course_id])
                if for_staff
                else None
            ),
        )
        for item in story_limited(feedback, limit)
    ]
