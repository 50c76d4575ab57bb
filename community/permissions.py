"""Who may do what. Every view reaches people's data through the checks here.

The role-by-area table is docs/permissions.md; tests/test_permissions_matrix.py reads it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    Champion,
    CoCreator,
    CoCreatorImportJob,
    ContactLogEntry,
    PartnerOrganisation,
    Role,
)
from .navigation import home_url_for_roles
from .selectors import cocreator_left_at

_ROLE_BY_GROUP = {role.label: role for role in Role}


def user_roles(user) -> frozenset[Role]:
    """The roles a user holds, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_cocreation_roles", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = frozenset(_ROLE_BY_GROUP[n] for n in names if n in _ROLE_BY_GROUP)
        user._cocreation_roles = cached
    return cached


def has_role(user, role: Role) -> bool:
    """Whether the user holds the role."""
    return role in user_roles(user)


def home_url_for(user) -> str:
    """Where a user lands after signing in: their role's home, or the public home."""
    # Each app registers its roles' homes (community.navigation): the staff dashboard is in
    # activities, and community imports nothing from the other apps.
    return home_url_for_roles(user_roles(user))


def role_required(*roles: Role) -> Callable:
    """Let through signed-in users holding any of the roles; others sign in or get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_roles(request.user) & set(roles):
                raise PermissionDenied("This page is not part of your role.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(Role.STAFF)
cocreator_required = role_required(Role.COCREATOR)
steering_required = role_required(Role.STEERING, Role.STAFF)


# --- Gatekeepers: one per object type. Each answers 404 for what the user may not see. ---------
# `write=True` asks for a row to change, not just to read. Only gatekeepers whose readers may see
# more than they may change take it: a left person's record (kept for counts, read-only) here,
# and a journal entry shared with staff (impact). Elsewhere whoever may see a row may change it,
# and the gatekeeper has no `write=`, so a caller cannot believe it checks something it does not.


def get_cocreator_for_user(user, pk: int, *, write: bool = False):
    """A co-creator record: staff reach any; a co-creator only their own; everyone else 404."""
    if has_role(user, Role.STAFF):
        cocreator = get_object_or_404(CoCreator, pk=pk)
        if write:
            # The anonymous row of someone who left is kept for counts, never filled in again.
            if cocreator_left_at(cocreator) is not None:
                raise Http404
        return cocreator
    if has_role(user, Role.COCREATOR):
        return get_object_or_404(CoCreator, pk=pk, user=user)
    raise Http404


def get_partner_for_user(user, pk: int):
    """A partner organisation: staff only."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(PartnerOrganisation, pk=pk)
    raise Http404


def get_champion_for_user(user, pk: int):
    """A champion role: staff only."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(
            Champion.objects.select_related("cocreator", "partner_contact__organisation"), pk=pk
        )
    raise Http404


def get_import_job_for_user(user, pk: int):
    """A spreadsheet import of the register and its progress: staff only (without the file)."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(CoCreatorImportJob.objects.defer("text", "rows_to_add"), pk=pk)
    raise Http404


def can_see_individual_equality_data(user, cocreator) -> bool:
    """The person themself, or staff holding the separate equality-data permission."""
    if cocreator.user_id is not None and cocreator.user_id == user.pk:
        return True
    return has_role(user, Role.STAFF) and user.has_perm("community.view_individual_equality_data")


def get_contact_log_entry_for_user(user, pk: int, *, write: bool = False):
    """A note in someone's contact log: staff only (never the person, never anyone else).

    Writing is refused, as 404, once the person has left: their record is not filled in again.
    """
    if has_role(user, Role.STAFF):
        entry = get_object_or_404(ContactLogEntry.objects.select_related("cocreator"), pk=pk)
        if write and cocreator_left_at(entry.cocreator) is not None:
            raise Http404
        return entry
    raise Http404
