"""The consultation core: saving keeps its activity in step, and taking part counts once."""

from decimal import Decimal

import pytest

from activities.models import ActivityFormat, ActivityStatus, Attendance, AttendanceStatus
from consultations.models import Consultation, ConsultationLevel, ConsultationStatus
from consultations.services import (
    consultation_save,
    consultation_set_status,
    participation_record,
)
from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_a_consultation_is_an_online_activity_at_its_level_off_the_public_calendar():
    consultation = ConsultationFactory(level=ConsultationLevel.INVOLVE, minutes_to_take_part=30)
    activity = consultation.activity
    assert activity.level == 3
    assert activity.format == ActivityFormat.ONLINE
    assert activity.is_public is False
    assert activity.starts_at == consultation.opens_at
    assert activity.ends_at == consultation.closes_at
    assert activity.status == ActivityStatus.PLANNED
    assert activity.title == f"Have your say: {consultation.title}"


def test_taking_part_counts_once_per_person_for_the_minutes_staff_set():
    consultation = ConsultationFactory(minutes_to_take_part=30)
    person = CoCreatorFactory()
    for _ in range(3):
        participation_record(consultation=consultation, cocreator=person)
    rows = Attendance.objects.filter(activity=consultation.activity)
    assert rows.count() == 1
    row = rows.get()
    assert row.status == AttendanceStatus.ATTENDED
    assert row.hours == Decimal("0.50")


def test_a_public_answer_names_nobody_and_adds_no_attendance():
    consultation = ConsultationFactory()
    assert participation_record(consultation=consultation, cocreator=None) is None
    assert not Attendance.objects.filter(activity=consultation.activity).exists()


def test_an_edit_made_from_an_old_copy_does_not_undo_a_close():
    consultation = ConsultationFactory()
    old_copy = Consultation.objects.get(pk=consultation.pk)
    consultation_set_status(consultation=consultation, status=ConsultationStatus.CLOSED, actor=None)
    old_copy.title = "A clearer topic"
    consultation_save(consultation=old_copy, actor=None)
    fresh = Consultation.objects.get(pk=consultation.pk)
    assert fresh.status == ConsultationStatus.CLOSED
    assert fresh.title == "A clearer topic"
    assert fresh.activity.status == "done"
