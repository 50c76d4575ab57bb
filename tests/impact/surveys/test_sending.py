"""Survey invitations are created when due and sent exactly once, with at most two reminders."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from activities.models import Attendance, SignUp, SignUpStatus
from cocreation.celery import app as celery_app
from community.models import CoCreatorStatus
from impact import swemwbs
from impact.models import SurveyInvitation, SurveyKind, WellbeingResponse
from impact.services.surveys import survey_invitations_create_due, survey_opt_out, survey_send_due
from impact.tasks import send_due_surveys
from tests.activities.factories import ActivityFactory, AttendanceFactory
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def ten_in_the_morning(time_machine):
    """Invitations go from 09:00 UK time: unless a test says otherwise, it is 10:00."""
    time_machine.move_to(datetime(2026, 3, 10, 10, tzinfo=LONDON), tick=False)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a survey send and let the messages it queued go (tasks are eager in tests)."""

    def run_it(send, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(**kwargs)

    return run_it


def attended(activity, person, *, recorded_at=None):
    """Attendance recorded when the session ended, unless told when."""
    attendance = AttendanceFactory(activity=activity, cocreator=person)
    Attendance.objects.filter(pk=attendance.pk).update(recorded_at=recorded_at or activity.ends_at)
    return attendance


def test_an_attended_session_brings_an_experience_and_a_wellbeing_invitation(db, ended_activity):
    person = CoCreatorFactory()
    activity = ended_activity(days_ago=3)
    attended(activity, person)

    created = survey_invitations_create_due(now=timezone.now())

    assert created == 2
    keys = set(SurveyInvitation.objects.values_list("key", flat=True))
    assert keys == {f"experience:{activity.pk}:{person.pk}", f"wellbeing_before:{person.pk}"}


def test_creating_invitations_twice_creates_nothing_new(db, ended_activity):
    attended(ended_activity(days_ago=3), CoCreatorFactory())
    survey_invitations_create_due(now=timezone.now())

    assert survey_invitations_create_due(now=timezone.now()) == 0
    assert SurveyInvitation.objects.count() == 2


def test_a_session_long_ago_is_not_asked_about(db, ended_activity):
    attended(ended_activity(days_ago=90), CoCreatorFactory())

    survey_invitations_create_due(now=timezone.now())

    assert not SurveyInvitation.objects.filter(kind=SurveyKind.EXPERIENCE).exists()


# Tuesday 3 March 2026: a session from 10:00 to 12:00, its attendance recorded at 14:00.
SESSION_START = datetime(2026, 3, 3, 10, tzinfo=LONDON)


@pytest.fixture
def tuesday_session(time_machine):
    time_machine.move_to(SESSION_START, tick=False)
    activity = ActivityFactory(starts_at=SESSION_START)
    person = CoCreatorFactory()
    time_machine.move_to(SESSION_START.replace(hour=14), tick=False)
    AttendanceFactory(activity=activity, cocreator=person)
    return activity, person


def experience_invitations():
    return SurveyInvitation.objects.filter(kind=SurveyKind.EXPERIENCE)


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 3, 3, 23, 30, tzinfo=LONDON),
        datetime(2026, 3, 4, 0, 30, tzinfo=LONDON),
        datetime(2026, 3, 4, 8, 59, tzinfo=LONDON),
    ],
    ids=["that evening", "after midnight", "08:59 next morning"],
)
def test_no_experience_survey_goes_before_nine_the_next_morning(
    run, tuesday_session, time_machine, when
):
    time_machine.move_to(when, tick=False)

    run(send_due_surveys)

    assert not experience_invitations().exists()
    assert not [m for m in mail.outbox if m.subject.startswith("How was")]


def test_a_wellbeing_survey_found_in_the_night_waits_for_nine(run, tuesday_session, time_machine):
    time_machine.move_to(datetime(2026, 3, 4, 0, 30, tzinfo=LONDON), tick=False)
    run(send_due_surveys)
    assert SurveyInvitation.objects.get().kind == SurveyKind.WELLBEING_BEFORE
    assert mail.outbox == []

    time_machine.move_to(datetime(2026, 3, 4, 9, tzinfo=LONDON), tick=False)
    run(send_due_surveys)
    assert len(mail.outbox) == 2  # now with the experience survey


