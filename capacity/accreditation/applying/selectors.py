"""Reads for applying for accreditation: the versions of the criteria, the services with their
latest application, a contact's own services, an application's page (criteria by standard, each
with the service's answer and evidence, and how far it has got), what is still missing before
it can be submitted, and the staff dashboard's count. Each in a fixed number of queries whatever
the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from ...models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationEvidence,
    AccreditationFramework,
    AccreditationStandard,
    ApplicationStatus,
    SelfAssessment,
    Service,
)

OPEN = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)

# Tag colours for an application's status (NHS.UK tags).
STATUS_TAGS = {
    ApplicationStatus.DRAFT: "nhsuk-tag--grey",
    ApplicationStatus.SUBMITTED: "nhsuk-tag--blue",
    ApplicationStatus.IN_REVIEW: "nhsuk-tag--purple",
    ApplicationStatus.AWARDED: "nhsuk-tag--green",
    ApplicationStatus.ACTIONS_NEEDED: "nhsuk-tag--orange",
    ApplicationStatus.WITHDRAWN: "nhsuk-tag--white",
}


def pilot_on() -> bool:
    """Whether accreditation is a pilot: only invited services can start an application."""
    return bool(getattr(settings, "ACCREDITATION_PILOT", True))


# --- The criteria ---------------------------------------------------------------------------------


def current_framework() -> AccreditationFramework | None:
    """The current version of the criteria: the one published last (None before the first)."""
    return (
        AccreditationFramework.objects.filter(published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


def draft_framework() -> AccreditationFramework | None:
    """The version being drafted, if there is one."""
    return AccreditationFramework.objects.filter(published_at__isnull=True).order_by("pk").first()


@dataclass
class FrameworkRow:
    framework: AccreditationFramework
    standards: int
    criteria: int
    applications: int
    is_current: bool


def framework_rows() -> list[FrameworkRow]:
    """Every version of the criteria, a draft first, then the newest published, with counts of
    standards, criteria and applications made against it. One query."""
    frameworks = list(
        AccreditationFramework.objects.annotate(
            n_standards=Count("standards", distinct=True),
            n_criteria=Count("standards__criteria", distinct=True),
            n_applications=Count("applications", distinct=True),
        ).order_by("-published_at", "-pk")
    )
    frameworks.sort(key=lambda f: f.published_at is not None)  # stable: drafts first
    published = [f for f in frameworks if f.published_at is not None]
    current_pk = published[0].pk if published else None
    return [
        FrameworkRow(
            framework=f,
            standards=f.n_standards,
            criteria=f.n_criteria,
            applications=f.n_applications,
            is_current=f.pk == current_pk,
        )
        for f in frameworks
    ]


def framework_standards(framework: AccreditationFramework) -> list[AccreditationStandard]:
    """A version's standards in order, each with its criteria (`criteria.all()`). Two queries."""
    return list(
        AccreditationStandard.objects.filter(framework=framework)
        .prefetch_related(
            Prefetch("criteria", queryset=AccreditationCriterion.objects.order_by("number"))
        )
        .order_by("number")
    )


# --- Services -------------------------------------------------------------------------------------


