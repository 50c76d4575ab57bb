"""Who may do what with payments, for every feature package: the payments permission, and the one
gatekeeper for a claim (and, through it, its expenses and their receipts).

Any involvement staff member may read claims, exports, budgets and spend and help a person with
their claim. Keeping rates and budgets, approving, returning, exporting, marking paid and payroll
numbers need `payments.manage_payments` as well: other staff get a 403 page that says why and who
to ask; co-creators and steering members are refused by role before that (403), and an anonymous
visitor is sent to sign in.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import Permission
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from community.models import Role
from community.permissions import has_role, staff_required
from community.selectors import cocreator_left_at

from .models import Claim, Expense

MANAGE_PAYMENTS = "payments.manage_payments"
NO_PERMISSION_TEMPLATE = "payments/no_permission.html"


def manage_payments_permission() -> Permission:
    """The `payments.manage_payments` permission row, to give to a member of staff."""
    app_label, codename = MANAGE_PAYMENTS.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def can_manage_payments(user) -> bool:
    """Involvement staff holding the payments permission (rates, budgets, approval, exports)."""
    return has_role(user, Role.STAFF) and user.has_perm(MANAGE_PAYMENTS)


def manage_payments_required(view: Callable) -> Callable:
    """Staff only (others sign in or get 403 by role), and then only with the permission: other
    staff get a 403 page that says why and who to ask."""

    @staff_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_manage_payments(request.user):
            return render(request, NO_PERMISSION_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def get_claim_for_user(user, pk: int, *, for_staff: bool = False, write: bool = False) -> Claim:
    """A claim, or 404.

    On the portal's pages (`for_staff=False`) the signed-in person's own claim only: anyone
    else's answers 404, whatever their role, so a number in the address reaches nothing else.
    On staff pages (`for_staff=True`) staff reach any claim; everyone else 404. `write=True`
    refuses the claim of someone who has left: their record is not filled in again.
    """
    claims = Claim.objects.select_related(
        "cocreator",
        "activity__project",
        "rate",
        "submitted_by",
        "returned_by",
        "approved_by",
        "second_approved_by",
        "paid_by",
    )
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
