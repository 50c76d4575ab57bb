"""Who may keep payment rates: involvement staff holding the payments permission.

Other staff are refused (403) with a plain reason; co-creators and steering members are refused
by role before that, and an anonymous visitor is sent to sign in. A rate is reached only through
`get_rate_for_user`, which answers 404 for an unknown rate and for anyone without the permission.
"""

from collections.abc import Callable
from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from community.models import Role
from community.permissions import has_role, staff_required

from ..models import PaymentRate

MANAGE_PAYMENTS = "payments.manage_payments"


def can_manage_payments(user) -> bool:
    """Involvement staff holding the payments permission (rates, budgets, approval, exports)."""
    return has_role(user, Role.STAFF) and user.has_perm(MANAGE_PAYMENTS)


def payments_manager_required(view: Callable) -> Callable:
    """Staff only (others sign in or get 403 by role), and then only with the permission: other
    staff get a 403 page that says why and who to ask."""

    @staff_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_manage_payments(request.user):
            return render(request, "payments/rates/no_permission.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def get_rate_for_user(user, pk: int) -> PaymentRate:
    """A payment rate: staff with the payments permission reach any; everyone else 404."""
    if can_manage_payments(user):
        return get_object_or_404(PaymentRate, pk=pk)
    raise Http404
