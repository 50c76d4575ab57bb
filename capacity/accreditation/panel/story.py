"""Accreditation panels in a person's story (community/story.py): each panel their login sat on,
with whether they declared a conflict and how many criteria they scored (their scores are part of
the seat's row). Registered from the panel's wiring."""

from __future__ import annotations

from django.urls import reverse

from community.story import StoryRow, story_limited

from .selectors import seats_of


def panel_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """The accreditation panels the person sat on, newest first. One query (none without a
    login)."""
    if cocreator.user_id is None:
        return []
    rows = []
    for seat in story_limited(seats_of(cocreator.user_id), limit):
        service = seat.application.service.name
        if seat.conflict_declared_at is None:
            done = "Not yet said whether they have a conflict of interest."
            mine = "You have not yet said whether you have a conflict of interest."
        elif seat.has_conflict:
            done = "Declared a conflict of interest, so did not score."
            mine = "You said you have a conflict of interest, so you did not score."
        else:
            done = f"Scored {seat.n_scored} of {seat.n_criteria} criteria."
            mine = f"You scored {seat.n_scored} of {seat.n_criteria} criteria."
        rows.append(
            StoryRow(
                when=seat.added_at,
                kind="Accreditation panel",
                title=(
                    f"On the accreditation panel for {service}"
                    if for_staff
                    else f"You joined the accreditation panel for {service}"
                ),
                detail=done if for_staff else mine,
                url=reverse(
                    "capacity:panel-staff-review" if for_staff else "capacity:panel-portal-review",
                    args=[seat.pk],
                ),
            )
        )
    return rows
