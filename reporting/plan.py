"""The plan tracker: loading the plan's objectives and key actions, and reading them for a page.

The objectives and key actions ship in reporting/reference_data/plan_key_actions.csv (see
SOURCES.md there) and load as rows through a data migration. `load_plan` takes `get_model` so the
migration can call it with its historical models.
"""

import csv
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path

from django.db.models import OuterRef, Subquery

from .models import ActionStatus, KeyAction, KeyActionUpdate, PlanObjective

PLAN_CSV = Path(__file__).resolve().parent / "reference_data" / "plan_key_actions.csv"


def plan_rows() -> list[dict]:
    """The plan's key actions as the shipped file lists them, one dict per action."""
    with PLAN_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_plan(get_model) -> int:
    """Create each objective and key action that is missing; never change one already there.

    Rows are matched by objective number and the action's position, so a second run creates
    nothing and leaves the owner, status and wording that staff may have set. Returns how many
    key actions were created.
    """
    Objective = get_model("reporting", "PlanObjective")
    Action = get_model("reporting", "KeyAction")
    objectives = {}
    created = 0
    for row in plan_rows():
        number = int(row["objective_number"])
        if number not in objectives:
            objectives[number], _ = Objective.objects.get_or_create(
                number=number, defaults={"title": row["objective_title"]}
            )
        _, made = Action.objects.get_or_create(
            objective=objectives[number],
            position=int(row["position"]),
            defaults={
                "text": row["text"],
                "timeframe": row["timeframe"],
                "starts_on": date.fromisoformat(row["starts_on"]),
                "ends_on": date.fromisoformat(row["ends_on"]) if row["ends_on"] else None,
            },
        )
        created += made
    return created


# --- Reading the tracker -----------------------------------------------------------------------


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
