"""Who may reach a reference letter: the one check every view that touches one goes through.

Reference letters are staff only: anyone else gets 404 (a co-creator or steering member is
refused by role, 403, before any number is looked up). A letter for someone who has left is
never written to again (404 for `write=True`), as their record is not.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import CoCreatorStatus, Role
from community.permissions import get_cocreator_for_user, has_role

from ..models import ReferenceLetter


def get_reference_letter_for_user(user, pk: int, *, write: bool = False) -> ReferenceLetter:
    """A reference letter: staff reach any to read, and to change one for someone still here."""
    if not has_role(user, Role.STAFF):
        raise Http404
    letter = get_object_or_404(
        ReferenceLetter.objects.select_related("cocreator", "written_by"), pk=pk
    )
    if write and letter.cocreator.status == CoCreatorStatus.LEFT:
        raise Http404
    return letter


def get_person_to_write_for(user, pk: int):
    """The person a new letter is for: staff only, and only someone still in the community
    (404 for an unknown person or one who has left, even before their record is erased)."""
    cocreator = get_cocreator_for_user(user, pk, write=True)
    if not has_role(user, Role.STAFF) or cocreator.status == CoCreatorStatus.LEFT:
        raise Http404
    return cocreator
