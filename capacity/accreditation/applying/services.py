"""Writes for applying for accreditation: versions of the criteria (drafted, published, copied
into a new version), services (added, invited, given contacts with a partner-section login), and
a service's application (started on the current criteria, self-assessed, evidenced, submitted or
withdrawn)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from community.models import Role, User
from community.permissions import has_role
from impact.documents import CheckedDocument, storage_name
from impact.models import ImpactRecord

from ...models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationEvidence,
    AccreditationFramework,
    AccreditationStandard,
    ApplicationStatus,
    EvidenceKind,
    PartnerAccess,
    SelfAssessment,
    Service,
)
from ...partners.services import PartnerAccessRefused, partner_access_give
from .notices import submitted_send
from .selectors import (
    contacts_to_tell,
    current_framework,
    missing_criteria,
    open_application,
    start_refusal,
)

OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_REVIEW,
)


class AccreditationRefused(ValueError):
    """A change we will not make; the message says why in plain English, as it is shown."""


class ApplicationIncomplete(AccreditationRefused):
    """Submitting with criteria not yet answered; `missing` lists them."""

    def __init__(self, missing: list[AccreditationCriterion]):
        self.missing = missing
        super().__init__(
            f"{len(missing)} criteri{'on has' if len(missing) == 1 else 'a have'} no rating "
            "or no answer to “how we meet it” yet"
        )


# --- The criteria, as data ------------------------------------------------------------------------


@transaction.atomic
def framework_new_version(*, version: str, introduction: str = "") -> AccreditationFramework:
    """Start a new draft version of the criteria: a copy of the current published version's
    standards and criteria (or empty, when none is published yet), to change before publishing."""
    current = current_framework()
    framework = AccreditationFramework.objects.create(
        version=version, introduction=introduction or (current.introduction if current else "")
    )
    if current is None:
        return framework
    standards = list(current.standards.prefetch_related("criteria"))
    copies = AccreditationStandard.objects.bulk_create(
        AccreditationStandard(
            framework=framework, number=s.number, title=s.title, guidance=s.guidance
        )
        for s in standards
    )
    AccreditationCriterion.objects.bulk_create(
        AccreditationCriterion(
            standard=copy,
            number=c.number,
            text=c.text,
            guidance=c.guidance,
            evidence_needed=c.evidence_needed,
        )
        for standard, copy in zip(standards, copies, strict=True)
        for c in standard.criteria.all()
    )
    return framework


@transaction.atomic
def framework_save(*, framework: AccreditationFramework) -> AccreditationFramework:
    """Change a draft version's name or introduction (the form has checked it)."""
    framework.save()
    return framework


def framework_problems(framework: AccreditationFramework) -> list[str]:
    """What stops a draft version being published, in plain English (empty when nothing does)."""
    standards = list(framework.standards.prefetch_related("criteria"))
    if not standards:
        return ["Add at least one standard, with its criteria"]
    return [
        f"Add at least one criterion to standard {s.number}, {s.title}"
        for s in standards
        if not s.criteria.all()
    ]


@transaction.atomic
def framework_publish(*, framework: AccreditationFramework) -> AccreditationFramework:
    """Publish a draft version: from now it is the current version that new applications use,
    and it is never changed again. Raises AccreditationRefused when it is not ready."""
    framework = AccreditationFramework.objects.select_for_update().get(pk=framework.pk)
    if framework.published_at is not None:
        raise AccreditationRefused(f"Version {framework.version} is already published")
    problems = framework_problems(framework)
    if problems:
        raise AccreditationRefused(". ".join(problems))
    framework.published_at = timezone.now()
    framework.save(update_fields=["published_at"])
    return framework


@transaction.atomic
def standard_save(*, standard: AccreditationStandard) -> AccreditationStandard:
    """Add or change a standard of a draft version (the form and gatekeeper have checked it)."""
    standard.save()
    return standard


@transaction.atomic
def standard_remove(*, standard: AccreditationStandard) -> None:
    """Remove a standard, with its criteria, from a draft version."""
    standard.delete()


@transaction.atomic
def criterion_save(*, criterion: AccreditationCriterion) -> AccreditationCriterion:
    """Add or change a criterion of a draft version (the form and gatekeeper have checked it)."""
    criterion.save()
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: AccreditationCriterion) -> None:
    """Remove a criterion from a draft version."""
    criterion.delete()


# --- Services -------------------------------------------------------------------------------------


@transaction.atomic
def service_save(*, service: Service) -> Service:
    """Add or change a service (the form has checked it)."""
    service.save()
    return service


@transaction.atomic
def service_invite(*, service: Service, actor: User) -> Service:
    """Invite a service to apply (in the pilot, only invited services can). Once is enough."""
    if service.invited_at is None:
        service.invited_at = timezone.now()
        service.invited_by = actor
        service.save(update_fields=["invited_at", "invited_by"])
    return service


