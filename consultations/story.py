"""Consultations in a person's story (community/story.py): the answers they gave (one row per
consultation), the ideas and posts they wrote, the ideas they supported, the ideas and posts they
reported, the name they chose for discussions and, for staff, the personal links made for them.
Registered from consultations' wiring.

Taking part also makes one attended `Attendance` for the consultation's activity (see
`consultations.services.participation_record`), which activities' own source shows as "You took
part: Have your say: <topic>" with its hours, dated when the consultation opened. The rows here
say what the person did, dated when they did it, so the two read together: the attendance is what
counted as involvement, these are the answers, ideas and posts behind it.

Each source runs one query, however many rows the person has.
"""

from __future__ import annotations

from community.story import StoryRow, story_limited, story_source_register

from .models import (
    Contribution,
    ContributionKind,
    ContributionReport,
    DiscussionName,
    LinkInvitation,
    Moderation,
    Response,
    ResponseChannel,
    Support,
)
from .staff.selectors import url_or_none

KIND = "Have your say"

# What the person sees about their own idea or post, by its moderation state.
_PORTAL_MODERATION = {
    Moderation.WAITING: "Waiting for a check before others can see it",
    Moderation.SHOWN: "Others can see it",
    Moderation.HIDDEN: "Hidden by the involvement team",
}


def _page(consultation_id: int, for_staff: bool) -> str | None:
    return url_or_none("staff-detail" if for_staff else "detail", consultation_id)


def _topic(consultation) -> str:
    return f"'Have your say: {consultation.title}'"


def _excerpt(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def response_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """One row per consultation the person answered (their latest answers' time); for staff,
    how the answers came in (signed in, personal link, helped by staff). One query."""
    responses = (
        Response.objects.filter(cocreator=cocreator)
        .select_related("consultation")
        .only("channel", "submitted_at", "updated_at", "consultation__title")
        .order_by("-submitted_at", "-pk")
    )
    rows = []
    for response in story_limited(responses, limit):
        topic = _topic(response.consultation)
        if for_staff:
            title = f"Answered the questions in {topic}"
            detail = response.get_channel_display()
            if response.channel == ResponseChannel.ASSISTED:
                detail = "Assisted: helped by staff, who entered the answers"
        else:
            title = f"You answered the questions in {topic}"
            detail = ""
        rows.append(
            StoryRow(
                when=response.submitted_at,
                kind=KIND,
                title=title,
                detail=detail,
                url=_page(response.consultation_id, for_staff),
            )
        )
    return rows


def contribution_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """The person's ideas and posts, with whether they are shown; the person sees their own
    whatever their state (staff may have hidden one, and they should know). One query."""
    contributions = (
        Contribution.objects.filter(author=cocreator)
        .select_related("consultation")
        .only(
            "kind",
            "title",
            "body",
            "moderation",
            "hidden_reason",
            "crisis_words",
            "removed_at",
            "created_at",
            "consultation__title",
        )
        .order_by("-created_at", "-pk")
    )
    rows = []
    for item in story_limited(contributions, limit):
        topic = _topic(item.consultation)
        idea = item.kind == ContributionKind.IDEA
        what = f"an idea to {topic}" if idea else f"in the discussion of {topic}"
        verb = "added" if idea else "posted"
        words = _excerpt(item.title or item.body)
        if for_staff:
            title = f"{verb.capitalize()} {what}"
            detail = item.get_moderation_display()
            if item.moderation == Moderation.HIDDEN and item.hidden_reason:
                detail += f" ({item.hidden_reason})"
            if item.crisis_words:
                detail += ". Crisis words flagged"
        else:
            title = f"You {verb} {what}"
            detail = _PORTAL_MODERATION.get(item.moderation, "")
        if words:
            detail = f"\u201c{words}\u201d. {detail}"
        rows.append(
            StoryRow(
                when=item.created_at,
                kind=KIND,
                title=title,
                detail=detail,
                url=_page(item.consultation_id, for_staff),
            )
        )
    return rows


def support_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """The ideas the person supported. One query."""
    supports = (
        Support.objects.filter(cocreator=cocreator)
        .select_related("idea__consultation")
        .only("created_at", "idea__title", "idea__body", "idea__consultation__title")
        .order_by("-created_at", "-pk")
    )
    rows = []
    for support in story_limited(supports, limit):
        idea = support.idea
        name = _excerpt(idea.title or idea.body, 60)
        who = "Supported" if for_staff else "You supported"
        rows.append(
            StoryRow(
                when=support.created_at,
                kind=KIND,
                title=f"{who} the idea \u201c{name}\u201d in {_topic(idea.consultation)}",
                url=_page(idea.consultation_id, for_staff),
            )
        )
    return rows


def link_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Personal links made for the person to answer without signing in: staff only (the link
    itself is never shown here). One query."""
    if not for_staff:
        return []
    links = (
        LinkInvitation.objects.filter(cocreator=cocreator)
        .select_related("consultation")
        .only("created_at", "consultation__title")
        .order_by("-created_at", "-pk")
    )
    return [
        StoryRow(
            when=link.created_at,
            kind=KIND,
            title=f"Personal link made to answer {_topic(link.consultation)}",
            url=_page(link.consultation_id, True),
            staff_only=True,
        )
        for link in story_limited(links, limit)
    ]


def report_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """Ideas or posts the person reported through their login, and whether staff have looked.
    Never whose post it was. One query (none without a login)."""
    if cocreator.user_id is None:
        return []
    reports = (
        ContributionReport.objects.filter(reported_by_id=cocreator.user_id)
        .select_related("contribution__consultation")
        .only(
            "created_at",
            "resolved_at",
            "reason",
            "contribution__kind",
            "contribution__consultation__title",
        )
        .order_by("-created_at", "-pk")
    )
    rows = []
    for report in story_limited(reports, limit):
        item = report.contribution
        what = "an idea" if item.kind == ContributionKind.IDEA else "a post"
        who = "Reported" if for_staff else "You reported"
        looked = "Staff have looked at it" if report.resolved_at else "Waiting for staff to look"
        rows.append(
            StoryRow(
                when=report.created_at,
                kind=KIND,
                title=f"{who} {what} in {_topic(item.consultation)}",
                detail=f"{looked}. Why: {_excerpt(report.reason)}",
                url=_page(item.consultation_id, for_staff),
            )
        )
    return rows


def display_name_rows(cocreator, *, for_staff: bool, limit: int | None) -> list[StoryRow]:
    """The name the person's ideas and posts show (when they last chose it). One query."""
    names = DiscussionName.objects.filter(cocreator=cocreator).only("display_name", "updated_at")
    rows = []
    for name in story_limited(names, limit):
        title = (
            f"Chose the name others see in discussions: {name.display_name}"
            if for_staff
            else f"You chose the name others see in discussions: {name.display_name}"
        )
        rows.append(StoryRow(when=name.updated_at, kind=KIND, title=title))
    return rows


def story_sources_register() -> None:
    for key, models, rows_for in (
        (
            "consultations-responses",
            ["consultations.Response", "consultations.Answer"],
            response_rows,
        ),
        ("consultations-contributions", ["consultations.Contribution"], contribution_rows),
        ("consultations-supports", ["consultations.Support"], support_rows),
        ("consultations-links", ["consultations.LinkInvitation"], link_rows),
        ("consultations-reports", ["consultations.ContributionReport"], report_rows),
        ("consultations-display-names", ["consultations.DiscussionName"], display_name_rows),
    ):
        story_source_register(key=key, models=models, rows_for=rows_for)
