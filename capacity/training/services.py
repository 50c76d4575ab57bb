"""Writes for the training offer: courses, runs and their sessions, completions (recorded by staff
or made from attendance), feedback on a run, and telling people a refresher is due."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from activities.models import Activity, Attendance, AttendanceStatus
from community.audit import audit_record
from community.models import AuditAction, CoCreator, User

from ..models import (
    Completion,
    CompletionSource,
    Course,
    CourseFeedback,
    CourseRun,
    CourseSession,
)
from .notices import refresher_due_send
from .selectors import refreshers_due, refreshers_not_yet_told


def expiry_for(course: Course, completed_on: datetime.date) -> datetime.date | None:
    """When a completion of the course runs out: `expires_after_months` later, or never."""
    if not course.expires_after_months:
        return None
    return completed_on + relativedelta(months=course.expires_after_months)


@transaction.atomic
def course_save(*, course: Course) -> Course:
    """Add or change a course (the form has checked it)."""
    course.save()
    return course


@transaction.atomic
def run_add(*, course: Course, name: str) -> CourseRun:
    """Add a run (a cohort) of a course."""
    return CourseRun.objects.create(course=course, name=name)


@transaction.atomic
def session_add(*, run: CourseRun, activity: Activity, required: bool) -> CourseSession:
    """Make an existing activity one of the run's sessions, needed to complete it or not."""
    return CourseSession.objects.create(run=run, activity=activity, required=required)


@transaction.atomic
def completion_record(
    *, course: Course, cocreator: CoCreator, completed_on: datetime.date, actor: User
) -> tuple[Completion, bool]:
    """Record by hand that a person completed a course on a day (once a day); audited on their
    record. Returns the completion and whether it is new."""
    completion, created = Completion.objects.get_or_create(
        course=course,
        cocreator=cocreator,
        completed_on=completed_on,
        defaults={
            "expires_on": expiry_for(course, completed_on),
            "source": CompletionSource.RECORDED,
            "recorded_by": actor,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            cocreator_id=cocreator.pk,
            fields=["course_completions"],
        )
    return completion, created


def completions_from_attendance(*, activity: Activity, cocreator_ids: list[int]) -> int:
    """Activities' attendance hook: when a course session's register is recorded, everyone in it
    who attended every required session of its run has completed the course, on the UK day of
    the last required session. Made once. Returns how many completions are new."""
    session = CourseSession.objects.select_related("run__course").filter(activity=activity).first()
    if session is None:
        return 0
    run = session.run
    required = list(
        CourseSession.objects.filter(run=run, required=True).values_list(
            "activity_id", "activity__starts_at"
        )
    )
    if not required:
        return 0
    activity_ids = [pk for pk, _ in required]
    done = (
        Attendance.objects.filter(
            activity_id__in=activity_ids,
            cocreator_id__in=cocreator_ids,
            status=AttendanceStatus.ATTENDED,
        )
        .values("cocreator_id")
        .annotate(n=Count("activity_id", distinct=True))
        .filter(n=len(activity_ids))
        .values_list("cocreator_id", flat=True)
    )
    completed_on = timezone.localtime(max(starts for _, starts in required)).date()
    expires_on = expiry_for(run.course, completed_on)
    made = 0
    for cocreator_id in done:
        _, created = Completion.objects.get_or_create(
            course=run.course,
            cocreator_id=cocreator_id,
            completed_on=completed_on,
            defaults={"expires_on": expires_on, "source": CompletionSource.ATTENDANCE, "run": run},
        )
        made += created
    return made


@transaction.atomic
def feedback_add(*, run: CourseRun, cocreator: CoCreator, text: str) -> CourseFeedback:
    """Keep what a person who came to a run says should change in the course."""
    return CourseFeedback.objects.create(run=run, cocreator=cocreator, what_should_change=text)


def refreshers_notify(*, today: datetime.date | None = None) -> int:
    """Tell each person whose completion is due for a refresher (`refreshers_due`), once per
    completion. The daily beat task's body. Returns how many were told now."""
    told = 0
    for completion in refreshers_not_yet_told(refreshers_due(today=today)):
        with transaction.atomic():
            refresher_due_send(completion=completion)
        told += 1
    return told
