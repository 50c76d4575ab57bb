"""Writes that reporting makes: progress updates on the plan's key actions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from community.models import User

from .models import ActionStatus, KeyAction, KeyActionUpdate


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
