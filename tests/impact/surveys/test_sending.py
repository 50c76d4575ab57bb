"""Survey invitations are created when due and sent exactly once, with at most two reminders."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from activities.models import SignUp, SignUpStatus
from community.models import CoCreatorStatus
from impact import swemwbs
from impact.models import SurveyInvitation, SurveyKind, WellbeingResponse
from impact.services.surveys import survey_invitations_create_due, survey_opt_out, survey_send_due
from impact.tasks import send_due_surveys
from tests.activities.factories import AttendanceFactory
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a survey send and let the messages it queued go (tasks are eager in tests)."""

    def run_it(send, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(**kwargs)

    return run_it


def test_an_attended_session_two_days_ago_brings_an_experience_and_a_wellbeing_invitation(
    db, ended_activity
):
    person = CoCreatorFactory()
    activity = ended_activity(days_ago=3)
    AttendanceFactory(activity=activity, cocreator=person)

    created = survey_invitations_create_due(today=timezone.localdate())

    assert created == 2
    keys = set(SurveyInvitation.objects.values_list("key", flat=True))
    assert keys == {f"experience:{activity.pk}:{person.pk}", f"wellbeing_before:{person.pk}"}


def test_creating_invitations_twice_creates_nothing_new(db, ended_activity):
    AttendanceFactory(activity=ended_activity(days_ago=3), cocreator=CoCreatorFactory())
    survey_invitations_create_due(today=timezone.localdate())

    assert survey_invitations_create_due(today=timezone.localdate()) == 0
    assert SurveyInvitation.objects.count() == 2


def test_a_session_that_ended_yesterday_or_long_ago_is_not_asked_about(db, ended_activity):
    AttendanceFactory(activity=ended_activity(days_ago=0), cocreator=CoCreatorFactory())
    AttendanceFactory(activity=ended_activity(days_ago=90), cocreator=CoCreatorFactory())

    survey_invitations_create_due(today=timezone.localdate())

    assert not SurveyInvitation.objects.filter(kind=SurveyKind.EXPERIENCE).exists()


def test_a_booked_place_brings_the_wellbeing_before_invitation_before_taking_part(db):
    from tests.activities.factories import ActivityFactory

    person = CoCreatorFactory()
    SignUp.objects.create(activity=ActivityFactory(), cocreator=person, status=SignUpStatus.BOOKED)

    survey_invitations_create_due(today=timezone.localdate())

    assert SurveyInvitation.objects.get().key == f"wellbeing_before:{person.pk}"


def test_people_who_left_or_opted_out_are_not_invited(db, ended_activity):
    gone = CoCreatorFactory()
    gone.status = CoCreatorStatus.LEFT
    gone.save()
    declined = CoCreatorFactory()
    survey_opt_out(invitation=SurveyInvitationFactory(cocreator=declined, key="old"))
    activity = ended_activity(days_ago=3)
    AttendanceFactory(activity=activity, cocreator=gone)
    AttendanceFactory(activity=activity, cocreator=declined)

    assert survey_invitations_create_due(today=timezone.localdate()) == 0


def test_the_follow_up_comes_six_months_after_the_before_answers(db):
    person = CoCreatorFactory()
    before = SurveyInvitationFactory(
        cocreator=person, kind=SurveyKind.WELLBEING_BEFORE, completed=True
    )
    today = timezone.localdate()
    answers = [3] * 7
    WellbeingResponse.objects.create(
        cocreator=person,
        invitation=before,
        kind=SurveyKind.WELLBEING_BEFORE,
        answers=answers,
        raw_total=21,
        metric_score=swemwbs.metric_score(answers),
        answered_on=today - timedelta(days=150),
    )
    survey_invitations_create_due(today=today)
    assert not SurveyInvitation.objects.filter(kind=SurveyKind.WELLBEING_FOLLOWUP).exists()

    survey_invitations_create_due(today=today + timedelta(days=40))

    followup = SurveyInvitation.objects.get(kind=SurveyKind.WELLBEING_FOLLOWUP)
    assert followup.key == f"wellbeing_followup:{person.pk}:1"


def test_running_the_task_twice_sends_one_message_per_due_person(run, db, ended_activity):
    activity = ended_activity(days_ago=3)
    people = [CoCreatorFactory() for _ in range(3)]
    for person in people:
        AttendanceFactory(activity=activity, cocreator=person)

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
