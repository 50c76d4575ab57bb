"""Reads that report out. Every figure here may be seen outside the staff team."""

from django.utils import timezone

from cocreation.lib.disclosure import SafeCount, safe_count
from community.models import Role, User


def community_size() -> dict:
    """Active co-creator accounts as at now, suppressed for small numbers."""
    n = User.objects.filter(is_active=True, groups__name=Role.COCREATOR.label).distinct().count()
    count: SafeCount = safe_count(n)
    return {"count": count, "as_at": timezone.localdate()}
