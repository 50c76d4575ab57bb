"""Writes for partner organisations, their contacts, and community champions."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cocreation.lib.changes import fields_apply, related_set

from ..audit import audit_record
from ..models import AuditAction, Champion, PartnerContact, PartnerOrganisation, User


@transaction.atomic
def partner_create(*, actor: User | None, localities: Iterable = (), **fields):
    """Add a partner organisation, with the localities it works in."""
    partner = PartnerOrganisation(**fields)
    partner.full_clean()
    partner.save()
    partner.localities.set(list(localities))
    return partner


@transaction.atomic
def partner_update(*, actor: User | None, partner, localities: Iterable | None = None, **fields):
    """Change a partner organisation; returns the names of the fields that changed."""
    changed = fields_apply(partner, fields)
    if localities is not None and related_set(partner.localities, localities):
        changed.add("localities")
    return changed


@transaction.atomic
def partner_contact_add(*, actor: User | None, organisation, **fields):
    """Add a contact person to a partner organisation."""
    contact = PartnerContact(organisation=organisation, **fields)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def partner_contact_update(*, actor: User | None, contact, **fields) -> set[str]:
    """Change a partner contact's details; returns the names of the fields that changed."""
    return fields_apply(contact, fields)


@transaction.atomic
def partner_contact_remove(*, actor: User | None, contact) -> None:
    """Remove a partner contact, and with them any champion role they held."""
    contact.delete()


def _champion_check_dates(champion) -> None:
    if champion.until is not None and champion.since and champion.until < champion.since:
        raise ValidationError(
            {"until": "The date the role ended must be the same as or after the date it started."}
        )


def _audit_champion_change(*, actor: User | None, cocreator_id: int | None) -> None:
    # A champion role is part of a co-creator's record; a partner contact is not a co-creator.
    if cocreator_id is not None:
        audit_record(
            actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator_id, fields=["champion"]
        )


@transaction.atomic
def champion_appoint(
    *,
    actor: User | None,
    cocreator=None,
    partner_contact=None,
    communities: str,
    localities: Iterable = (),
    since=None,
    until=None,
):
    """Make a co-creator or a partner contact (exactly one) a Community Co-creation Champion."""
    champion = Champion(
        cocreator=cocreator,
        partner_contact=partner_contact,
        communities=communities,
        since=since or timezone.localdate(),
        until=until,
    )
    _champion_check_dates(champion)
    champion.full_clean()
    champion.save()
    champion.localities.set(list(localities))
    _audit_champion_change(actor=actor, cocreator_id=champion.cocreator_id)
    return champion


@transaction.atomic
def champion_update(
    *, actor: User | None, champion, localities: Iterable | None = None, **fields
) -> set[str]:
    """Change a champion role; returns the names of the fields that changed."""
    before_cocreator_id = champion.cocreator_id
    changed = fields_apply(champion, fields, check=lambda: _champion_check_dates(champion))
    if localities is not None and related_set(champion.localities, localities):
        changed.add("localities")
    if changed:
        _audit_champion_change(actor=actor, cocreator_id=champion.cocreator_id)
        if before_cocreator_id != champion.cocreator_id:
            _audit_champion_change(actor=actor, cocreator_id=before_cocreator_id)
    return changed


@transaction.atomic
def champion_end(*, actor: User | None, champion, until=None):
    """End a champion role on a date (today unless given); the record stays as history."""
    champion.until = until or timezone.localdate()
    _champion_check_dates(champion)
    champion.full_clean()
    champion.save(update_fields=["until"])
    _audit_champion_change(actor=actor, cocreator_id=champion.cocreator_id)
    return champion
