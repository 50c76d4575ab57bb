"""Reads of the plan tracker: objectives with their key actions and each action's updates."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import OuterRef, Subquery

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


def key_actions_with_latest_update():
    """Key actions with their objective and the date and text of their newest update."""
    newest = KeyActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-written_on", "-pk")
    return KeyAction.objects.select_related("objective").annotate(
        latest_update_on=Subquery(newest.values("written_on")[:1]),
        latest_update_text=Subquery(newest.values("text")[:1]),
    )


def plan_progress() -> list[ObjectiveProgress]:
    """Every objective with its key actions grouped by timeframe, and a count of each status."""
    progress = {o.pk: ObjectiveProgress(objective=o) for o in PlanObjective.objects.all()}
    actions = key_actions_with_latest_update().order_by("objective__number", "position")
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
    for item in progress.values():
        if not item.counts:
            item.counts = [(status.label, 0) for status in ActionStatus]
    return list(progress.values())


def key_action_updates(action: KeyAction):
    """An action's dated updates, newest first, with who wrote each."""
    return action.updates.select_related("author").order_by("-written_on", "-pk")
