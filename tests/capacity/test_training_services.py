"""Training's services: completions from attendance, completions recorded by hand, refreshers due
and the message that tells a person once. The done-when: a course run booked, attended and
completed with an expiry that later shows as due."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from activities.models import AttendanceStatus
from activities.services import AttendanceLine, attendance_record_session, signup_create
from capacity.models import Completion, CompletionSource
from capacity.training.selectors import refreshers_due
from capacity.training.services import completion_record, refreshers_notify
from community.models import AuditEvent, CoCreatorStatus, Message
from tests.activities.factories import ActivityFactory
from tests.capacity.training_factories import (
    CompletionFactory,
    CourseFactory,
    CourseRunFactory,
    CourseSessionFactory,
)
from tests.community.factories import CoCreatorFactory

UK = timezone.get_current_timezone()


def _at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=UK)


def _register(activity, people, staff, status=AttendanceStatus.ATTENDED):
    attendance_record_session(
        activity=activity,
        lines=[AttendanceLine(cocreator_id=p.pk, status=status) for p in people],
        actor=staff,
    )


@pytest.mark.django_db
def test_a_run_booked_attended_and_completed_shows_as_due_before_it_expires(staff_member):
    course = CourseFactory(expires_after_months=36)
    run = CourseRunFactory(course=course)
    with time_machine.travel(_at(2026, 3, 2, 9), tick=False):
        first = ActivityFactory(starts_at=_at(2026, 3, 10), ends_at=_at(2026, 3, 10, 12))
        second = ActivityFactory(starts_at=_at(2026, 3, 17), ends_at=_at(2026, 3, 17, 12))
        CourseSessionFactory(run=run, activity=first)
        CourseSessionFactory(run=run, activity=second)
        person = CoCreatorFactory()
        for activity in (first, second):
            signup_create(activity_id=activity.pk, cocreator=person)
    with time_machine.travel(_at(2026, 3, 10, 13), tick=False):
        _register(first, [person], staff_member)
        assert not Completion.objects.exists()  # one required session still to come
    with time_machine.travel(_at(2026, 3, 17, 13), tick=False):
        _register(second, [person], staff_member)
        _register(second, [person], staff_member)  # recorded again: still one
    completion = Completion.objects.get()
    assert completion.completed_on == dt.date(2026, 3, 17)
    assert completion.expires_on == dt.date(2029, 3, 17)
    assert completion.source == CompletionSource.ATTENDANCE
    assert completion.run == run
    with time_machine.travel(_at(2029, 1, 10), tick=False):
        assert list(refreshers_due()) == []
    with time_machine.travel(_at(2029, 1, 20), tick=False):  # within 60 days
        assert list(refreshers_due()) == [completion]
        assert refreshers_notify() == 1
        assert refreshers_notify() == 0  # told once
    message = Message.objects.get(key=f"refresher-due:{completion.pk}")
    assert message.kind == "refresher_due"


@pytest.mark.django_db
def test_missing_a_required_session_makes_no_completion_but_optional_ones_do_not_count(
    staff_member,
):
    run = CourseRunFactory()
    required = CourseSessionFactory(run=run).activity
    optional = CourseSessionFactory(run=run, required=False).activity
    came, missed = CoCreatorFactory(), CoCreatorFactory()
    _register(required, [came], staff_member)
    _register(required, [missed], staff_member, status=AttendanceStatus.DID_NOT_ATTEND)
    _register(optional, [missed], staff_member)
    assert list(Completion.objects.values_list("cocreator_id", flat=True)) == [came.pk]
    assert Completion.objects.get().expires_on is None  # the course does not expire


@pytest.mark.django_db
def test_an_activity_that_is_no_course_session_makes_nothing(staff_member):
    _register(ActivityFactory(), [CoCreatorFactory()], staff_member)
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_completion_recorded_by_hand_is_audited_and_made_once(staff_member):
    course = CourseFactory(expires_after_months=12)
    person = CoCreatorFactory()
    day = dt.date(2026, 1, 31)
    before = AuditEvent.objects.filter(cocreator_id=person.pk).count()
    completion, created = completion_record(
        course=course, cocreator=person, completed_on=day, actor=staff_member
    )
    assert created and completion.expires_on == dt.date(2027, 1, 31)
    assert completion.source == CompletionSource.RECORDED
    _, again = completion_record(
        course=course, cocreator=person, completed_on=day, actor=staff_member
    )
    assert not again
    events = AuditEvent.objects.filter(cocreator_id=person.pk)
    assert events.count() == before + 1
    assert events.first().fields == ["course_completions"]


@pytest.mark.django_db
def test_a_later_completion_or_leaving_means_no_refresher_is_due():
    course = CourseFactory(expires_after_months=12)
    today = timezone.localdate()
    old = CompletionFactory(
        course=course,
        completed_on=today - dt.timedelta(days=400),
        expires_on=today - dt.timedelta(days=35),
    )
    assert list(refreshers_due()) == [old]
    CompletionFactory(course=course, cocreator=old.cocreator, completed_on=today)
    assert list(refreshers_due()) == []
    left = CompletionFactory(
        course=course,
        cocreator=CoCreatorFactory(status=CoCreatorStatus.LEFT),
        completed_on=today - dt.timedelta(days=400),
        expires_on=today,
    )
    assert left not in refreshers_due()
    assert refreshers_notify() == 0


@pytest.mark.django_db
def test_demo_build_makes_the_offer_once_with_refreshers_due():
    from capacity.training.demo import demo_build

    CoCreatorFactory.create_batch(4)
    assert demo_build() == 6
    assert demo_build() == 0
    assert refreshers_due().exists()
