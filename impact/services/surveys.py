"""Experience and wellbeing surveys: invitations when due, sending them, answers, opting out."""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus, SignUp, SignUpStatus
from cocreation.lib.links import absolute_url
from community.messaging.queueing import message_queue
from community.models import CoCreator, CoCreatorStatus, Message, MessageStatus

from .. import swemwbs
from ..models import (
    ExperienceResponse,
    SurveyInvitation,
    SurveyKind,
    WellbeingResponse,
    new_survey_token,
)

SURVEY_WINDOW_DAYS = 60  # sessions longer ago than this are not asked about
# Invitations and reminders go out at this time (UK time) on the day they are due, never before
# it: beat runs the job then, and hourly after in case that run was missed.
SURVEY_SEND_TIME = time(9, 0)


class SurveyClosed(Exception):
    """The invitation has been answered or declined already."""


def _survey_people_excluded():
    """Ids of people who have left or said they do not want surveys."""
    left = CoCreator.objects.filter(status=CoCreatorStatus.LEFT).values("pk")
    declined = SurveyInvitation.objects.filter(opted_out=True).values("cocreator_id")
    return left, declined


def survey_due_through(now: datetime) -> date:
    """The latest due day whose invitations may go out at `now`: today from 09:00, else yesterday."""
    local = timezone.localtime(now)
    return local.date() if local.time() >= SURVEY_SEND_TIME else local.date() - timedelta(days=1)


def experience_survey_due_on(*, ended_at: datetime, recorded_at: datetime) -> date:
    """The day an experience survey is due: the morning after the session ended and its
    attendance was recorded, whichever was later."""
    return timezone.localdate(max(ended_at, recorded_at)) + timedelta(days=1)


def survey_invitations_create_due(*, now: datetime) -> int:
    """Create the invitations that are due at `now`; safe to run again (each has a once-only key).

    Returns how many were new.
    """
    left, declined = _survey_people_excluded()
    invitations: list[SurveyInvitation] = []
    through = survey_due_through(now)
    today = timezone.localdate(now)  # found in the night, a wellbeing invitation waits for 09:00

    # Due the morning after: both the session's end and the attendance record are before the
    # midnight that starts the latest due day.
    before = timezone.make_aware(datetime.combine(through, time.min))
    oldest_end = through - timedelta(days=SURVEY_WINDOW_DAYS)
    attended = (
        Attendance.objects.filter(
            status=AttendanceStatus.ATTENDED,
            activity__ends_at__lt=before,
            recorded_at__lt=before,
            activity__ends_at__date__gte=oldest_end,
        )
        .exclude(cocreator_id__in=left)
        .exclude(cocreator_id__in=declined)
        .values_list("activity_id", "cocreator_id", "activity__ends_at", "recorded_at")
    )
    invitations += [
        SurveyInvitation(
            key=f"experience:{activity_id}:{person_id}",
            cocreator_id=person_id,
            kind=SurveyKind.EXPERIENCE,
            activity_id=activity_id,
            due_on=experience_survey_due_on(ended_at=ended_at, recorded_at=recorded_at),
        )
        for activity_id, person_id, ended_at, recorded_at in attended
    ]

    # Wellbeing before involvement: people newly involved (a first session in the window, or a
    # booked place) who have not been asked yet. Asked at once (at 09:00 if found in the night),
    # ideally before they take part.
    first_timers = (
        Attendance.objects.filter(status=AttendanceStatus.ATTENDED)
        .values("cocreator_id")
        .annotate(first=models.Min("activity__starts_at"))
        .filter(first__date__gte=oldest_end)
        .values_list("cocreator_id", flat=True)
    )
    booked = SignUp.objects.filter(status=SignUpStatus.BOOKED).values_list(
        "cocreator_id", flat=True
    )
    never_attended_booked = set(booked) - set(
        Attendance.objects.filter(status=AttendanceStatus.ATTENDED).values_list(
            "cocreator_id", flat=True
        )
    )
    excluded = set(left.values_list("pk", flat=True)) | set(
        declined.values_list("cocreator_id", flat=True)
    )
    for person_id in sorted((set(first_timers) | never_attended_booked) - excluded):
        invitations.append(
            SurveyInvitation(
                key=f"wellbeing_before:{person_id}",
                cocreator_id=person_id,
                kind=SurveyKind.WELLBEING_BEFORE,
                due_on=today,
            )
        )

    # The follow-up, some months after the "before" answers (one round so far).
    followup_by = through - relativedelta(months=settings.WELLBEING_FOLLOWUP_MONTHS)
    answered_before = (
        WellbeingResponse.objects.filter(
            kind=SurveyKind.WELLBEING_BEFORE, answered_on__lte=followup_by
        )
        .exclude(cocreator_id__in=left)
        .exclude(cocreator_id__in=declined)
        .values_list("cocreator_id", flat=True)
        .distinct()
    )
    invitations += [
        SurveyInvitation(
            key=f"wellbeing_followup:{person_id}:1",
            cocreator_id=person_id,
            kind=SurveyKind.WELLBEING_FOLLOWUP,
            due_on=today,
        )
        for person_id in answered_before
    ]

    keys = [invitation.key for invitation in invitations]
    existing = set(SurveyInvitation.objects.filter(key__in=keys).values_list("key", flat=True))
    SurveyInvitation.objects.bulk_create(invitations, ignore_conflicts=True)
    return len(set(keys) - existing)