def _latest(field_name: str):
    return Subquery(
        AccreditationApplication.objects.filter(service=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values(field_name)[:1]
    )


def service_rows(*, status: str = "") -> list[Service]:
    """Every service by name, each with `latest_status` and `latest_pk` (its latest application,
    or None) and `n_contacts`; only those whose latest application has `status`, if given. One
    query."""
    services = Service.objects.annotate(
        latest_status=_latest("status"),
        latest_pk=_latest("pk"),
        n_contacts=Count("contacts", distinct=True),
    ).order_by("name", "pk")
    if status:
        services = services.filter(latest_status=status)
    rows = list(services)
    for service in rows:
        service.latest_status_label = (
            ApplicationStatus(service.latest_status).label if service.latest_status else ""
        )
        service.latest_status_tag = STATUS_TAGS.get(service.latest_status, "")
    return rows


def services_summary() -> dict:
    """Counts for the top of the services page: services, invited, and applications by status.
    Two queries."""
    services = Service.objects.aggregate(
        total=Count("pk"), invited=Count("pk", filter=Q(invited_at__isnull=False))
    )
    by_status = dict(AccreditationApplication.objects.values_list("status").annotate(n=Count("pk")))
    return {
        "services": services["total"],
        "invited": services["invited"],
        "submitted": by_status.get(ApplicationStatus.SUBMITTED, 0),
        "in_review": by_status.get(ApplicationStatus.IN_REVIEW, 0),
        "awarded": by_status.get(ApplicationStatus.AWARDED, 0),
    }


def open_application(service: Service) -> AccreditationApplication | None:
    """The service's application in progress, submitted or with the panel, if any."""
    return AccreditationApplication.objects.filter(service=service, status__in=OPEN).first()


def start_refusal(
    service: Service,
    *,
    open_application: AccreditationApplication | None,
    framework: AccreditationFramework | None,
) -> str:
    """Why the service cannot start an application now, in plain English ("" when it can)."""
    if open_application is not None:
        return (
            f"{service.name} already has an application "
            f"({open_application.get_status_display().lower()}). "
            "A service has one open application at a time."
        )
    if pilot_on() and service.invited_at is None:
        return (
            f"{service.name} has not been invited to apply yet. Accreditation is a pilot for "
            "now, so only services the involvement team has invited can apply. If you would like "
            "to take part, ask the involvement team."
        )
    if framework is None:
        return (
            "The accreditation criteria have not been published yet, so no application can be "
            "started. Please try again later."
        )
    return ""


@dataclass
class ServiceCard:
    service: Service
    applications: list[AccreditationApplication]
    open_application: AccreditationApplication | None
    refusal: str


def service_cards(services) -> list[ServiceCard]:
    """Each service with its applications (newest first), its open one, and why it cannot start
    one now ("" when it can). Three queries whatever the number of services."""
    framework = current_framework()
    services = list(
        services.prefetch_related(
            Prefetch(
                "applications",
                queryset=AccreditationApplication.objects.select_related("framework").order_by(
                    "-created_at", "-pk"
                ),
            )
        )
    )
    cards = []
    for service in services:
        applications = list(service.applications.all())
        for application in applications:
            application.status_tag = STATUS_TAGS.get(application.status, "")
        current = next((a for a in applications if a.status in OPEN), None)
        cards.append(
            ServiceCard(
                service=service,
                applications=applications,
                open_application=current,
                refusal=start_refusal(service, open_application=current, framework=framework),
            )
        )
    return cards


def partner_service_cards(user) -> list[ServiceCard]:
    """The services the partner-section login is a contact of, by name (`service_cards`)."""
    return service_cards(Service.objects.filter(contacts=user).order_by("name", "pk"))


def service_contacts(service: Service) -> list:
    """The service's contacts, by name. One query."""
    return list(service.contacts.order_by("full_name", "email", "pk"))


# --- An application -------------------------------------------------------------------------------


def is_answered(assessment: SelfAssessment | None) -> bool:
    """Whether a criterion has both a rating and an answer to "how we meet it"."""
    return bool(assessment is not None and assessment.rating and assessment.how_we_meet_it.strip())


@dataclass
class CriterionItem:
    criterion: AccreditationCriterion
    assessment: SelfAssessment | None
    evidence: list[AccreditationEvidence] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return is_answered(self.assessment)


@dataclass
class StandardBlock:
    standard: AccreditationStandard
    items: list[CriterionItem]


@dataclass
class ApplicationPage:
    blocks: list[StandardBlock]
    answered: int
    total: int
    evidence: int

    @property
    def missing(self) -> list[AccreditationCriterion]:
        return [i.criterion for b in self.blocks for i in b.items if not i.answered]


def application_page(application: AccreditationApplication) -> ApplicationPage:
    """The criteria of the application's version by standard, each with the service's answer
    and evidence, and how many are answered. Four queries."""
    standards = framework_standards(application.framework)
    assessments = {
        a.criterion_id: a
        for a in SelfAssessment.objects.filter(application=application)
        .select_related("updated_by")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=AccreditationEvidence.objects.select_related(
                    "impact_record", "activity"
                ).order_by("added_at", "pk"),
            )
        )
    }
    blocks, answered, total, evidence = [], 0, 0, 0
    for standard in standards:
        items = []
        for criterion in standard.criteria.all():
            assessment = assessments.get(criterion.pk)
            item = CriterionItem(
                criterion=criterion,
                assessment=assessment,
                evidence=list(assessment.evidence.all()) if assessment else [],
            )
            items.append(item)
            total += 1
            answered += item.answered
            evidence += len(item.evidence)
        blocks.append(StandardBlock(standard=standard, items=items))
    return ApplicationPage(blocks=blocks, answered=answered, total=total, evidence=evidence)


def criterion_item(
    application: AccreditationApplication, criterion: AccreditationCriterion
) -> CriterionItem:
    """One criterion of the application with the service's answer and evidence. Two queries."""
    assessment = (
        SelfAssessment.objects.filter(application=application, criterion=criterion)
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=AccreditationEvidence.objects.select_related(
                    "impact_record", "activity"
                ).order_by("added_at", "pk"),
            )
        )
        .first()
    )
    return CriterionItem(
        criterion=criterion,
        assessment=assessment,
        evidence=list(assessment.evidence.all()) if assessment else [],
    )


def missing_criteria(application: AccreditationApplication) -> list[AccreditationCriterion]:
    """The criteria of the application's version that have no rating or no answer yet, in order.
    Two queries."""
    answered = SelfAssessment.objects.filter(application=application).exclude(rating="")
    answered_ids = {
        pk
        for pk, text in answered.values_list("criterion_id", "how_we_meet_it")
        if (text or "").strip()
    }
    return [
        c
        for c in AccreditationCriterion.objects.filter(
            standard__framework_id=application.framework_id
        )
        .select_related("standard")
        .order_by("standard__number", "number")
        if c.pk not in answered_ids
    ]


# A service's contacts who may still be told about its accreditation: an open login whose
# partner access has not ended (someone whose access ended cannot open the pages a message links
# to). One rule, for one service (`contacts_to_tell`) and for many at once (a Prefetch of it).
CONTACT_TO_TELL = Q(is_active=True, partner_access__ended_at__isnull=True)


def contacts_to_tell(service):
    """The service's contacts who may be told (`CONTACT_TO_TELL`), by id."""
    return service.contacts.filter(CONTACT_TO_TELL).order_by("pk")
