"""Role profiles and the roles people hold: saving a profile (never leading on to itself), giving
a person a role (ambassadors with the forums they represent the trust in) and ending one, each
noted on the person's record's audit trail. Nothing is written for someone who has left."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from community.audit import audit_record
from community.models import AuditAction, CoCreatorStatus

from ..models import Course, PersonRole, RoleProfile

AUDIT_FIELD = "role_held"
SELF_LOOP = "A role cannot lead on to itself. Untick {name} under next roles."
FORUMS_NEEDED = "Enter the forums they represent the trust in, one a line"


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def role_profile_save(
    *,
    role: RoleProfile | None = None,
    name: str,
    what_it_involves: str,
    support_offered: str,
    time_needed: str,
    is_ambassador: bool,
    required_courses: Iterable[Course],
    next_roles: Iterable[RoleProfile],
) -> RoleProfile:
    """Add a role profile (`role` None) or save changes to one, with its required courses and the
    roles it leads on to. Refuses a role leading to itself and a name another role has."""
    next_roles = list(next_roles)
    name = name.strip()
    clash = RoleProfile.objects.filter(name__iexact=name)
    if role is not None:
        clash = clash.exclude(pk=role.pk)
        if any(r.pk == role.pk for r in next_roles):
            raise ValidationError({"next_roles": SELF_LOOP.format(name=role.name)})
    if clash.exists():
        raise ValidationError({"name": f"There is already a role called {name}"})
    role = role or RoleProfile()
    role.name = name
    role.what_it_involves = what_it_involves
    role.support_offered = support_offered
    role.time_needed = time_needed
    role.is_ambassador = is_ambassador
    role.save()
    role.required_courses.set(list(required_courses))
    role.next_roles.set(next_roles)
    return role


@transaction.atomic
def person_role_add(
    *, cocreator, role: RoleProfile, started_on: datetime.date, forums: str = "", actor
) -> PersonRole:
    """Give a person a role from a day. An ambassador role needs the forums they represent the
    trust in; any other keeps none. Noted on the person's audit trail."""
    if cocreator.status == CoCreatorStatus.LEFT:
        raise ValidationError("This person has left the community, so no role can be added.")
    forums = "\n".join(line.strip() for line in forums.splitlines() if line.strip())
    if role.is_ambassador and not forums:
        raise ValidationError({"forums": FORUMS_NEEDED})
    if PersonRole.objects.filter(cocreator=cocreator, role=role, ended_on__isnull=True).exists():
        raise ValidationError(
            {"role": f"{cocreator.full_name} already holds this role. End it first to restart it"}
        )
    held = PersonRole.objects.create(
        cocreator=cocreator,
        role=role,
        started_on=started_on,
        forums=forums if role.is_ambassador else "",
        recorded_by=_user(actor),
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, cocreator_id=cocreator.pk, fields=[AUDIT_FIELD]
    )
    return held


@transaction.atomic
def person_role_end(*, held: PersonRole, ended_on: datetime.date, actor) -> PersonRole:
    """End a role a person holds on a day (not before it started). Noted on their audit trail."""
    if held.cocreator.status == CoCreatorStatus.LEFT:
        raise ValidationError("This person has left the community, so their roles are not changed.")
    if held.ended_on is not None:
        raise ValidationError("This role has already ended.")
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The day it ended must be today or in the past"})
    if ended_on < held.started_on:
        raise ValidationError(
            {"ended_on": "The day it ended must be the same as or after the day it started"}
        )
    held.ended_on = ended_on
    held.save(update_fields=["ended_on"])
    audit_record(
        actor=actor, action=AuditAction.CHANGE, cocreator_id=held.cocreator_id, fields=[AUDIT_FIELD]
    )
    return held
