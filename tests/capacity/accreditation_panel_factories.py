"""Rows for the accreditation panel's tests: a published version of the criteria, a service with
its contacts, a submitted application answered against every criterion with evidence of each kind
(an impact record, an activity and a stored document), a panel and its scores. (To fold into
tests/capacity/factories.py once the packages meet.)"""

from __future__ import annotations

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from capacity.models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationEvidence,
    AccreditationFramework,
    AccreditationStandard,
    ApplicationStatus,
    EvidenceKind,
    PanelMember,
    PanelScore,
    SelfAssessment,
    Service,
)
from tests.activities.factories import ActivityFactory
from tests.impact.factories import ImpactRecordFactory

_numbers = itertools.count(1)


def framework_make(*, criteria: tuple[int, ...] = (2, 1)) -> AccreditationFramework:
    """A published version with a standard per number given, each with that many criteria."""
    n = next(_numbers)
    framework = AccreditationFramework.objects.create(
        version=f"1.{n}", introduction="How we judge co-creation.", published_at=timezone.now()
    )
    for s, count in enumerate(criteria, start=1):
        standard = AccreditationStandard.objects.create(
            framework=framework, number=s, title=f"Standard {s}", guidance="Why it matters."
        )
        for c in range(1, count + 1):
            AccreditationCriterion.objects.create(
                standard=standard,
                number=c,
                text=f"People who use the service help shape it ({s}.{c}).",
                guidance="Look for decisions made with people, not only views asked for.",
                evidence_needed="An impact record or minutes of a meeting.",
            )
    return framework


def service_make(*, name: str | None = None, contacts=()) -> Service:
    service = Service.objects.create(
        name=name or f"Community mental health team {next(_numbers)}",
        directorate="Adult services",
        about="Care in the community for adults.",
        invited_at=timezone.now(),
    )
    service.contacts.set(contacts)
    return service


def application_make(
    *,
    framework: AccreditationFramework | None = None,
    service: Service | None = None,
    status: str = ApplicationStatus.SUBMITTED,
    evidence: bool = True,
) -> AccreditationApplication:
    """A submitted application with a self-assessment for every criterion; the first criterion
    has an impact record, an activity and a stored document as evidence."""
    framework = framework or framework_make()
    application = AccreditationApplication.objects.create(
        service=service or service_make(),
        framework=framework,
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=10),
    )
    criteria = AccreditationCriterion.objects.filter(standard__framework=framework).order_by(
        "standard__number", "number"
    )
    for i, criterion in enumerate(criteria):
        assessment = SelfAssessment.objects.create(
            application=application,
            criterion=criterion,
            rating=SelfAssessment.Rating.MET,
            how_we_meet_it=f"Carers sit on our improvement group (answer {i + 1}).",
        )
        if evidence and i == 0:
            AccreditationEvidence.objects.create(
                assessment=assessment,
                kind=EvidenceKind.IMPACT,
                impact_record=ImpactRecordFactory(title="Evening clinic added"),
            )
            AccreditationEvidence.objects.create(
                assessment=assessment,
                kind=EvidenceKind.ACTIVITY,
                activity=ActivityFactory(title="Improvement group meeting"),
            )
            document = AccreditationEvidence(
                assessment=assessment,
                kind=EvidenceKind.DOCUMENT,
                document_name="Minutes of the improvement group.pdf",
                note="See page 2.",
            )
            document.document.save(
                f"accreditation/evidence-{next(_numbers)}.pdf",
                ContentFile(b"%PDF-1.7 minutes"),
                save=False,
            )
            document.save()
    return application


def seat_make(application, user, *, is_cocreator: bool, conflict: bool | None = False, by=None):
    """A reviewer on the panel; `conflict` None means they have not said yet."""
    return PanelMember.objects.create(
        application=application,
        user=user,
        is_cocreator=is_cocreator,
        added_by=by,
        conflict_declared_at=None if conflict is None else timezone.now(),
        has_conflict=bool(conflict),
        conflict_details="I work there." if conflict else "",
    )


def scores_make(member: PanelMember, *, score: int = 2) -> list[PanelScore]:
    """The reviewer scores every criterion of the application's version."""
    criteria = AccreditationCriterion.objects.filter(
        standard__framework_id=member.application.framework_id
    )
    return [
        PanelScore.objects.create(member=member, criterion=c, score=score, comment="Good evidence.")
        for c in criteria
    ]
