"""Who may reach a panel member's seat, an accredited service's public page and a piece of
evidence as a reviewer. Every panel view reaches them through the checks here; each answers 404
for what the person may not see.

An application itself (a panel's page, the decision) is reached through applying's
`get_application_for_user` (staff any). A seat (`PanelMember`): staff reach any, to read; only the
reviewer in it may change it (`write=True`), staff or co-creator; everyone else 404. A reviewer
reaches the evidence of the application they sit on, and only that. The public reaches an
application only while it is accredited now. The role checks for whole areas (`staff_required`,
`cocreator_required`) come first.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from community.models import Role
from community.permissions import has_role

from ...models import AccreditationEvidence, PanelMember
from .selectors import accredited_now


def get_panel_member_for_user(
    user, pk: int, *, write: bool = False, own: bool = False
) -> PanelMember:
    """A panel seat: staff reach any to read (not with `own`, which the portal passes, so there a
    member of staff who is also a co-creator reaches only their own); the reviewer in it reaches
    their own (to read or change); everyone else 404."""
    rows = PanelMember.objects.select_related(
        "user", "application__service", "application__framework"
    )
    if not user.is_authenticated:
        raise Http404
    if has_role(user, Role.STAFF) and not write and not own:
        return get_object_or_404(rows, pk=pk)
    return get_object_or_404(rows, pk=pk, user=user)


def get_evidence_for_panel_member(member: PanelMember, pk: int) -> AccreditationEvidence:
    """A piece of evidence of the application the seat is on (the seat from
    `get_panel_member_for_user`); any other 404."""
    return get_object_or_404(
        AccreditationEvidence.objects.select_related("assessment"),
        pk=pk,
        assessment__application_id=member.application_id,
    )


def get_accredited_application(pk: int, *, today: datetime.date | None = None):
    """An application for its public page: only one that is accredited now; any other 404."""
    today = today or timezone.localdate()
    return get_object_or_404(
        accredited_now(today=today).select_related("service", "framework"), pk=pk
    )
