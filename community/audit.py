"""The audit trail: who did what to whose record. Every app notes changes to a person here.

A module of its own, below `services` and `messaging`, so both (and every other app) can note an
event without importing each other.
"""

from collections.abc import Iterable

from .models import AuditAction, AuditEvent, User


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    cocreator_id: int | None = None,
    fields: Iterable[str] = (),
    count: int | None = None,
) -> AuditEvent:
    """Note who did what to whose record. Field names only: never the values."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        cocreator_id=cocreator_id,
        fields=sorted(fields),
        count=count,
    )
