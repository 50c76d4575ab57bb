"""The one gatekeeper for a claim (and, through it, its expenses and their receipts)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role
from community.selectors import cocreator_left_at

from ..models import Claim, Expense


def get_claim_for_user(user, pk: int, *, for_staff: bool = False, write: bool = False) -> Claim:
    """A claim, or 404.

    On the portal's pages (`for_staff=False`) the signed-in person's own claim only: anyone
    else's answers 404, whatever their role, so a number in the address reaches nothing else.
    On staff pages (`for_staff=True`) staff reach any claim; everyone else 404. `write=True`
    refuses the claim of someone who has left: their record is not filled in again.
    """
    claims = Claim.objects.select_related("cocreator", "activity", "rate")
    if for_staff:
        if not has_role(user, Role.STAFF):
            raise Http404
        claim = get_object_or_404(claims, pk=pk)
    else:
        if not user.is_authenticated:
            raise Http404
        claim = get_object_or_404(claims, pk=pk, cocreator__user=user)
    if write and cocreator_left_at(claim.cocreator) is not None:
        raise Http404
    return claim


def get_expense_for_claim(claim: Claim, pk: int) -> Expense:
    """An expense of a claim the user has already been let through to (else 404)."""
    return get_object_or_404(Expense, pk=pk, claim=claim)