def survey_answer_url(invitation: SurveyInvitation) -> str:
    """The full no-login address of an invitation's survey, for an email."""
    return absolute_url(reverse("impact:survey-answer", args=[invitation.token]))


def _survey_email_context(invitation: SurveyInvitation) -> dict:
    return {
        "survey_url": survey_answer_url(invitation),
        "survey_name": invitation.get_kind_display(),
        "is_experience": invitation.kind == SurveyKind.EXPERIENCE,
        "activity_title": invitation.activity.title if invitation.activity_id else "",
    }


def _survey_message_keys(invitation: SurveyInvitation) -> list[str]:
    return [f"survey-invite:{invitation.pk}"] + [
        f"survey-reminder:{invitation.pk}:{number}"
        for number in range(1, settings.SURVEY_MAX_REMINDERS + 1)
    ]


def _survey_sends_note(invitations: list[SurveyInvitation], sent: dict) -> None:
    """Note on each invitation the invitation and reminders whose messages have really gone."""
    for invitation in invitations:
        changed = []
        invite = sent.get(f"survey-invite:{invitation.pk}")
        if invitation.invited_at is None and invite is not None:
            invitation.invited_at = invite
            changed.append("invited_at")
        while invitation.invited_at is not None:
            number = invitation.reminders_sent + 1
            reminder = sent.get(f"survey-reminder:{invitation.pk}:{number}")
            if reminder is None:
                break
            invitation.reminders_sent, invitation.last_reminded_at = number, reminder
            changed += ["reminders_sent", "last_reminded_at"]
        if changed:
            invitation.save(update_fields=sorted(set(changed)))


def survey_send_due(*, now) -> int:
    """Queue each due invitation once and up to the allowed reminders; returns messages queued.

    Every message has a once-only key, so running this twice sends nothing twice. The invitation
    records a send only when the message really went: each run first notes the messages sent
    since the last (their `sent_at`), then queues what is due. Invitations go from 09:00 on the
    day they are due, reminders from 09:00 a week (SURVEY_REMINDER_AFTER_DAYS) after the day of
    the last message.
    """
    through = survey_due_through(now)
    reminder_gap = timedelta(days=settings.SURVEY_REMINDER_AFTER_DAYS)
    open_invitations = list(
        SurveyInvitation.objects.filter(completed=False, opted_out=False, due_on__lte=through)
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .select_related("activity")
        .order_by("pk")
    )
    keys = [key for invitation in open_invitations for key in _survey_message_keys(invitation)]
    messages = {}
    for start in range(0, len(keys), 500):
        rows = Message.objects.filter(key__in=keys[start : start + 500])
        for key, status, sent_at in rows.values_list("key", "status", "sent_at"):
            messages[key] = (status, sent_at)
    sent = {
        key: sent_at or now
        for key, (status, sent_at) in messages.items()
        if status == MessageStatus.SENT
    }
    _survey_sends_note(open_invitations, sent)
    queued = 0
    for invitation in open_invitations:
        if invitation.invited_at is None:
            key, kind, template = (
                f"survey-invite:{invitation.pk}",
                "survey_invite",
                "impact/email/survey_invite",
            )
        else:
            last = invitation.last_reminded_at or invitation.invited_at
            if invitation.reminders_sent >= settings.SURVEY_MAX_REMINDERS:
                continue
            if timezone.localdate(last) + reminder_gap > through:
                continue
            key, kind, template = (
                f"survey-reminder:{invitation.pk}:{invitation.reminders_sent + 1}",
                "survey_reminder",
                "impact/email/survey_reminder",
            )
        if key in messages:
            continue  # queued already: waiting to go, or skipped or failed for a reason shown
        message = message_queue(
            cocreator_id=invitation.cocreator_id,
            kind=kind,
            key=key,
            template=template,
            context=_survey_email_context(invitation),
        )
        queued += message.status == MessageStatus.PENDING
    return queued


