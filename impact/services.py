"""Writes for impact: each area appends its own block below."""


# --- Themes, insight tags and source counts --------------------------------------------------

from dataclasses import dataclass as _dataclass  # noqa: E402
from datetime import date as _date  # noqa: E402

from django.db import transaction as _transaction  # noqa: E402

from .models import InsightSource, InsightTag, SourceThemeCount, Theme  # noqa: E402


def theme_save(*, theme: Theme) -> Theme:
    """Add or change a theme (the form has checked the name is unique)."""
    theme.full_clean()
    theme.save()
    return theme


def insight_tags_replace(*, source: str, source_id: str, month: _date, themes, actor) -> int:
    """Tag one item of insight with exactly these themes, replacing its earlier tags."""
    month = month.replace(day=1)
    with _transaction.atomic():
        InsightTag.objects.filter(source=source, source_id=source_id).delete()
        InsightTag.objects.bulk_create(
            InsightTag(
                theme=theme, source=source, source_id=source_id, month=month, tagged_by=actor
            )
            for theme in themes
        )
    return len(themes)


@_dataclass(frozen=True)
class SourceCountRow:
    """One checked row of a source counts file."""

    source: str
    theme_id: int
    month: _date
    count: int


def source_counts_import(*, rows: list[SourceCountRow], actor) -> tuple[int, int]:
    """Save every row or none; a count already held for the source, theme and month is replaced.

    Returns (added, replaced).
    """
    added = replaced = 0
    with _transaction.atomic():
        for row in rows:
            _, created = SourceThemeCount.objects.update_or_create(
                source=row.source,
                theme_id=row.theme_id,
                month=row.month,
                defaults={"count": row.count, "imported_by": actor},
            )
            added, replaced = (added + 1, replaced) if created else (added, replaced + 1)
    return added, replaced


# --- journal and case studies ---


class CaseStudyRefused(Exception):
    """A case study change the rules do not allow; the message is plain English for staff."""


def journal_themes_contribute(*, themes, today=None) -> int:
    """Count themes from a journal entry anonymously: one row per theme, linked to no one.

    Nothing here names the entry or its author, so the count cannot be traced back.
    """
    from django.utils import timezone

    from .models import InsightSource, InsightTag

    today = today or timezone.localdate()
    month = today.replace(day=1)
    rows = [
        InsightTag(
            theme=theme,
            source=InsightSource.ANONYMOUS_JOURNAL,
            source_id="",
            month=month,
            tagged_by=None,
        )
        for theme in themes
    ]
    InsightTag.objects.bulk_create(rows)
    return len(rows)


def case_study_save(*, case_study, impact_records, actor, changed_fields=()) -> None:
    """Save a case study and its impact records; note the change on the co-creator's record."""
    from django.db import transaction

    from community.models import AuditAction
    from community.services import audit_record

    creating = case_study.pk is None
    with transaction.atomic():
        if creating:
            case_study.created_by = actor
        case_study.save()
        case_study.impact_records.set(impact_records)
        if case_study.cocreator_id and (creating or changed_fields):
            audit_record(
                actor=actor,
                action=AuditAction.CREATE if creating else AuditAction.CHANGE,
                cocreator_id=case_study.cocreator_id,
                fields=["case_study", *changed_fields] if not creating else ["case_study"],
            )


