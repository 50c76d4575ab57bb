"""The writes every consultation package builds on: saving a consultation with its activity, and
counting a person's taking part as involvement.

A consultation's `Activity` is how the rest of the product counts it: it carries the level, the
project, the dates (it "starts" when the consultation opens and "ends" when it closes) and one
`Attendance` per co-creator who took part, so the person's story, the report, its rollups and the
centre of gravity count online work with no change of their own. The activity is online, not on
the public calendar (the consultation has its own pages) and unpaid.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from activities.hooks import attendance_recorded
from activities.models import (
    Activity,
    ActivityFormat,
    ActivityPayment,
    ActivitySetting,
    ActivityStatus,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
)
from activities.services import activity_save
from community.models import CoCreator

from .models import Consultation, ConsultationStatus

TITLE_PREFIX = "Have your say: "


def _activity_status(consultation: Consultation) -> str:
    if consultation.has_ended():
        return ActivityStatus.DONE
    return ActivityStatus.PLANNED


def activity_sync(consultation: Consultation) -> Activity:
    """Make the consultation's activity say what the consultation says (not saved here)."""
    activity = getattr(consultation, "activity", None) if consultation.activity_id else None
    if activity is None:
        activity = Activity(
            format=ActivityFormat.ONLINE,
            setting=ActivitySetting.ONLINE,
            payment=ActivityPayment.VOLUNTEER,
            is_public=False,
        )
    activity.title = (TITLE_PREFIX + consultation.title)[:200]
    activity.summary = consultation.summary
    activity.level = consultation.level
    activity.project = consultation.project
    activity.starts_at = consultation.opens_at
    activity.ends_at = consultation.ended_at
    activity.lead = consultation.owner
    activity.audience = consultation.get_audience_display()
    activity.status = _activity_status(consultation)
    return activity


@transaction.atomic
def consultation_save(*, consultation: Consultation, actor) -> Consultation:
    """Save a consultation and its activity together (one transaction)."""
    if consultation.pk is None and consultation.created_by_id is None:
        consultation.created_by = actor
    if consultation.pk is not None:
        # An edit never undoes a publish or close made since the form was opened.
        current = Consultation.objects.select_for_update().get(pk=consultation.pk)
        consultation.status = current.status
        consultation.published_at = current.published_at
        consultation.closed_at = current.closed_at
    if consultation.owner_id is None:
        consultation.owner = actor
    activity = activity_save(activity=activity_sync(consultation))
    consultation.activity = activity
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_set_status(*, consultation: Consultation, status: str, actor) -> Consultation:
    """Publish or close a consultation, keeping its activity in step."""
    now = timezone.now()
    consultation.status = status
    if status == ConsultationStatus.PUBLISHED and consultation.published_at is None:
        consultation.published_at = now
    if status == ConsultationStatus.CLOSED:
        consultation.closed_at = now
    activity_save(activity=activity_sync(consultation))
    consultation.save()
    return consultation


def participation_hours(consultation: Consultation) -> Decimal:
    return (Decimal(consultation.minutes_to_take_part) / 60).quantize(Decimal("0.01"))


def participation_record(*, consultation: Consultation, cocreator: CoCreator | None, actor=None):
    """Count a co-creator's taking part (an answer, an idea, a support or a post) once: one
    attended `Attendance` for the consultation's activity, for the minutes staff set. Public
    answers name nobody and count only on the consultation's own page. Idempotent, and safe
    against two requests at once (the unique constraint on attendance)."""
    if cocreator is None:
        return None
    with transaction.atomic():
        attendance, created = Attendance.objects.get_or_create(
            activity_id=consultation.activity_id,
            cocreator=cocreator,
            defaults={
                "status": AttendanceStatus.ATTENDED,
                "hours": participation_hours(consultation),
                "role": AttendanceRole.PARTICIPANT,
                "recorded_by": actor,
            },
        )
        if not created and attendance.status != AttendanceStatus.ATTENDED:
            attendance.status = AttendanceStatus.ATTENDED
            attendance.hours = participation_hours(consultation)
            attendance.save(update_fields=["status", "hours", "recorded_at"])
            created = True
        if created:
            attendance_recorded(activity=consultation.activity, cocreator_ids=[cocreator.pk])
    return attendance
