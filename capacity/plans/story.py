"""Development plans in a person's story (community/story.py): the plan being started and each
review of it. Its steps and its history are part of the plan, read on its page. Registered from
plans' wiring."""

from __future__ import annotations

from django.urls import reverse

from cocreation.lib.dates import date_text
from community.story import StoryRow, story_limited

from ..models import DevelopmentPlan, PlanReview


def plan_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """The person's plan being started, and its reviews, newest first. Two queries."""
    plan = (
        DevelopmentPlan.objects.filter(cocreator=cocreator)
        .select_related("written_with", "written_with_mentor")
        .first()
    )
    if plan is None:
        return []
    url = (
        reverse("capacity:plans-detail", args=[plan.pk])
        if for_staff
        else reverse("capacity:plans-portal")
    )
    if plan.written_with is not None:
        with_whom = (
            f"Written with {plan.written_with.full_name}"
            if for_staff
            else "Written with the involvement team"
        )
    elif plan.written_with_mentor is not None:
        with_whom = f"Written with their mentor {plan.written_with_mentor.full_name}"
        with_whom = with_whom if for_staff else "Written with your mentor"
    else:
        with_whom = "Started by them" if for_staff else "Started by you"
    rows = [
        StoryRow(
            when=plan.created_at,
            kind="Development plan",
            title="Development plan started",
            detail=with_whom,
            url=url,
        )
    ]
    reviews = PlanReview.objects.filter(plan=plan).order_by("-held_on", "-pk")
    for review in story_limited(reviews, limit):
        nxt = f"Next review {date_text(review.next_review_on)}." if review.next_review_on else ""
        rows.append(
            StoryRow(
                when=review.held_on,
                kind="Development plan",
                title="Development plan reviewed",
                detail=f"{review.how_it_is_going} {nxt}".strip(),
                url=url,
            )
        )
    return rows
