"""Who may reach a claim or an export run as staff, and who may act on them.

One gatekeeper per object type; each answers 404 for what the user may not see. Any involvement
staff member may read claims and exports; approving, returning, exporting, marking paid, payroll
numbers and budgets need the `payments.manage_payments` permission as well (403 without it).
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role, staff_required

from ..models import Claim, PaymentExport

MANAGE_PAYMENTS = "payments.manage_payments"


def can_manage_payments(user) -> bool:
    """Whether a member of staff may approve, return, export and mark claims paid."""
    return has_role(user, Role.STAFF) and user.has_perm(MANAGE_PAYMENTS)


def manage_payments_required(view: Callable) -> Callable:
    """Staff holding `payments.manage_payments`: others sign in (anonymous) or get 403."""

    @staff_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_manage_payments(request.user):
            raise PermissionDenied("Only staff who manage payments can do this.")
        return view(request, *args, **kwargs)

    return wrapped


def get_claim_for_staff(user, pk: int) -> Claim:
    """A claim as staff review it: staff reach any claim; everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(
            Claim.objects.select_related(
                "cocreator",
                "activity__project",
                "rate",
                "submitted_by",
                "returned_by",
                "approved_by",
                "second_approved_by",
                "paid_by",
            ),
            pk=pk,
        )
    raise Http404


def get_export_for_staff(user, pk: int) -> PaymentExport:
    """An export run to finance: staff only; everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(
            PaymentExport.objects.select_related("created_by", "paid_by"), pk=pk
        )
    raise Http404
