"""Writes to the plan tracker: loading the plan's objectives and key actions, and progress
updates on them.

The objectives and key actions ship in reporting/reference_data/plan_key_actions.csv (see
SOURCES.md there) and load as rows through a data migration. `load_plan` takes `get_model` so the
migration can call it with its historical models.
"""

import csv
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from community.models import User

from .models import ActionStatus, KeyAction, KeyActionUpdate

PLAN_CSV = Path(__file__).resolve().parent.parent / "reference_data" / "plan_key_actions.csv"


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


@transaction.atomic
def key_action_update(
    *,
    action: KeyAction,
    status: str,
    text: str,
    written_on: date,
    author: User,
    owner: str | None = None,
) -> KeyActionUpdate:
    """Record a dated update on a key action and set the action's status (and owner, if given).

    The status given is the action's status now, so it becomes the action's status whatever the
    update's date. Raises ValidationError, writing nothing, for a date in the future, empty text
    or an unknown status. Not written to the audit trail: that trail is about people's records,
    and the update itself keeps who wrote it and when.
    """
    errors = {}
    if status not in ActionStatus.values:
        errors["status"] = "Choose the action's status"
    if not text.strip():
        errors["text"] = "Enter the update"
    if written_on > timezone.localdate():
        errors["written_on"] = "Date of update must be today or in the past"
    if errors:
        raise ValidationError(errors)
    update = KeyActionUpdate.objects.create(
        action=action, written_on=written_on, status=status, text=text.strip(), author=author
    )
    action.status = status
    changed = ["status", "updated_at"]
    if owner is not None:
        action.owner = owner.strip()
        changed.append("owner")
    action.save(update_fields=changed)
    return update
