"""Who may reach role profiles and the roles people hold: the one check per object type.

Role profiles are public to read (role expectations are part of the resource pack); changing
them, and every person's roles, is for staff only (anyone else is refused by role, 403, before
any number is looked up, and a gatekeeper answers 404 to anyone but staff). Nothing is written
for someone who has left: their person and their roles answer 404 for `write=True`.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import CoCreatorStatus, Role
from community.permissions import get_cocreator_for_user, has_role

from ..models import PersonRole, RoleProfile


def get_role_for_user(user, pk: int) -> RoleProfile:
    """A role profile to change: staff only."""
    if not has_role(user, Role.STAFF):
        raise Http404
    return get_object_or_404(RoleProfile, pk=pk)


def get_person_role_for_user(user, pk: int, *, write: bool = False) -> PersonRole:
    """A role a person holds or held: staff only; not to change once the person has left."""
    if not has_role(user, Role.STAFF):
        raise Http404
    held = get_object_or_404(PersonRole.objects.select_related("cocreator", "role"), pk=pk)
    if write and held.cocreator.status == CoCreatorStatus.LEFT:
        raise Http404
    return held


def get_person_to_give_role(user, pk: int):
    """The person a role is added for: staff only, someone still in the community (404 for an
    unknown person or one who has left)."""
    if not has_role(user, Role.STAFF):
        raise Http404
    cocreator = get_cocreator_for_user(user, pk, write=True)
    if cocreator.status == CoCreatorStatus.LEFT:
        raise Http404
    return cocreator
