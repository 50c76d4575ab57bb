"""Who may reach a course or a run. Every training view reaches them through the checks here.

Staff reach any course or run (to read or change); everyone else 404. A co-creator reaches a run
in the portal only to say what should change in it, and only a run they came to a session of.
The role checks for whole areas (`staff_required`, `cocreator_required`) are community's.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from activities.models import AttendanceStatus
from community.models import Role
from community.permissions import has_role

from ..models import Course, CourseRun


def get_course_for_user(user, pk: int) -> Course:
    """A course: staff reach any; everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(Course.objects.select_related("partner"), pk=pk)
    raise Http404


def get_run_for_user(user, pk: int) -> CourseRun:
    """A course's run: staff reach any; everyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(CourseRun.objects.select_related("course"), pk=pk)
    raise Http404


def get_attended_run_for_cocreator(user, cocreator, pk: int) -> CourseRun:
    """A run as a co-creator reaches it to give feedback: only one they attended a session of;
    any other (or anyone who is not a co-creator) 404."""
    if not has_role(user, Role.COCREATOR):
        raise Http404
    return get_object_or_404(
        CourseRun.objects.select_related("course")
        .filter(
            sessions__activity__attendances__cocreator=cocreator,
            sessions__activity__attendances__status=AttendanceStatus.ATTENDED,
        )
        .distinct(),
        pk=pk,
    )
