"""Reads of the plan tracker: objectives with their key actions and each action's updates."""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.utils import timezone

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


def plan_progress(today: date | None = None) -> list[ObjectiveProgress]:
    """Every objective with its key actions grouped by timeframe, a count of each status and of
    the actions overdue on `today`."""
    progress = {o.pk: ObjectiveProgress(objective=o) for o in PlanObjective.objects.all()}
    actions = key_actions_with_latest_update(today).order_by("objective__number", "position")
    for objective_id, rows in groupby(actions, key=lambda a: a.objective_id):
        rows = list(rows)
        item = progress[objective_id]
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
