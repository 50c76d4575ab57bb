"""Reads of the plan tracker: objectives with their key actions, each action's updates, and the
pages of the product that evidence an action."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from urllib.parse import urlsplit

from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from capacity import plan_evidence
from community.models import Role
from community.permissions import user_roles

from .models import ActionStatus, KeyAction, KeyActionUpdate, PlanObjective


@dataclass
class TimeframeGroup:
    timeframe: str
    actions: list


@dataclass
class ObjectiveProgress:
    objective: PlanObjective
    groups: list[TimeframeGroup] = field(default_factory=list)
    # (status label, number of actions) for every status, in the order ActionStatus lists them.
    counts: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0
    # Actions whose timeframe has ended and that are not done (whatever their status says).
    overdue: int = 0


def key_actions_with_latest_update(today: date | None = None):
    """Key actions with their objective, the date and text of their newest update, and whether
    they are overdue on `today` (their timeframe has ended and they are not done)."""
    today = today or timezone.localdate()
    newest = KeyActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-written_on", "-pk")
    return (
        KeyAction.objects.select_related("objective")
        .with_overdue(today)
        .annotate(
            latest_update_on=Subquery(newest.values("written_on")[:1]),
            latest_update_text=Subquery(newest.values("text")[:1]),
        )
    )


# How urgent each reason for attention is: what staff flagged first, then what time says.
_ATTENTION_ORDER = Case(
    When(status=ActionStatus.OFF_TRACK, then=Value(0)),
    When(status=ActionStatus.AT_RISK, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def actions_needing_attention(today: date | None = None):
    """Key actions at risk, off track or overdue on `today`, the most urgent first.

    Off track first, then at risk, then the rest (overdue only); within each, the one whose
    timeframe ended earliest first, then in the plan's order. One query.
    """
    today = today or timezone.localdate()
    return (
        KeyAction.objects.select_related("objective")
        .with_overdue(today)
        .needing_attention(today)
        .annotate(attention_order=_ATTENTION_ORDER)
        .order_by(
            "attention_order", F("ends_on").asc(nulls_last=True), "objective__number", "position"
        )
    )


def plan_progress(today: date | None = None, *, user=None) -> list[ObjectiveProgress]:
    """Every objective with its key actions grouped by timeframe, a count of each status and of
    the actions overdue on `today`; with `user`, each action's `evidence` as they may open it."""
    progress = {o.pk: ObjectiveProgress(objective=o) for o in PlanObjective.objects.all()}
    actions = key_actions_with_latest_update(today).order_by("objective__number", "position")
    for objective_id, rows in groupby(actions, key=lambda a: a.objective_id):
        rows = list(rows)
        item = progress[objective_id]
        if user is not None:
            evidence_attach(rows, user)
        item.groups = [
            TimeframeGroup(timeframe=timeframe, actions=list(group))
            for timeframe, group in groupby(rows, key=lambda a: a.timeframe)
        ]
        item.counts = [
            (status.label, sum(1 for a in rows if a.status == status)) for status in ActionStatus
        ]
        item.total = len(rows)
        item.overdue = sum(1 for a in rows if a.overdue)
    for item in progress.values():
        if not item.counts:
            item.counts = [(status.label, 0) for status in ActionStatus]
    return list(progress.values())


def key_action_updates(action: KeyAction):
    """An action's dated updates, newest first, with who wrote each."""
    return action.updates.select_related("author").order_by("-written_on", "-pk")


# --- Evidence in the product ----------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceLink:
    """A page that shows the work on a key action; `can_open`: the viewer may open it, so it is a
    link (otherwise the page is named in plain text, not linked to a page that would refuse)."""

    label: str
    url: str
    can_open: bool
    who_for: str = ""  # whose pages these are, said beside one shown as plain text


# The steering report evidences objective 4's figures (capacity names no reporting URL, so the
# report adds itself here): its section on training, plans, mentoring and accreditation.
REPORT_SECTION = (
    "The steering report: building confidence and capacity",
    "reporting:home",
    "report-capacity",  # the section's id on the report page
)
REPORT_EVIDENCE_ACTIONS = frozenset({1, 2, 6, 10, 12, 15, 16})

# Who may open a page, by the part of the site its path is in (docs/permissions.md): staff pages
# for staff, the portal for co-creators, the partner section for partners, the reports for the
# steering group and staff. Any other page is public.
PAGE_AREAS = (
    ("/staff/", frozenset({Role.STAFF}), "a page for the involvement team"),
    ("/portal/", frozenset({Role.COCREATOR}), "a page in the co-creators' portal"),
    ("/partners/", frozenset({Role.PARTNER}), "a page in the partner section"),
    ("/reports/", frozenset({Role.STEERING, Role.STAFF}), "a page for the steering group"),
)


def page_area(url: str) -> tuple[frozenset[Role] | None, str]:
    """The roles that may open a page of the site (None: everyone) and whose pages they are."""
    path = urlsplit(url).path
    for prefix, roles, who_for in PAGE_AREAS:
        if path.startswith(prefix):
            return roles, who_for
    return None, "a public page"


def can_open_page(user, url: str) -> bool:
    """Whether the user's roles let them open a page of the site, by the area its path is in."""
    roles, _ = page_area(url)
    return roles is None or bool(user_roles(user) & roles)


def _evidence_pages(objective_number: int, position: int) -> list[tuple[str, str]]:
    """(label, url) of each page that evidences a key action, in the order shown."""
    if objective_number != plan_evidence.OBJECTIVE:
        return []
    pages = [(label, reverse(name)) for label, name in plan_evidence.EVIDENCE.get(position, [])]
    if position in REPORT_EVIDENCE_ACTIONS:
        label, name, anchor = REPORT_SECTION
        pages.append((label, f"{reverse(name)}#{anchor}"))
    return pages


def action_evidence(action: KeyAction, user) -> list[EvidenceLink]:
    """The pages of the product that evidence a key action, each marked as the user may open it
    or not. No queries (the action's objective is selected with it)."""
    return [
        EvidenceLink(
            label=label, url=url, can_open=can_open_page(user, url), who_for=page_area(url)[1]
        )
        for label, url in _evidence_pages(action.objective.number, action.position)
    ]


def evidence_attach(actions: Iterable[KeyAction], user) -> None:
    """Set each action's `evidence` (see `action_evidence`)."""
    for action in actions:
        action.evidence = action_evidence(action, user)