def _survey_invitation_lock(invitation_pk: int) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation_pk)
    if invitation.completed or invitation.opted_out:
        raise SurveyClosed("This survey has already been answered or declined.")
    return invitation


EXPERIENCE_QUESTIONS = (
    "confidence",
    "connection",
    "purpose",
    "input_led_to_change",
    "understanding_needs",
)


def experience_response_save(
    *,
    invitation: SurveyInvitation,
    answers: dict,
    anonymous: bool,
    today: date,
    assisted: bool = False,
    staff_respondent: bool = False,
) -> ExperienceResponse:
    """Save experience answers and close the invitation.

    An anonymous answer is counted, not linked: no person, no activity, no level, the month only,
    and the invitation is closed without any time that could match it to the answer.
    """
    with transaction.atomic():
        invitation = _survey_invitation_lock(invitation.pk)
        activity = invitation.activity
        response = ExperienceResponse.objects.create(
            cocreator=None if anonymous else invitation.cocreator,
            activity=None if anonymous else activity,
            level=None if (anonymous or activity is None) else activity.level,
            month=today.replace(day=1),
            anonymous=anonymous,
            staff_respondent=staff_respondent,
            assisted=assisted and not anonymous,
            free_text=answers.get("free_text", ""),
            **{name: answers.get(name) for name in EXPERIENCE_QUESTIONS},
        )
        invitation.completed = True
        invitation.save(update_fields=["completed"])
    return response


def wellbeing_response_save(
    *,
    invitation: SurveyInvitation,
    answers: list[int],
    today: date,
    entered_by=None,
) -> WellbeingResponse:
    """Save SWEMWBS answers with their raw total and metric score, and close the invitation."""
    with transaction.atomic():
        invitation = _survey_invitation_lock(invitation.pk)
        response = WellbeingResponse.objects.create(
            cocreator_id=invitation.cocreator_id,
            invitation=invitation,
            kind=invitation.kind,
            answers=list(answers),
            raw_total=swemwbs.raw_total(answers),
            metric_score=swemwbs.metric_score(answers),
            assisted=entered_by is not None,
            entered_by=entered_by,
            answered_on=today,
        )
        invitation.completed = True
        invitation.save(update_fields=["completed"])
    return response


def survey_opt_out(*, invitation: SurveyInvitation) -> int:
    """The person wants no more surveys: close every open invitation of theirs."""
    return SurveyInvitation.objects.filter(
        cocreator_id=invitation.cocreator_id, completed=False
    ).update(opted_out=True)


def survey_links_close_for_leaver(invitations, leaver) -> None:
    """A person leaves: each survey link of theirs stops working (404) and no reminder goes.

    Answers already given stay, linked only to the anonymous row, so the scores still count.
    """
    invitations.filter(completed=False).update(opted_out=True)
    for invitation in invitations.only("pk"):
        # A fresh secret nobody holds: the old link names no invitation any more.
        SurveyInvitation.objects.filter(pk=invitation.pk).update(token=new_survey_token())
