"""Roles in a person's story (community/story.py): each role taken on and, once ended, its end.
Registered from roles' wiring."""

from __future__ import annotations

from django.urls import reverse

from community.story import StoryRow, story_limited

from ..models import PersonRole


def person_role_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Roles the person took on (and ended), newest first. One query."""
    held_rows = (
        PersonRole.objects.filter(cocreator=cocreator)
        .select_related("role")
        .only("started_on", "ended_on", "forums", "role__name")
        .order_by("-started_on", "-pk")
    )
    rows = []
    for held in story_limited(held_rows, limit):
        url = reverse("capacity:public-role-detail", args=[held.role_id])
        detail = f"Forums: {', '.join(held.forums.splitlines())}" if held.forums else ""
        rows.append(
            StoryRow(
                when=held.started_on,
                kind="Role",
                title=f"Became {held.role.name}",
                detail=detail,
                url=url,
            )
        )
        if held.ended_on is not None:
            rows.append(
                StoryRow(
                    when=held.ended_on,
                    kind="Role",
                    title=f"Ended the role {held.role.name}",
                    url=url,
                )
            )
    return rows