@transaction.atomic
def service_contact_add(
    *, service: Service, actor: User, email: str, full_name: str, job_title: str = ""
) -> User:
    """Make someone a contact of the service: they are given a partner-section login (or keep
    the one they have) and may apply for the service. Returns their account."""
    email = (email or "").strip()
    current = (
        PartnerAccess.objects.select_related("user")
        .filter(user__email__iexact=email, ended_at__isnull=True)
        .first()
    )
    if current is not None and has_role(current.user, Role.PARTNER):
        # Their login stands as it is (giving it again would change their organisation).
        service.contacts.add(current.user)
        return current.user
    # Someone whose access ended keeps the organisation they had when it is given again.
    before = (
        PartnerAccess.objects.filter(user__email__iexact=email).order_by("-given_at", "-pk").first()
    )
    try:
        access = partner_access_give(
            actor=actor,
            email=email,
            full_name=full_name,
            organisation=before.organisation if before else None,
            job_title=job_title or (before.job_title if before else ""),
        )
    except PartnerAccessRefused as refusal:
        raise AccreditationRefused(str(refusal)) from refusal
    service.contacts.add(access.user)
    return access.user


@transaction.atomic
def service_contact_remove(*, service: Service, user: User) -> None:
    """Stop someone being a contact of the service (their partner-section login stays)."""
    service.contacts.remove(user)


# --- Applications ---------------------------------------------------------------------------------


@transaction.atomic
def application_start(*, service: Service, actor: User) -> AccreditationApplication:
    """Start the service's application on the current published criteria, which it keeps.
    Raises AccreditationRefused when the service cannot start one now (`start_refusal`)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    framework = current_framework()
    reason = start_refusal(service, open_application=open_application(service), framework=framework)
    if reason:
        raise AccreditationRefused(reason)
    return AccreditationApplication.objects.create(
        service=service, framework=framework, started_by=actor
    )


def _assessment_for(
    application: AccreditationApplication, criterion: AccreditationCriterion
) -> SelfAssessment:
    """The application's answer row for the criterion, made empty when there is none yet (so
    evidence can be added before the answer is written)."""
    assessment, _ = SelfAssessment.objects.get_or_create(
        application=application, criterion=criterion, defaults={"rating": "", "how_we_meet_it": ""}
    )
    return assessment


def _locked(application: AccreditationApplication) -> AccreditationApplication:
    """The application, locked for the change, still open to changes (or AccreditationRefused)."""
    locked = AccreditationApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise AccreditationRefused("This application can no longer be changed")
    return locked


@transaction.atomic
def assessment_save(
    *,
    application: AccreditationApplication,
    criterion: AccreditationCriterion,
    rating: str,
    how_we_meet_it: str,
    actor: User,
) -> SelfAssessment:
    """Keep the service's rating of itself against one criterion and how it meets it."""
    _locked(application)
    assessment = _assessment_for(application, criterion)
    assessment.rating = rating
    assessment.how_we_meet_it = how_we_meet_it
    assessment.updated_by = actor
    assessment.save(update_fields=["rating", "how_we_meet_it", "updated_by", "updated_at"])
    return assessment


@transaction.atomic
def evidence_link(
    *,
    application: AccreditationApplication,
    criterion: AccreditationCriterion,
    actor: User,
    impact_record: ImpactRecord | None = None,
    activity: Activity | None = None,
    note: str = "",
) -> AccreditationEvidence:
    """Link an impact record or an activity to a criterion as evidence (the form has checked the
    person may choose it: published records and public past activities for a service)."""
    _locked(application)
    if (impact_record is None) == (activity is None):
        raise ValueError("Link one impact record or one activity")
    return AccreditationEvidence.objects.create(
        assessment=_assessment_for(application, criterion),
        kind=EvidenceKind.IMPACT if impact_record is not None else EvidenceKind.ACTIVITY,
        impact_record=impact_record,
        activity=activity,
        note=note,
        added_by=actor,
    )


def evidence_document_add(
    *,
    application: AccreditationApplication,
    criterion: AccreditationCriterion,
    actor: User,
    uploaded_file,
    checked: CheckedDocument,
    note: str = "",
) -> AccreditationEvidence:
    """Store a checked upload under a generated name and add it to a criterion as evidence; the
    file is removed again when the row cannot be written."""
    name = default_storage.save(storage_name(checked.extension), uploaded_file)
    try:
        with transaction.atomic():
            _locked(application)
            return AccreditationEvidence.objects.create(
                assessment=_assessment_for(application, criterion),
                kind=EvidenceKind.DOCUMENT,
                document=name,
                document_name=checked.original_name,
                note=note,
                added_by=actor,
            )
    except Exception:
        default_storage.delete(name)
        raise


@transaction.atomic
def evidence_remove(*, evidence: AccreditationEvidence) -> None:
    """Remove a piece of evidence; an uploaded document's file goes once the change commits."""
    _locked(evidence.assessment.application)
    name = evidence.document.name if evidence.document else ""
    evidence.delete()
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def application_submit(
    *, application: AccreditationApplication, actor: User
) -> AccreditationApplication:
    """Send the application to the panel: only a draft, and only when every criterion has a
    rating and an answer (ApplicationIncomplete lists those that do not). The service's contacts
    are each sent a receipt; from now the service can no longer change it."""
    application = AccreditationApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise AccreditationRefused("Only an application in progress can be submitted")
    missing = missing_criteria(application)
    if missing:
        raise ApplicationIncomplete(missing)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    for contact in contacts_to_tell(application.service):
        submitted_send(application=application, user=contact)
    return application


@transaction.atomic
def application_withdraw(
    *, application: AccreditationApplication, actor: User
) -> AccreditationApplication:
    """Withdraw an application that is still open (in progress, submitted or with the panel);
    the service may start a new one later."""
    application = AccreditationApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in OPEN_STATUSES:
        raise AccreditationRefused("Only an open application can be withdrawn")
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application
