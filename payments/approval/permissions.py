"""The one gatekeeper for an export run. Claims are reached through
`payments.permissions.get_claim_for_user(..., for_staff=True)`; acting on either needs the
payments permission (`payments.permissions.manage_payments_required`)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role

from ..models import PaymentExport


def get_export_for_staff(user, pk: int) -> PaymentExport:
    """An export run to finance: staff only; everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(
            PaymentExport.objects.select_related("created_by", "paid_by"), pk=pk
        )
    raise Http404
