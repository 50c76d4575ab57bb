"""Case studies: saving, the person's consent to publish, and publishing."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community.audit import audit_record
from community.models import AuditAction


class CaseStudyRefused(Exception):
    """A case study change the rules do not allow; the message is plain English for staff."""


def case_study_save(*, case_study, impact_records, actor, changed_fields=()) -> None:
    """Save a case study and its impact records; note the change on the co-creator's record."""
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