def test_the_experience_survey_goes_at_nine_the_morning_after_the_session(
    run, tuesday_session, time_machine
):
    activity, person = tuesday_session
    nine = datetime(2026, 3, 4, 9, tzinfo=LONDON)
    time_machine.move_to(nine, tick=False)

    run(send_due_surveys)
    run(send_due_surveys)  # notes the invitations that went

    invitation = experience_invitations().get()
    assert invitation.due_on == date(2026, 3, 4)
    assert invitation.invited_at == nine
    assert all(m.to == [person.email] for m in mail.outbox)
    # The experience and the wellbeing "before" invitations.
    assert len(mail.outbox) == 2
    assert [m for m in mail.outbox if m.subject.startswith(f"How was {activity.title}?")]


def test_attendance_recorded_days_later_brings_the_survey_the_morning_after_recording(
    run, time_machine
):
    time_machine.move_to(SESSION_START, tick=False)
    activity = ActivityFactory(starts_at=SESSION_START)
    time_machine.move_to(datetime(2026, 3, 6, 16, tzinfo=LONDON), tick=False)  # Friday
    AttendanceFactory(activity=activity, cocreator=CoCreatorFactory())

    time_machine.move_to(datetime(2026, 3, 6, 20, tzinfo=LONDON), tick=False)
    run(send_due_surveys)
    assert not experience_invitations().exists()

    time_machine.move_to(datetime(2026, 3, 7, 9, 0, 1, tzinfo=LONDON), tick=False)
    run(send_due_surveys)
    assert experience_invitations().get().due_on == date(2026, 3, 7)


def test_a_missed_nine_oclock_run_is_caught_up_by_the_next_hourly_run(
    run, tuesday_session, time_machine
):
    time_machine.move_to(datetime(2026, 3, 4, 10, 37, tzinfo=LONDON), tick=False)

    run(send_due_surveys)
    run(send_due_surveys)

    assert experience_invitations().get().invited_at is not None


def test_beat_runs_the_survey_job_at_nine_uk_time_and_hourly_to_catch_up():
    morning = celery_app.conf.beat_schedule["surveys-morning"]
    assert morning["task"] == send_due_surveys.name
    assert morning["schedule"].hour == {9} and morning["schedule"].minute == {0}
    assert str(celery_app.timezone) == "Europe/London"
    hourly = celery_app.conf.beat_schedule["survey-reminders"]
    assert hourly["task"] == send_due_surveys.name and hourly["schedule"] == 3600.0


def test_a_booked_place_brings_the_wellbeing_before_invitation_before_taking_part(db):
    person = CoCreatorFactory()
    SignUp.objects.create(activity=ActivityFactory(), cocreator=person, status=SignUpStatus.BOOKED)

    survey_invitations_create_due(now=timezone.now())

    assert SurveyInvitation.objects.get().key == f"wellbeing_before:{person.pk}"


def test_people_who_left_or_opted_out_are_not_invited(db, ended_activity):
    gone = CoCreatorFactory()
    gone.status = CoCreatorStatus.LEFT
    gone.save()
    declined = CoCreatorFactory()
    survey_opt_out(invitation=SurveyInvitationFactory(cocreator=declined, key="old"))
    activity = ended_activity(days_ago=3)
    attended(activity, gone)
    attended(activity, declined)

    assert survey_invitations_create_due(now=timezone.now()) == 0


def test_the_follow_up_comes_six_months_after_the_before_answers(db):
    person = CoCreatorFactory()
    before = SurveyInvitationFactory(
        cocreator=person, kind=SurveyKind.WELLBEING_BEFORE, completed=True
    )
    now = timezone.now()
    answers = [3] * 7
    WellbeingResponse.objects.create(
        cocreator=person,
        invitation=before,
        kind=SurveyKind.WELLBEING_BEFORE,
        answers=answers,
        raw_total=21,
        metric_score=swemwbs.metric_score(answers),
        answered_on=timezone.localdate(now) - timedelta(days=150),
    )
    survey_invitations_create_due(now=now)
    assert not SurveyInvitation.objects.filter(kind=SurveyKind.WELLBEING_FOLLOWUP).exists()

    survey_invitations_create_due(now=now + timedelta(days=41))

    followup = SurveyInvitation.objects.get(kind=SurveyKind.WELLBEING_FOLLOWUP)
    assert followup.key == f"wellbeing_followup:{person.pk}:1"


