"""Reads for the staff pages: projects, activities, sign-ups and attendance."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import (
    LEVEL_MEANINGS,
    Activity,
    ActivityStatus,
    ActivityWhen,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
    Project,
    ProjectObjective,
    SignUp,
    SignUpStatus,
)
from .mix import ZERO, round2


def project_list(*, stage: str = "", status: str = "", objective: str = ""):
    """Projects for the staff list, filtered, each with its activity count and objectives."""
    projects = Project.objects.select_related("service_area", "lead").annotate(
        activity_count=Count("activities", distinct=True)
    )
    if stage:
        projects = projects.filter(stage=stage)
    if status:
        projects = projects.filter(status=status)
    if objective:
        projects = projects.filter(
            Exists(ProjectObjective.objects.filter(project=OuterRef("pk"), objective=objective))
        )
    return projects.prefetch_related(
        Prefetch("objectives", queryset=ProjectObjective.objects.order_by("objective"))
    ).order_by("title", "pk")


@dataclass(frozen=True)
class LevelCount:
    level: EngagementLevel
    meaning: str
    activities: int


def project_level_mix(project) -> list[LevelCount]:
    """How many of a project's activities sit at each engagement level (cancelled left out); one query."""
    counts = dict(
        Activity.objects.filter(project=project)
        .exclude(status=ActivityStatus.CANCELLED)
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    return [
        LevelCount(level, LEVEL_MEANINGS[level], counts.get(level, 0)) for level in EngagementLevel
    ]


ACTIVITY_TIMES = ("evening", "weekend", "either")


def activity_list(
    *,
    when: str = ActivityWhen.UPCOMING,
    level: int | None = None,
    status: str = "",
    project_id: int | None = None,
    locality_id: int | None = None,
    setting: str = "",
    time: str = "",
    now=None,
):
    """Activities for the staff list, filtered, with booked and waiting counts from one query.

    `when` is "upcoming" (soonest first), "past" or "all" (latest first); `time` is "evening",
    "weekend" or "either".
    """
    now = now or timezone.now()
    activities = Activity.objects.select_related("project", "locality").annotate(
        booked_count=Count("signups", filter=Q(signups__status=SignUpStatus.BOOKED)),
        waiting_count=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
    )
    if when == ActivityWhen.UPCOMING:
        activities = activities.filter(starts_at__gte=now).order_by("starts_at", "pk")
    elif when == ActivityWhen.PAST:
        activities = activities.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        activities = activities.order_by("-starts_at", "-pk")
    if level:
        activities = activities.at_level(level)
    if status:
        activities = activities.filter(status=status)
    if project_id:
        activities = activities.filter(project_id=project_id)
    if locality_id:
        activities = activities.filter(locality_id=locality_id)
    if setting:
        activities = activities.filter(setting=setting)
    if time == "evening":
        activities = activities.filter(is_evening=True)
    elif time == "weekend":
        activities = activities.filter(is_weekend=True)
    elif time == "either":
        activities = activities.filter(Q(is_evening=True) | Q(is_weekend=True))
    return activities


def activity_signups(activity) -> tuple[list, list]:
    """An activity's sign-ups with each person: booked in booking order, then the waiting queue."""
    rows = list(
        SignUp.objects.filter(
            activity=activity, status__in=[SignUpStatus.BOOKED, SignUpStatus.WAITING]
        )
        .select_related("cocreator", "booked_by")
        .order_by("created_at", "pk")
    )
    booked = [s for s in rows if s.status == SignUpStatus.BOOKED]
    waiting = [s for s in rows if s.status == SignUpStatus.WAITING]
    return booked, waiting


@dataclass(frozen=True)
class AttendanceSummary:
    attended: int
    did_not_attend: int
    apologies: int
    walked_in: int
    hours: Decimal

    @property
    def recorded(self) -> int:
        return self.attended + self.did_not_attend + self.apologies


def attendance_summary(activity) -> AttendanceSummary:
    """How many came, did not come or sent apologies, walk-ins, and participant-hours; one query."""
    totals = Attendance.objects.filter(activity=activity).aggregate(
        attended=Count("pk", filter=Q(status=AttendanceStatus.ATTENDED)),
        did_not_attend=Count("pk", filter=Q(status=AttendanceStatus.DID_NOT_ATTEND)),
        apologies=Count("pk", filter=Q(status=AttendanceStatus.APOLOGIES)),
        walked_in=Count("pk", filter=Q(walked_in=True, status=AttendanceStatus.ATTENDED)),
        hours=Coalesce(
            Sum("hours", filter=Q(status=AttendanceStatus.ATTENDED)),
            Value(ZERO),
            output_field=DecimalField(),
        ),
    )
    return AttendanceSummary(
        attended=totals["attended"],
        did_not_attend=totals["did_not_attend"],
        apologies=totals["apologies"],
        walked_in=totals["walked_in"],
        hours=round2(totals["hours"]),
    )


@dataclass
class RegisterRow:
    """One person on a session's attendance register."""

    cocreator_id: int
    full_name: str
    booked_at: object = None  # when they booked, if they hold a place
    attendance: Attendance | None = None

    @property
    def walked_in(self) -> bool:
        return self.attendance is not None and self.attendance.walked_in


def attendance_register(activity) -> list[RegisterRow]:
    """Everyone booked on a session (in booking order), then anyone else already recorded (by name).

    Two queries whatever the number of people.
    """
    rows: dict[int, RegisterRow] = {}
    for cocreator_id, full_name, booked_at in (
        activity.signups.filter(status=SignUpStatus.BOOKED)
        .order_by("created_at", "pk")
        .values_list("cocreator_id", "cocreator__full_name", "created_at")
    ):
        rows[cocreator_id] = RegisterRow(cocreator_id, full_name, booked_at)
    others = []
    for attendance in activity.attendances.select_related("cocreator").order_by(
        "cocreator__full_name", "pk"
    ):
        row = rows.get(attendance.cocreator_id)
        if row is None:
            row = RegisterRow(attendance.cocreator_id, attendance.cocreator.full_name)
            others.append(row)
        row.attendance = attendance
    return [*rows.values(), *others]
