"""The one gatekeeper for a series of sessions."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role

from ..models import ActivitySeries


def get_series_for_user(user, pk: int) -> ActivitySeries:
    """A series: staff reach any (to read or change); everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(ActivitySeries.objects.select_related("created_by"), pk=pk)
    raise Http404
