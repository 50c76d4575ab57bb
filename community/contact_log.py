"""The contact log: staff's dated notes of calls and conversations with a person, and their
follow-ups. Writes (services) and reads (selectors) in one small module of its own.

The notes are staff only: never in the person's portal. They are in the person's data download
(under UK GDPR a subject access request covers them) and go when the person leaves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cocreation.lib.changes import fields_apply

from .audit import audit_record
from .models import AuditAction, CoCreator, ContactLogEntry, User

# The dashboard lists at most this many follow-ups due and links on to the people.
FOLLOW_UPS_SHOWN = 20


@transaction.atomic
def contact_log_entry_add(
    *,
    actor: User,
    cocreator: CoCreator,
    contacted_on: datetime.date,
    method: str,
    summary: str,
    staff_member: User | None = None,
    follow_up_on: datetime.date | None = None,
) -> ContactLogEntry:
    """Write a dated note of a contact with the person (by the signed-in staff member unless
    another is named), and note in the audit trail that the record changed."""
    entry = ContactLogEntry.objects.create(
        cocreator=cocreator,
        contacted_on=contacted_on,
        method=method,
        summary=summary,
        staff_member=staff_member or actor,
        follow_up_on=follow_up_on,
    )
    audit_record(
        actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator.pk, fields=["contact_log"]
    )
    return entry


@transaction.atomic
def contact_log_entry_update(*, actor: User, entry: ContactLogEntry, **values) -> set[str]:
    """Change a note (date, who, how, what, follow-up date); returns the names of the fields
    that changed. A new follow-up date opens the follow-up again."""
    if "follow_up_on" in values and values["follow_up_on"] != entry.follow_up_on:
        values["follow_up_done_at"] = None
    changed = fields_apply(entry, values)
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            cocreator_id=entry.cocreator_id,
            fields=["contact_log"],
        )
    return changed


@transaction.atomic
def contact_log_follow_up_done(*, actor: User, entry: ContactLogEntry, now=None) -> bool:
    """Mark a note's follow-up done; False (and nothing written) if it had none or was done."""
    if entry.follow_up_on is None or entry.follow_up_done_at is not None:
        return False
    entry.follow_up_done_at = now or timezone.now()
    entry.save(update_fields=["follow_up_done_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        cocreator_id=entry.cocreator_id,
        fields=["contact_log"],
    )
    return True


def contact_log_open_follow_ups(cocreator: CoCreator) -> list[ContactLogEntry]:
    """The person's follow-ups not yet done, soonest first. One query."""
    return list(
        ContactLogEntry.objects.filter(
            cocreator=cocreator, follow_up_on__isnull=False, follow_up_done_at__isnull=True
        )
        .select_related("staff_member")
        .order_by("follow_up_on", "pk")
    )


@dataclass(frozen=True)
class FollowUpsDue:
    rows: list[ContactLogEntry]
    more: bool


def follow_ups_due(*, today: datetime.date | None = None, limit: int = FOLLOW_UPS_SHOWN):
    """Follow-ups due by today and not done, oldest first, with each person's name. One query."""
    today = today or timezone.localdate()
    entries = list(
        ContactLogEntry.objects.filter(follow_up_on__lte=today, follow_up_done_at__isnull=True)
        .select_related("cocreator", "staff_member")
        .only(
            "follow_up_on",
            "contacted_on",
            "method",
            "summary",
            "cocreator__full_name",
            "cocreator__preferred_name",
            "staff_member__full_name",
            "staff_member__email",
            "staff_member__is_active",
        )
        .order_by("follow_up_on", "pk")[: limit + 1]
    )
    return FollowUpsDue(rows=entries[:limit], more=len(entries) > limit)
