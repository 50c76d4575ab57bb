"""Reads for the training pages: the staff list and course page, refreshers due, the dashboard
panel, the portal's offer (what suits the person first) and the staff record's section. Each in
a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus
from activities.selectors.portal import activities_open_to
from community.models import CoCreatorStatus, Message
from impact.models import ExperienceResponse

from ..models import Completion, Course, CourseFeedback, CourseRun, CourseSession, PersonRole
from .notices import REFRESHER_KEY

REFRESHER_WINDOW_DAYS = 60  # a refresher is "due" this many days before the completion runs out


def refreshers_due(*, today: datetime.date | None = None):
    """Completions that run out within `REFRESHER_WINDOW_DAYS` (or already have), where the person
    has not completed the course again since and has not left; soonest first."""
    today = today or timezone.localdate()
    later = Completion.objects.filter(
        course=OuterRef("course"),
        cocreator=OuterRef("cocreator"),
        completed_on__gt=OuterRef("completed_on"),
    )
    return (
        Completion.objects.filter(
            expires_on__isnull=False,
            expires_on__lte=today + datetime.timedelta(days=REFRESHER_WINDOW_DAYS),
        )
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .exclude(Exists(later))
        .select_related("course", "cocreator")
        .order_by("expires_on", "pk")
    )


def refreshers_not_yet_told(completions):
    """Those of `completions` no message has been recorded for yet (key `refresher-due:<id>`)."""
    key = Concat(Value(REFRESHER_KEY), Cast(OuterRef("pk"), CharField()))
    return completions.exclude(Exists(Message.objects.filter(key=key)))


@dataclass
class CourseRow:
    course: Course
    runs: int
    completions: int
    due: int


def course_rows() -> list[CourseRow]:
    """Every course, those offered now first, with counts of runs, completions and refreshers
    due. One query."""
    due = refreshers_due().values("pk")
    courses = Course.objects.annotate(
        n_runs=Count("runs", distinct=True),
        n_completions=Count("completions", distinct=True),
        n_due=Count("completions", filter=Q(completions__pk__in=due), distinct=True),
    ).order_by("-is_active", "title", "pk")
    return [
        CourseRow(course=c, runs=c.n_runs, completions=c.n_completions, due=c.n_due)
        for c in courses
    ]


@dataclass
class RunView:
    run: CourseRun
    sessions: list[CourseSession]
    completions: int
    feedback: list[CourseFeedback]
    experience_answers: int


def course_page(course: Course) -> dict:
    """A course's runs (sessions, completions, feedback, experience answers) and its completions.
    Five queries."""
    runs = list(
        CourseRun.objects.filter(course=course)
        .annotate(n_completions=Count("completions"))
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=CourseSession.objects.select_related("activity").order_by(
                    "activity__starts_at", "pk"
                ),
            ),
            Prefetch("feedback", queryset=CourseFeedback.objects.order_by("-created_at", "-pk")),
        )
    )
    answers = dict(
        ExperienceResponse.objects.filter(activity__course_session__run__course=course)
        .values("activity__course_session__run")
        .annotate(n=Count("pk"))
        .values_list("activity__course_session__run", "n")
    )
    completions = (
        Completion.objects.filter(course=course)
        .select_related("cocreator", "run")
        .order_by("-completed_on", "-pk")
    )
    due_ids = set(refreshers_due().filter(course=course).values_list("pk", flat=True))
    return {
        "runs": [
            RunView(
                run=run,
                sessions=list(run.sessions.all()),
                completions=run.n_completions,
                feedback=list(run.feedback.all()),
                experience_answers=answers.get(run.pk, 0),
            )
            for run in runs
        ],
        "completions": [(c, c.pk in due_ids) for c in completions],
    }


def dashboard_panel(user) -> dict:
    """The staff dashboard's training panel: how many refreshers are due (no names). One query."""
    return {"due": refreshers_due().count()}


def _current_roles(cocreator, today):
    return PersonRole.objects.filter(cocreator=cocreator).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )


@dataclass
class OfferItem:
    course: Course
    why: str  # why it suits the person, or ""
    completed: bool
    sessions: list = field(default_factory=list)


def portal_offer(cocreator, *, now=None) -> dict:
    """The training offer for a co-creator: courses for co-creators that are offered now, those
    needed for roles they hold or the next roles on their pathway first, then ones they have not
    completed, then the rest; each with the upcoming sessions they can open to book. Their own
    completions, and the runs they came to (to say what should change). Six queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    roles = _current_roles(cocreator, today)
    held = set(
        Course.objects.filter(needed_for_roles__holders__in=roles).values_list("pk", flat=True)
    )
    next_up = set(
        Course.objects.filter(needed_for_roles__previous_roles__holders__in=roles).values_list(
            "pk", flat=True
        )
    )
    completions = list(
        Completion.objects.filter(cocreator=cocreator)
        .select_related("course")
        .order_by("-completed_on", "-pk")
    )
    done = {c.course_id for c in completions}
    courses = Course.objects.filter(is_active=True, for_cocreators=True).order_by("title", "pk")
    sessions = (
        CourseSession.objects.filter(
            run__course__is_active=True,
            run__course__for_cocreators=True,
            activity__in=activities_open_to(cocreator=cocreator, now=now),
        )
        .select_related("activity", "run")
        .order_by("activity__starts_at", "pk")
    )
    by_course: dict[int, list] = {}
    for session in sessions:
        by_course.setdefault(session.run.course_id, []).append(session)
    items = []
    for course in courses:
        if course.pk in held:
            why = "Needed for a role you hold"
        elif course.pk in next_up:
            why = "Needed for the next role on your pathway"
        else:
            why = ""
        items.append(
            OfferItem(
                course=course,
                why=why,
                completed=course.pk in done,
                sessions=by_course.get(course.pk, []),
            )
        )
    items.sort(key=lambda i: (not i.why, i.completed))  # stable: by title within each group
    came_to = Attendance.objects.filter(
        cocreator=cocreator,
        status=AttendanceStatus.ATTENDED,
        activity__course_session__run=OuterRef("pk"),
    )
    attended_runs = list(
        CourseRun.objects.filter(Exists(came_to)).select_related("course").order_by("-created_at")
    )
    return {"items": items, "completions": completions, "attended_runs": attended_runs}


def record_training_section(cocreator) -> dict:
    """The staff record's "Training" section: completions, and which are due a refresher. Two
    queries."""
    completions = list(
        Completion.objects.filter(cocreator=cocreator)
        .select_related("course")
        .order_by("-completed_on", "-pk")
    )
    due = set(refreshers_due().filter(cocreator=cocreator).values_list("pk", flat=True))
    return {
        "cocreator": cocreator,
        "rows": [(c, c.pk in due) for c in completions],
        "due": len(due),
    }
