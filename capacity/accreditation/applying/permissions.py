"""Who may reach accreditation's criteria, services, applications and evidence. Every applying
view (and the panel's, for an application) reaches them through the checks here; each answers
404 for what the person may not see.

Staff reach everything. A service team's contact (a partner-section login, `Role.PARTNER`) reaches
only the services they are a contact of and those services' applications; they may change an
application (answers, evidence) only while it is a draft. Criteria are staff only to keep, and a
published version of them is never changed (`write=True` refuses it). Everyone else: 404.
The role checks for whole areas (`staff_required`, `role_required(Role.PARTNER)`) come first.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role

from ...models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationEvidence,
    AccreditationFramework,
    AccreditationStandard,
    ApplicationStatus,
    Service,
)

# While an application is with the service, they (and staff) may change it; staff may still mend
# it once it is submitted, until the panel starts.
SERVICE_WRITES = (ApplicationStatus.DRAFT,)
STAFF_WRITES = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)


def is_staff(user) -> bool:
    return has_role(user, Role.STAFF)


def get_framework_for_user(user, pk: int, *, write: bool = False) -> AccreditationFramework:
    """A version of the criteria: staff only; to change, only a draft (never a published one)."""
    if not is_staff(user):
        raise Http404
    framework = get_object_or_404(AccreditationFramework, pk=pk)
    if write and framework.published_at is not None:
        raise Http404
    return framework


def get_standard_for_user(user, pk: int, *, write: bool = False) -> AccreditationStandard:
    """A standard of a version of the criteria: as its version (`get_framework_for_user`)."""
    if not is_staff(user):
        raise Http404
    standard = get_object_or_404(AccreditationStandard.objects.select_related("framework"), pk=pk)
    if write and standard.framework.published_at is not None:
        raise Http404
    return standard


def get_criterion_for_user(user, pk: int, *, write: bool = False) -> AccreditationCriterion:
    """A criterion of a version of the criteria: as its version (`get_framework_for_user`)."""
    if not is_staff(user):
        raise Http404
    criterion = get_object_or_404(
        AccreditationCriterion.objects.select_related("standard__framework"), pk=pk
    )
    if write and criterion.standard.framework.published_at is not None:
        raise Http404
    return criterion


def get_service_for_user(user, pk: int) -> Service:
    """A service: staff reach any; a partner-section login only a service they are a contact of;
    everyone else 404."""
    if is_staff(user):
        return get_object_or_404(Service, pk=pk)
    if has_role(user, Role.PARTNER):
        return get_object_or_404(Service, pk=pk, contacts=user)
    raise Http404


def get_application_for_user(user, pk: int, *, write: bool = False) -> AccreditationApplication:
    """An application: staff reach any; a partner-section login only an application of a service
    they are a contact of; everyone else 404. With `write=True` (changing the self-assessment or
    evidence), the service only while it is a draft, staff while it is a draft or submitted (not
    once the panel has it)."""
    rows = AccreditationApplication.objects.select_related("service", "framework")
    if is_staff(user):
        application = get_object_or_404(rows, pk=pk)
        if write and application.status not in STAFF_WRITES:
            raise Http404
        return application
    if has_role(user, Role.PARTNER):
        application = get_object_or_404(rows, pk=pk, service__contacts=user)
        if write and application.status not in SERVICE_WRITES:
            raise Http404
        return application
    raise Http404


def can_write_application(user, application: AccreditationApplication) -> bool:
    """Whether `get_application_for_user(..., write=True)` lets this person change it (for pages
    that show or hide the change links)."""
    allowed = STAFF_WRITES if is_staff(user) else SERVICE_WRITES
    return application.status in allowed


def get_criterion_of_application(
    application: AccreditationApplication, criterion_pk: int
) -> AccreditationCriterion:
    """A criterion of the version the application is assessed against; any other 404. The
    application itself comes from `get_application_for_user`."""
    return get_object_or_404(
        AccreditationCriterion.objects.select_related("standard"),
        pk=criterion_pk,
        standard__framework_id=application.framework_id,
    )


def get_evidence_for_user(
    user, application_pk: int, pk: int, *, write: bool = False
) -> AccreditationEvidence:
    """A piece of evidence (to download it, or to remove it with `write=True`): through its
    application's check (`get_application_for_user`), so the same people reach it."""
    application = get_application_for_user(user, application_pk, write=write)
    return get_object_or_404(
        AccreditationEvidence.objects.select_related(
            "assessment__criterion__standard", "assessment__application"
        ),
        pk=pk,
        assessment__application=application,
    )
