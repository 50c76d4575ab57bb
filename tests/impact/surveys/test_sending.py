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
from impact.services import survey_invitations_create_due, survey_opt_out, survey_send_due
from impact.tasks import send_due_surveys

from .conftest import attended

pytestmark = pytest.mark.django_db


def test_an_attended_session_two_days_ago_brings_an_experience_and_a_wellbeing_invitation(
    make_person, ended_activity
):
    person = make_person()
    activity = ended_activity(days_ago=3)
    attended(activity, person)

    created = survey_invitations_create_due(today=timezone.localdate())

    assert created == 2
    keys = set(SurveyInvitation.objects.values_list("key", flat=True))
    assert keys == {f"experience:{activity.pk}:{person.pk}", f"wellbeing_before:{person.pk}"}


def test_creating_invitations_twice_creates_nothing_new(make_person, ended_activity):
    attended(ended_activity(days_ago=3), make_person())
    survey_invitations_create_due(today=timezone.localdate())

    assert survey_invitations_create_due(today=timezone.localdate()) == 0
    assert SurveyInvitation.objects.count() == 2


def test_a_session_that_ended_yesterday_or_long_ago_is_not_asked_about(make_person, ended_activity):
    attended(ended_activity(days_ago=0), make_person())
    attended(ended_activity(days_ago=90), make_person())

    survey_invitations_create_due(today=timezone.localdate())

    assert not SurveyInvitation.objects.filter(kind=SurveyKind.EXPERIENCE).exists()


def test_a_booked_place_brings_the_wellbeing_before_invitation_before_taking_part(make_person):
    from tests.activities.conftest import make_activity

    person = make_person()
    SignUp.objects.create(activity=make_activity(), cocreator=person, status=SignUpStatus.BOOKED)

    survey_invitations_create_due(today=timezone.localdate())

    assert SurveyInvitation.objects.get().key == f"wellbeing_before:{person.pk}"


def test_people_who_left_or_opted_out_are_not_invited(make_person, ended_activity, make_invitation):
    gone = make_person()
    gone.status = CoCreatorStatus.LEFT
    gone.save()
    declined = make_person()
    survey_opt_out(invitation=make_invitation(declined, key="old"))
    activity = ended_activity(days_ago=3)
    attended(activity, gone)
    attended(activity, declined)

    assert survey_invitations_create_due(today=timezone.localdate()) == 0


def test_the_follow_up_comes_six_months_after_the_before_answers(make_person, make_invitation):
    person = make_person()
    before = make_invitation(person, kind=SurveyKind.WELLBEING_BEFORE, completed=True)
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


def test_running_the_task_twice_sends_one_message_per_due_person(make_person, ended_activity):
    activity = ended_activity(days_ago=3)
    people = [make_person() for _ in range(3)]
    for person in people:
        attended(activity, person)

    send_due_surveys()
    send_due_surveys()

    # Each person: one experience and one wellbeing invitation, each sent once.
    assert len(mail.outbox) == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people for _ in (1, 2))
    assert SurveyInvitation.objects.filter(invited_at__isnull=True).count() == 0
    assert "/surveys/" in mail.outbox[0].body


def test_an_invitation_not_yet_due_is_not_sent(make_person, make_invitation):
    make_invitation(make_person(), due_on=timezone.localdate() + timedelta(days=1))

    assert survey_send_due(now=timezone.now()) == 0
    assert mail.outbox == []


def test_a_person_without_email_is_not_marked_as_invited(make_person, make_invitation):
    invitation = make_invitation(make_person(email=""))

    survey_send_due(now=timezone.now())

    invitation.refresh_from_db()
    assert invitation.invited_at is None
    assert mail.outbox == []


def test_reminders_come_a_week_apart_and_stop_after_two(make_person, make_invitation):
    invitation = make_invitation(make_person())
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        survey_send_due(now=timezone.now())
    assert len(mail.outbox) == 1

    with time_machine.travel(start + timedelta(days=6), tick=False):
        survey_send_due(now=timezone.now())
    assert len(mail.outbox) == 1  # too soon for a reminder

    with time_machine.travel(start + timedelta(days=7), tick=False):
        survey_send_due(now=timezone.now())
        survey_send_due(now=timezone.now())
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Reminder")

    with time_machine.travel(start + timedelta(days=13), tick=False):
        survey_send_due(now=timezone.now())
    assert len(mail.outbox) == 2  # a week after the last reminder, not the invitation

    for days in (14, 21, 28, 60):
        with time_machine.travel(start + timedelta(days=days), tick=False):
            survey_send_due(now=timezone.now())
    assert len(mail.outbox) == 3
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 2


@pytest.mark.parametrize("how", ["completed", "opted_out", "left"])
def test_no_reminder_after_answering_opting_out_or_leaving(make_person, make_invitation, how):
    person = make_person()
    invitation = make_invitation(person)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        survey_send_due(now=timezone.now())
    if how == "left":
        person.status = CoCreatorStatus.LEFT
        person.save()
    else:
        setattr(invitation, how, True)
        invitation.save()

    with time_machine.travel(start + timedelta(days=8), tick=False):
        survey_send_due(now=timezone.now())

    assert len(mail.outbox) == 1
