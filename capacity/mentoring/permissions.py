"""Who may reach a mentoring pair or a peer group: the one check per object type. Every mentoring
view reaches them through the checks here; a meeting is reached only through its pair or group.

Staff reach any pair or group. A co-creator reaches only a pair they are the mentor or the mentee
of, and only a group they were invited to and have not left (declining an invitation is leaving);
anything else answers 404, so a third person cannot tell a pair exists. In the portal the views
pass `own=True`, so a member of staff who is also a co-creator sees only their own there. The role
checks for whole areas (`staff_required`, `cocreator_required`) are community's.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role

from ..models import Mentoring, PeerGroup, PeerGroupMember


def get_mentoring_for_user(user, pk: int, *, own: bool = False) -> Mentoring:
    """A mentoring pair: staff reach any (unless `own`); a co-creator only one they are the
    mentor or mentee of; everyone else 404."""
    pairs = Mentoring.objects.select_related("mentor", "mentee")
    if has_role(user, Role.STAFF) and not own:
        return get_object_or_404(pairs, pk=pk)
    if has_role(user, Role.COCREATOR):
        return get_object_or_404(pairs.filter(Q(mentor__user=user) | Q(mentee__user=user)), pk=pk)
    raise Http404


def get_peer_group_for_user(user, pk: int, *, own: bool = False) -> PeerGroup:
    """A peer group: staff reach any (unless `own`); a co-creator only one they were invited
    to and have not left; everyone else 404."""
    if has_role(user, Role.STAFF) and not own:
        return get_object_or_404(PeerGroup, pk=pk)
    if has_role(user, Role.COCREATOR):
        invited = PeerGroupMember.objects.filter(cocreator__user=user, left_at__isnull=True)
        return get_object_or_404(PeerGroup.objects.filter(members__in=invited).distinct(), pk=pk)
    raise Http404


def get_membership_for_user(user, group: PeerGroup) -> PeerGroupMember:
    """The signed-in co-creator's own place in a group they reached (invited, not left); 404
    when they have none."""
    if not has_role(user, Role.COCREATOR):
        raise Http404
    return get_object_or_404(
        PeerGroupMember.objects.select_related("cocreator", "group"),
        group=group,
        cocreator__user=user,
        left_at__isnull=True,
    )
