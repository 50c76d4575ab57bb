"""Activities' rows in a person's story: places booked (and who booked them) and attendance with
hours. Registered from ActivitiesConfig.ready(); see community/story.py."""

from __future__ import annotations

from django.urls import reverse

from cocreation.lib.dates import session_text
from community.story import StoryRow, story_limited, story_source_register

from .models import Attendance, AttendanceStatus, SignUp, SignUpStatus

_SIGNUP_STAFF = {
    SignUpStatus.BOOKED: "Booked a place",
    SignUpStatus.WAITING: "On the waiting list",
    SignUpStatus.WITHDRAWN: "Withdrew",
}
_SIGNUP_PORTAL = {
    SignUpStatus.BOOKED: "You booked a place",
    SignUpStatus.WAITING: "You joined the waiting list",
    SignUpStatus.WITHDRAWN: "You withdrew",
}
_ATTENDANCE_PORTAL = {
    AttendanceStatus.ATTENDED: "You took part",
    AttendanceStatus.DID_NOT_ATTEND: "You did not come",
    AttendanceStatus.APOLOGIES: "You sent apologies",
}


def _hours(value) -> str:
    hours = f"{value.normalize():f}"
    return f"{hours} hour{'' if value == 1 else 's'}"


def signup_rows(cocreator, *, for_staff: bool, limit: int | None) -> list:
    """Places booked, waited for or given up, newest change first; for staff, who booked it and
    their note. One query."""
    signups = (
        SignUp.objects.filter(cocreator=cocreator)
        .select_related("activity", "booked_by")
        .only(
            "status",
            "booking_note",
            "created_at",
            "updated_at",
            "activity__title",
            "activity__starts_at",
            "activity__ends_at",
            "booked_by__full_name",
            "booked_by__email",
            "booked_by__is_active",
        )
        .order_by("-updated_at", "-pk")
    )
    rows = []
    for signup in story_limited(signups, limit):
        activity = signup.activity
        words = _SIGNUP_STAFF if for_staff else _SIGNUP_PORTAL
        detail = f"Session: {session_text(activity.starts_at, activity.ends_at)}"
        if for_staff:
            if signup.booked_by_id:
                detail += f". Booked by {signup.booked_by.get_full_name()}"
                if signup.booking_note:
                    detail += f": {signup.booking_note}"
            else:
                detail += ". Booked in the portal"
            url = reverse("activities:activity-detail", args=[activity.pk])
        else:
            url = reverse("activities:my-activities")
        rows.append(
            StoryRow(
                when=signup.updated_at,
                kind="Booking",
                title=f"{words.get(signup.status, signup.get_status_display())}: {activity.title}",
                detail=detail,
                url=url,
            )
        )
    return rows


def attendance_rows(cocreator, *, for_staff: bool, limit: int | None) -> list:
    """Sessions attended (with hours and role), missed or sent apologies for. One query."""
    attendances = (
        Attendance.objects.filter(cocreator=cocreator)
        .select_related("activity")
        .only(
            "status",
            "hours",
            "role",
            "walked_in",
            "activity__title",
            "activity__starts_at",
            "activity__ends_at",
        )
        .order_by("-activity__starts_at", "-pk")
    )
    rows = []
    for attendance in story_limited(attendances, limit):
        activity = attendance.activity
        if attendance.status == AttendanceStatus.ATTENDED:
            detail = f"{_hours(attendance.hours)}, as {attendance.get_role_display().lower()}"
            if for_staff and attendance.walked_in:
                detail += ", walked in"
        else:
            detail = ""
        if for_staff:
            title = f"{attendance.get_status_display()}: {activity.title}"
            url = reverse("activities:activity-attendance", args=[activity.pk])
        else:
            title = f"{_ATTENDANCE_PORTAL.get(attendance.status, '')}: {activity.title}"
            url = reverse("activities:my-activities")
        rows.append(
            StoryRow(
                when=activity.starts_at, kind="Attendance", title=title, detail=detail, url=url
            )
        )
    return rows


def story_sources_register() -> None:
    """Activities' sources for a person's story (called from ActivitiesConfig.ready())."""
    story_source_register(
        key="activities-signups", models=["activities.SignUp"], rows_for=signup_rows
    )
    story_source_register(
        key="activities-attendance", models=["activities.Attendance"], rows_for=attendance_rows
    )
