"""Reads for the idea board, the discussion and the moderation queue.

Support counts. A support count is a count of people, so it follows the product's rule for
figures about people (`cocreation.lib.disclosure`): staff see it exact, marked as theirs; anyone
else sees it through the small-number rule ("No support yet", "Fewer than 8 people", "About 10
people"). Most platforms show exact counts, but here the board is read by people who know each
other, and "2 people support this" beside a named idea can tell someone who supported it. The
board is still sorted by most supported (the exact count orders it; the order shows no figure),
and each person sees whether they support an idea themself.

Who sees what: staff see everything. Others see ideas and posts that are shown, their own whatever
their state (with "Waiting for a check" or the reason it was hidden), and in place of a hidden one
"Hidden by the team" with no words; other people's ideas and posts waiting for a check are not
listed at all. Names: the writer's chosen `DiscussionName`, "The involvement team" for the team,
never a full name.

Each list is a fixed number of queries, however many rows (tested with 2 and 10).
"""

from __future__ import annotations

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.db.models.fields import BooleanField

from cocreation.lib.disclosure import safe_count
from community.models import Role
from community.permissions import has_role

from ..models import (
    Consultation,
    Contribution,
    ContributionKind,
    ContributionReport,
    Moderation,
    Support,
)
from ..permissions import cocreator_of, may_take_part
from .services import TEAM_NAME

WAITING_NOTE = "Waiting for a check: others will see it once the team has checked it."
HIDDEN_NOTE = "Hidden by the team"


def author_name(contribution: Contribution) -> str:
    if contribution.as_team:
        return TEAM_NAME
    if contribution.removed_at is not None or contribution.author is None:
        return "Someone who has left"
    name = getattr(contribution.author, "discussion_name", None)
    return name.display_name if name is not None else "A co-creator"


def support_text(n: int, exact: bool) -> str:
    """What a support count says."""
    if exact:
        return (
            "No support yet"
            if n == 0
            else f"{n:,} {'person supports' if n == 1 else 'people support'} this"
        )
    shown = safe_count(n)
    if shown.shown == 0:
        return "No support yet"
    if shown.suppressed:
        return "Fewer than 8 people support this"
    return f"About {shown} people support this"


def _visible(rows, *, staff: bool, cocreator):
    if staff:
        return rows
    visible = Q(moderation__in=[Moderation.SHOWN, Moderation.HIDDEN])
    if cocreator is not None:
        visible |= Q(author=cocreator)
    return rows.filter(visible)


def _item(contribution: Contribution, *, staff: bool, cocreator, user) -> dict:
    own = cocreator is not None and contribution.author_id == cocreator.pk
    hidden = contribution.moderation == Moderation.HIDDEN
    shows_words = staff or own or not hidden
    return {
        "pk": contribution.pk,
        "contribution": contribution,
        "name": author_name(contribution),
        "as_team": contribution.as_team,
        "own": own,
        "title": contribution.title if shows_words else "",
        "body": contribution.body if shows_words and contribution.removed_at is None else "",
        "removed": contribution.removed_at is not None,
        "waiting": contribution.moderation == Moderation.WAITING,
        "hidden": hidden,
        "hidden_reason": contribution.hidden_reason if (staff or own) else "",
        "crisis": staff and bool(contribution.crisis_words),
        "created_at": contribution.created_at,
        # Anyone signed in who can see its words may report it; not their own, not the team's.
        "may_report": (
            getattr(user, "is_authenticated", False)
            and not staff
            and not own
            and not contribution.as_team
            and contribution.moderation == Moderation.SHOWN
        ),
    }


