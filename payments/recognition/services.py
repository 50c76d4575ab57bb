"""Reference letters: saving a draft staff wrote from a person's record (audited on the record)."""

from __future__ import annotations

from django.db import transaction

from community.audit import audit_record
from community.models import AuditAction, CoCreatorStatus

from ..models import ReferenceLetter

AUDIT_FIELD = "reference_letter"


class LetterRefused(ValueError):
    """A letter that cannot be written; the message is shown to staff as it is."""


@transaction.atomic
def reference_letter_save(
    *, cocreator, addressed_to: str, body: str, actor, letter: ReferenceLetter | None = None
) -> ReferenceLetter:
    """Write a new reference letter for the person (`letter` None) or save changes to one,
    noting it on their record's audit trail. Nothing is written for someone who has left."""
    if cocreator.status == CoCreatorStatus.LEFT:
        raise LetterRefused("This person has left the community, so no letter can be written.")
    if letter is not None and letter.cocreator_id != cocreator.pk:
        raise LetterRefused("This letter is for someone else.")
    creating = letter is None
    if creating:
        letter = ReferenceLetter(cocreator=cocreator, written_by=_user(actor))
    elif (letter.addressed_to, letter.body) == (addressed_to, body):
        return letter
    letter.addressed_to, letter.body = addressed_to, body
    letter.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.CHANGE,
        cocreator_id=cocreator.pk,
        fields=[AUDIT_FIELD],
    )
    return letter


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None
