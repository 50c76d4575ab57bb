"""Who may reach which project or activity. Every view reaches them through the checks here.

One gatekeeper per object type; each answers 404 for what the user may not see. The role checks
for whole areas (`staff_required`, `cocreator_required`) live in `community.permissions`.
Whoever may see a project, activity or sign-up may also change it, so these take no `write=`.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role

from .models import Activity, Project, SignUp


def get_project_for_user(user, pk: int) -> Project:
    """A project: staff reach any (to read or change); everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(Project.objects.select_related("service_area", "lead"), pk=pk)
    raise Http404


def get_activity_for_user(user, pk: int) -> Activity:
    """An activity as staff see it: staff reach any (to read or change); everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(
            Activity.objects.select_related("project", "locality", "lead"), pk=pk
        )
    raise Http404


def get_signup_for_user(user, pk: int):
    """A sign-up: a co-creator reaches only their own; everyone else 404."""
    if has_role(user, Role.COCREATOR):
        return get_object_or_404(
            SignUp.objects.select_related("activity", "cocreator"), pk=pk, cocreator__user=user
        )
    raise Http404
