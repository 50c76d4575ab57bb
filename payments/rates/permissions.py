"""The one gatekeeper for a payment rate. Keeping rates needs the payments permission
(`payments.permissions.manage_payments_required` on every rates page)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import PaymentRate
from ..permissions import can_manage_payments


def get_rate_for_user(user, pk: int) -> PaymentRate:
    """A payment rate: staff with the payments permission reach any; everyone else 404."""
    if can_manage_payments(user):
        return get_object_or_404(PaymentRate, pk=pk)
    raise Http404
