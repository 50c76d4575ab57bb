"""Who may reach a partner's access or a support request. Every partner-section view reaches them
through the checks here.

The partner section as a whole is for `Role.PARTNER` (`partner_required`); ending someone's
access takes that role away, so they are refused (403) from their next page. Staff pages are
`staff_required` (community's). Staff reach any access and any request; a partner reaches only
their own requests; everyone else 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role, role_required

from ..models import PartnerAccess, SupportRequest

partner_required = role_required(Role.PARTNER)


def get_partner_access_for_user(user, pk: int) -> PartnerAccess:
    """A partner's access: staff only; everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(
            PartnerAccess.objects.select_related("user", "organisation", "given_by"), pk=pk
        )
    raise Http404


def get_support_request_for_user(user, pk: int) -> SupportRequest:
    """A support request: staff reach any; a partner only one they made; everyone else 404."""
    rows = SupportRequest.objects.select_related("requested_by", "organisation", "handled_by")
    if has_role(user, Role.STAFF):
        return get_object_or_404(rows, pk=pk)
    if has_role(user, Role.PARTNER):
        return get_object_or_404(rows, pk=pk, requested_by=user)
    raise Http404
