"""The gatekeepers of the resource pack: one per object type.

Published resources for everyone are public on purpose (`/resources/...`), portal-only ones are
for co-creators (`/portal/resources/...`, behind `cocreator_required`), and drafts and the staff
pages are for staff. Each answers 404 for what the person may not see.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role

from ..models import JargonTerm, Resource, ResourceAudience

# Which audiences each place shows: the public library only the public ones, the portal both.
PUBLIC_AUDIENCES = (ResourceAudience.PUBLIC,)
PORTAL_AUDIENCES = (ResourceAudience.PUBLIC, ResourceAudience.PORTAL)


def get_published_resource(slug: str, *, audiences=PUBLIC_AUDIENCES) -> Resource:
    """A published resource for one of the audiences; a draft or another audience's is 404."""
    return get_object_or_404(
        Resource, slug=slug, is_published=True, audience__in=[str(a) for a in audiences]
    )


def get_resource_for_user(user, pk: int) -> Resource:
    """A resource to keep (drafts too): staff reach any; everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(Resource, pk=pk)
    raise Http404


def get_jargon_term_for_user(user, pk: int) -> JargonTerm:
    """A jargon buster term to change: staff reach any; everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(JargonTerm, pk=pk)
    raise Http404