def case_study_consent_record(*, case_study, actor) -> None:
    """Record consent to publish, under the privacy notice in force now."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from community.models import AuditAction
    from community.services import audit_record

    with transaction.atomic():
        case_study.publish_consent_given_at = timezone.now()
        case_study.publish_consent_notice_version = settings.PRIVACY_NOTICE_VERSION
        case_study.publish_consent_withdrawn_at = None
        case_study.save(
            update_fields=[
                "publish_consent_given_at",
                "publish_consent_notice_version",
                "publish_consent_withdrawn_at",
            ]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT,
            cocreator_id=case_study.cocreator_id,
            fields=["case_study_publish_consent"],
        )


def case_study_consent_withdraw(*, case_study, actor) -> None:
    """Withdraw consent to publish, and take the case study down at the same moment."""
    from django.db import transaction
    from django.utils import timezone

    from community.models import AuditAction
    from community.services import audit_record

    if not has_publish_consent(case_study):
        raise CaseStudyRefused("There is no consent to withdraw for this case study.")
    with transaction.atomic():
        case_study.publish_consent_withdrawn_at = timezone.now()
        case_study.published = False
        case_study.save(update_fields=["publish_consent_withdrawn_at", "published"])
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_WITHDRAWN,
            cocreator_id=case_study.cocreator_id,
            fields=["case_study_publish_consent"],
        )


def has_publish_consent(case_study) -> bool:
    """Whether consent to publish has been given and not withdrawn."""
    return (
        case_study.publish_consent_given_at is not None
        and case_study.publish_consent_withdrawn_at is None
    )


def case_study_publish(*, case_study, published: bool) -> None:
    """Publish or unpublish a case study; publishing needs consent that has not been withdrawn."""
    if published and not has_publish_consent(case_study):
        raise CaseStudyRefused(
            "You cannot publish this case study because the person has not given consent "
            "to publish it, or has withdrawn it. Record their consent first."
        )
    case_study.published = published
    case_study.save(update_fields=["published"])


# --- Impact records, evidence, documents and publishing ---


class PublishRefused(ValueError):
    """A record that cannot be published (or checked) yet; the message is shown to staff as it is."""


def impact_record_save(*, record, activities, contributors, actor=None):
    """Save an impact record with its activities and contributing co-creators."""
    from django.db import transaction

    with transaction.atomic():
        if record.pk is None and actor is not None and actor.is_authenticated:
            record.created_by = actor
        record.save()
        record.activities.set(activities)
        record.contributors.set(contributors)
    return record


def impact_record_check(*, record):
    """Mark a draft record as checked."""
    from .models import ImpactStatus

    if record.status != ImpactStatus.DRAFT:
        raise PublishRefused("Only a draft record can be marked as checked.")
    record.status = ImpactStatus.CHECKED
    record.save(update_fields=["status", "updated_at"])
    return record


def impact_record_publish(*, record, public_url: str):
    """Publish a checked record and tell each contributing co-creator, once each, by email."""
    from django.db import transaction
    from django.utils import timezone

    from cocreation.jobs.services import outbox_enqueue

    from .models import ImpactStatus

    if record.status == ImpactStatus.DRAFT:
        raise PublishRefused("Mark the record as checked before you publish it.")
    if not record.you_said.strip():
        raise PublishRefused("Add what people said (“You said”) before you publish the record.")
    if not (record.we_did.strip() or record.we_could_not.strip()):
        raise PublishRefused(
            "Add what we did (“We did”), or why we could not act (“We couldn't, because”), "
            "before you publish the record."
        )
    with transaction.atomic():
        if record.status != ImpactStatus.PUBLISHED:
            record.status = ImpactStatus.PUBLISHED
            record.published_at = timezone.now()
            record.save(update_fields=["status", "published_at", "updated_at"])
        for cocreator_id in record.contributors.values_list("pk", flat=True):
            # The key makes this once per person, however often the record is published.
            outbox_enqueue(
                task_name="community.send_email",
                kwargs={
                    "cocreator_id": cocreator_id,
                    "kind": "impact_published",
                    "key": f"impact-published:{record.pk}:{cocreator_id}",
                    "template": "impact/email/published",
                    "context": {
                        "record_title": record.title,
                        "we_did": record.we_did,
                        "we_could_not": record.we_could_not,
                        "public_url": public_url,
                    },
                },
            )
    return record


def evidence_item_save(*, item):
    item.full_clean(exclude=["record"])
    item.save()
    return item


def evidence_item_delete(*, item):
    item.delete()


def impact_document_add(*, record, uploaded_file, checked, actor=None):
    """Store a checked upload under a generated name and attach it to the record."""
    from django.core.files.storage import default_storage
    from django.db import transaction

    from .documents import storage_name
    from .models import ImpactDocument

    name = default_storage.save(storage_name(checked.extension), uploaded_file)
    try:
        with transaction.atomic():
            return ImpactDocument.objects.create(
                record=record,
                file=name,
                display_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except Exception:
        default_storage.delete(name)
        raise


# --- surveys -------------------------------------------------------------------------------------

import logging as _logging  # noqa: E402
from datetime import timedelta as _timedelta  # noqa: E402

from dateutil.relativedelta import relativedelta as _relativedelta  # noqa: E402
from django.conf import settings as _settings  # noqa: E402
from django.db import models as _models  # noqa: E402
from django.urls import reverse as _reverse  # noqa: E402

from . import swemwbs as _swemwbs  # noqa: E402
from .models import (  # noqa: E402
    ExperienceResponse,
    SurveyInvitation,
    SurveyKind,
    WellbeingResponse,
    new_survey_token,
)

_survey_log = _logging.getLogger(__name__)

SURVEY_WINDOW_DAYS = 60  # sessions longer ago than this are not asked about


class SurveyClosed(Exception):
    """The invitation has been answered or declined already."""


def _survey_people_excluded():
    """Ids of people who have left or said they do not want surveys."""
    from community.models import CoCreator, CoCreatorStatus

    left = CoCreator.objects.filter(status=CoCreatorStatus.LEFT).values("pk")
    declined = SurveyInvitation.objects.filter(opted_out=True).values("cocreator_id")
    return left, declined


def survey_invitations_create_due(*, today: _date) -> int:
    """Create the invitations that are due; safe to run again (each has a once-only key).

    Returns how many were new.
    """
    from activities.models import Attendance, AttendanceStatus, SignUp, SignUpStatus

    left, declined = _survey_people_excluded()
    invitations: list[SurveyInvitation] = []

    newest_end = today - _timedelta(days=_settings.SURVEY_INVITE_AFTER_DAYS)
    oldest_end = today - _timedelta(days=SURVEY_WINDOW_DAYS)
    attended = (
        Attendance.objects.filter(
            status=AttendanceStatus.ATTENDED,
            activity__ends_at__date__lte=newest_end,
            activity__ends_at__date__gte=oldest_end,
        )
        .exclude(cocreator_id__in=left)
        .exclude(cocreator_id__in=declined)
        .values_list("activity_id", "cocreator_id")
    )
    invitations += [
        SurveyInvitation(
            key=f"experience:{activity_id}:{person_id}",
            cocreator_id=person_id,
            kind=SurveyKind.EXPERIENCE,
            activity_id=activity_id,
            due_on=today,
        )
        for activity_id, person_id in attended
    ]

    # Wellbeing before involvement: people newly involved (a first session in the window, or a
    # booked place) who have not been asked yet. Asked at once, ideally before they take part.
    first_timers = (
        Attendance.objects.filter(status=AttendanceStatus.ATTENDED)
        .values("cocreator_id")
        .annotate(first=_models.Min("activity__starts_at"))
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
    followup_by = today - _relativedelta(months=_settings.WELLBEING_FOLLOWUP_MONTHS)
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
    base = _settings.SITE_URL
    return base.rstrip("/") + _reverse("impact:survey-answer", args=[invitation.token])


def _survey_email_context(invitation: SurveyInvitation) -> dict:
    return {
        "survey_url": survey_answer_url(invitation),
        "survey_name": invitation.get_kind_display(),
        "is_experience": invitation.kind == SurveyKind.EXPERIENCE,
        "activity_title": invitation.activity.title if invitation.activity_id else "",
    }


def survey_send_due(*, now) -> int:
    """Send each due invitation once and up to the allowed reminders; returns messages sent.

    Every email has a once-only key, so running this twice sends nothing twice. The invitation
    records a send only when the email really went.
    """
    from community.models import CoCreatorStatus, MessageStatus
    from community.services import message_send_email

    today = _timezone_localdate(now)
    reminder_gap = _timedelta(days=_settings.SURVEY_REMINDER_AFTER_DAYS)
    sent = 0
    open_invitations = (
        SurveyInvitation.objects.filter(completed=False, opted_out=False, due_on__lte=today)
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .select_related("activity")
        .order_by("pk")
    )
    for invitation in open_invitations:
        if invitation.invited_at is None:
            key, kind, template = (
                f"survey-invite:{invitation.pk}",
                "survey_invite",
                "impact/email/survey_invite",
            )
        else:
            last = invitation.last_reminded_at or invitation.invited_at
            if invitation.reminders_sent >= _settings.SURVEY_MAX_REMINDERS:
                continue
            if now - last < reminder_gap:
                continue
            number = invitation.reminders_sent + 1
            key, kind, template = (
                f"survey-reminder:{invitation.pk}:{number}",
                "survey_reminder",
                "impact/email/survey_reminder",
            )
        try:
            message = message_send_email(
                cocreator_id=invitation.cocreator_id,
                kind=kind,
                key=key,
                template=template,
                context=_survey_email_context(invitation),
            )
        except Exception:  # the next hourly run tries again under the same key
            _survey_log.exception("Survey email %s could not be sent", key)
            continue
        if message.status != MessageStatus.SENT:
            continue
        if invitation.invited_at is None:
            invitation.invited_at = message.sent_at or now
            invitation.save(update_fields=["invited_at"])
        else:
            invitation.reminders_sent = number
            invitation.last_reminded_at = message.sent_at or now
            invitation.save(update_fields=["reminders_sent", "last_reminded_at"])
        sent += 1
    return sent


def _timezone_localdate(now):
    from django.utils import timezone

    return timezone.localdate(now)


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
    today: _date,
    assisted: bool = False,
    staff_respondent: bool = False,
) -> ExperienceResponse:
    """Save experience answers and close the invitation.

    An anonymous answer is counted, not linked: no person, no activity, no level, the month only,
    and the invitation is closed without any time that could match it to the answer.
    """
    with _transaction.atomic():
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
    today: _date,
    entered_by=None,
) -> WellbeingResponse:
    """Save SWEMWBS answers with their raw total and metric score, and close the invitation."""
    with _transaction.atomic():
        invitation = _survey_invitation_lock(invitation.pk)
        response = WellbeingResponse.objects.create(
            cocreator_id=invitation.cocreator_id,
            invitation=invitation,
            kind=invitation.kind,
            answers=list(answers),
            raw_total=_swemwbs.raw_total(answers),
            metric_score=_swemwbs.metric_score(answers),
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


# --- Leaving -----------------------------------------------------------------------------------


def survey_links_close_for_leaver(invitations, leaver) -> None:
    """A person leaves: each survey link of theirs stops working (404) and no reminder goes.

    Answers already given stay, linked only to the anonymous row, so the scores still count.
    """
    invitations.filter(completed=False).update(opted_out=True)
    for invitation in invitations.only("pk"):
        # A fresh secret nobody holds: the old link names no invitation any more.
        SurveyInvitation.objects.filter(pk=invitation.pk).update(token=new_survey_token())


def journal_tags_anonymise_for_leaver(entries, leaver) -> None:
    """Before a leaver's journal entries are deleted, staff's themes on them become anonymous
    counts (as if contributed anonymously), so the theme counts stay and point at nothing."""
    ids = [str(pk) for pk in entries.values_list("pk", flat=True)]
    InsightTag.objects.filter(source=InsightSource.JOURNAL, source_id__in=ids).update(
        source=InsightSource.ANONYMOUS_JOURNAL, source_id=""
    )