def test_running_the_task_twice_sends_one_message_per_due_person(run, db, ended_activity):
    activity = ended_activity(days_ago=3)
    people = [CoCreatorFactory() for _ in range(3)]
    for person in people:
        attended(activity, person)

    run(send_due_surveys)
    run(send_due_surveys)

    # Each person: one experience and one wellbeing invitation, each sent once.
    assert len(mail.outbox) == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people for _ in (1, 2))
    assert SurveyInvitation.objects.filter(invited_at__isnull=True).count() == 0
    assert "/surveys/" in mail.outbox[0].body


def test_an_invitation_not_yet_due_is_not_sent(run, db):
    SurveyInvitationFactory(
        cocreator=CoCreatorFactory(), due_on=timezone.localdate() + timedelta(days=1)
    )

    assert run(survey_send_due, now=timezone.now()) == 0
    assert mail.outbox == []


def test_a_person_without_email_is_not_marked_as_invited(run, db):
    invitation = SurveyInvitationFactory(cocreator=CoCreatorFactory(email=""))

    run(survey_send_due, now=timezone.now())

    invitation.refresh_from_db()
    assert invitation.invited_at is None
    assert mail.outbox == []


def test_reminders_go_at_nine_a_week_after_the_last_message(run, db):
    SurveyInvitationFactory(cocreator=CoCreatorFactory())
    run(survey_send_due, now=timezone.now())  # Tuesday 10 March, 10:00
    for when in (
        datetime(2026, 3, 16, 23, tzinfo=LONDON),
        datetime(2026, 3, 17, 8, 59, tzinfo=LONDON),
    ):
        with time_machine.travel(when, tick=False):
            run(survey_send_due, now=timezone.now())
    assert len(mail.outbox) == 1

    nine = datetime(2026, 3, 17, 9, tzinfo=LONDON)
    with time_machine.travel(nine, tick=False):
        run(survey_send_due, now=timezone.now())

    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Reminder")


def test_reminders_come_a_week_apart_and_stop_after_two(run, db):
    invitation = SurveyInvitationFactory(cocreator=CoCreatorFactory())
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        run(survey_send_due, now=timezone.now())
    assert len(mail.outbox) == 1

    with time_machine.travel(start + timedelta(days=6), tick=False):
        run(survey_send_due, now=timezone.now())
    assert len(mail.outbox) == 1  # too soon for a reminder

    with time_machine.travel(start + timedelta(days=7), tick=False):
        run(survey_send_due, now=timezone.now())
        run(survey_send_due, now=timezone.now())
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Reminder")

    with time_machine.travel(start + timedelta(days=13), tick=False):
        run(survey_send_due, now=timezone.now())
    assert len(mail.outbox) == 2  # a week after the last reminder, not the invitation

    for days in (14, 21, 28, 60):
        with time_machine.travel(start + timedelta(days=days), tick=False):
            run(survey_send_due, now=timezone.now())
    assert len(mail.outbox) == 3
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 2


@pytest.mark.parametrize("how", ["completed", "opted_out", "left"])
def test_no_reminder_after_answering_opting_out_or_leaving(run, db, how):
    person = CoCreatorFactory()
    invitation = SurveyInvitationFactory(cocreator=person)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        run(survey_send_due, now=timezone.now())
    if how == "left":
        person.status = CoCreatorStatus.LEFT
        person.save()
    else:
        setattr(invitation, how, True)
        invitation.save()

    with time_machine.travel(start + timedelta(days=8), tick=False):
        run(survey_send_due, now=timezone.now())

    assert len(mail.outbox) == 1