def board_context(consultation: Consultation, user) -> dict:
    """What the consultation page's idea board and discussion sections need (its templates
    `consultations/discussion/_board.html` and `_discussion.html` read it as `board`)."""
    staff = has_role(user, Role.STAFF)
    cocreator = cocreator_of(user)
    live = consultation.is_live()
    can_write = live and cocreator is not None and may_take_part(consultation, cocreator)
    context = {
        "consultation": consultation,
        "staff": staff,
        "signed_in": getattr(user, "is_authenticated", False),
        "live": live,
        "can_write": can_write,
        "staff_can_post": staff and live and consultation.discussion_on,
        "ideas_on": consultation.ideas_on,
        "discussion_on": consultation.discussion_on,
        "waiting_note": WAITING_NOTE,
        "hidden_note": HIDDEN_NOTE,
        "ideas": [],
        "posts": [],
    }
    rows = Contribution.objects.filter(consultation=consultation).select_related(
        "author__discussion_name"
    )
    if consultation.ideas_on:
        ideas = _visible(rows.filter(kind=ContributionKind.IDEA), staff=staff, cocreator=cocreator)
        ideas = ideas.annotate(support_count=Count("supports", distinct=True))
        if cocreator is not None:
            ideas = ideas.annotate(
                i_support=Exists(Support.objects.filter(idea=OuterRef("pk"), cocreator=cocreator))
            )
        else:
            ideas = ideas.annotate(i_support=Value(False, output_field=BooleanField()))
        ideas = ideas.order_by("-support_count", "created_at", "pk")
        items = []
        for idea in ideas:
            item = _item(idea, staff=staff, cocreator=cocreator, user=user)
            item["support_text"] = (
                support_text(idea.support_count, exact=staff)
                if idea.moderation == Moderation.SHOWN
                else ""
            )
            item["i_support"] = idea.i_support
            item["may_support"] = (
                can_write and not item["own"] and idea.moderation == Moderation.SHOWN
            )
            items.append(item)
        context["ideas"] = items
        context["idea_count"] = sum(1 for item in items if not item["hidden"] or staff)
    if consultation.discussion_on:
        posts = _visible(
            rows.filter(kind=ContributionKind.POST, reply_to__isnull=True),
            staff=staff,
            cocreator=cocreator,
        )
        replies = _visible(
            rows.filter(kind=ContributionKind.POST), staff=staff, cocreator=cocreator
        ).order_by("created_at", "pk")
        posts = posts.prefetch_related(
            Prefetch("replies", queryset=replies, to_attr="visible_replies")
        ).order_by("created_at", "pk")
        items = []
        for post in posts:
            item = _item(post, staff=staff, cocreator=cocreator, user=user)
            item["replies"] = [
                _item(reply, staff=staff, cocreator=cocreator, user=user)
                for reply in post.visible_replies
            ]
            item["may_reply"] = (can_write and post.moderation == Moderation.SHOWN) or (
                context["staff_can_post"] and not item["hidden"]
            )
            items.append(item)
        context["posts"] = items
    return context


# --- Staff: the moderation queue ------------------------------------------------------------------


def moderation_queue() -> dict:
    """Ideas and posts needing the team, across consultations: crisis words not yet followed up
    first, then the oldest first. An item is here while it waits for a check, has reports not yet
    dealt with, or has crisis words not yet followed up."""
    open_reports = ContributionReport.objects.filter(resolved_at__isnull=True)
    crisis_open = Q(crisis_words__gt="", crisis_followed_up_at__isnull=True)
    rows = (
        Contribution.objects.filter(
            Q(moderation=Moderation.WAITING)
            | Q(Exists(open_reports.filter(contribution=OuterRef("pk"))))
            | crisis_open
        )
        .select_related("consultation", "author__discussion_name", "reply_to")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .annotate(crisis_later=Case(When(crisis_open, then=Value(0)), default=Value(1)))
        .order_by("crisis_later", "created_at", "pk")
    )
    items = []
    for row in rows:
        items.append(
            {
                "contribution": row,
                "consultation": row.consultation,
                "name": author_name(row),
                "crisis": bool(row.crisis_words),
                "crisis_open": bool(row.crisis_words) and row.crisis_followed_up_at is None,
                "reports": row.open_reports,
            }
        )
    return {"items": items, "count": len(items)}
