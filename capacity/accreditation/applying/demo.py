"""The demo's accreditation applying rows (seed_demo, through capacity/accreditation/demo.py): the
published criteria "2026.1" (four standards of three criteria each), the services, and their
applications: two submitted with every criterion answered and evidence linked from the demo's
published impact records and public past activities, a third submitted, a fourth in progress
(half answered), and a service not yet invited, to show the pilot rule. The demo partner login
(partner@example.org) is a contact of the first two. The panel's demo then reviews the submitted
ones. Idempotent (nothing is added when the criteria are there) and small: a few bulk inserts."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from activities.models import Activity
from community.models import User
from impact.models import ImpactRecord

from ...models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationEvidence,
    AccreditationFramework,
    AccreditationStandard,
    ApplicationStatus,
    EvidenceKind,
    SelfAssessment,
    Service,
)

VERSION = "2026.1"
PARTNER_EMAIL = "partner@example.org"
STAFF_EMAIL = "staff@example.org"

INTRODUCTION = (
    "The trust's co-creation accreditation recognises services that make patients, carers, "
    "families and communities equal partners in shaping care. Rate your service against each "
    "criterion, say how you meet it, and link the evidence. A panel that includes co-creators "
    "reviews every application."
)

# (title, guidance, [(criterion, guidance, evidence needed, how a service meets it)])
STANDARDS = [
    (
        "Lived experience shapes the service",
        "Co-creation starts with the people who use the service and those who care for them.",
        [
            (
                "People with lived experience shape the service's priorities.",
                "Priorities for the year are agreed with co-creators, not only shown to them.",
                "Minutes or notes of the meeting where priorities were agreed, and who was there.",
                "Co-creators sat on the group that chose this year's three priorities. Two of "
                "the three came from them: shorter waits for a first appointment and evening "
                "clinics.",
            ),
            (
                "Co-creators are involved from the start of a change, not only asked at the end.",
                "Look at the last changes you made: when were co-creators first involved?",
                "An impact record or project plan showing co-creators at the idea stage.",
                "The new welcome pack was drafted in a workshop with co-creators before any "
                "staff wrote a word of it.",
            ),
            (
                "The service tells people what changed because of what they said.",
                "Closing the loop matters: people should hear back, in plain English.",
                "A published 'You said, we did', a newsletter item or a poster.",
                "We publish a 'You said, we did' every quarter and read it out at the "
                "community meeting.",
            ),
        ],
    ),
    (
        "Working as equal partners",
        "Partnership means fair reward, accessible meetings and shared decisions.",
        [
            (
                "Co-creators are paid, or offered expenses, fairly for their time.",
                "Follow the trust's involvement payment policy for each kind of activity.",
                "The activity records showing payment or expenses offered.",
                "Every session we run says up front whether it is paid or expenses only, and "
                "claims are paid within a month.",
            ),
            (
                "Meetings are accessible: plain English, time to prepare, and the support "
                "people need.",
                "Think about papers sent early, breaks, interpreters, online and in-person "
                "options.",
                "An agenda or papers sent in advance, and the access needs asked about.",
                "Papers go out a week before, in plain English, and we ask everyone what would "
                "help them take part.",
            ),
            (
                "Decisions are shared, and it is clear who decides what.",
                "Be open about what can and cannot change, and why.",
                "Terms of reference or notes showing how a decision was made together.",
                "Our working group's terms of reference say which decisions are shared. Where "
                "we could not do something, we said why.",
            ),
        ],
    ),
    (
        "Reaching everyone we serve",
        "Hear from the communities who are least often heard.",
        [
            (
                "The service knows which communities it does not yet hear from, and acts to "
                "reach them.",
                "Compare who takes part with the people the service cares for.",
                "A comparison of who took part with the population served, and the actions taken.",
                "We compared who took part with our caseload and found we heard little from "
                "young men. We now run a session at a local football club.",
            ),
            (
                "The service works with voluntary, community and faith groups.",
                "Partners can reach people the trust does not.",
                "An activity run with a partner organisation.",
                "We ran two listening events with a local faith group and a carers' charity.",
            ),
            (
                "Carers and families are involved as well as patients.",
                "Carers and families see things patients and staff may not.",
                "Activities or records showing carers' and families' involvement.",
                "Carers have a seat on our service user and carer forum and helped redesign "
                "our discharge letters.",
            ),
        ],
    ),
    (
        "Learning and showing impact",
        "Keep learning, and show what changed because of co-creation.",
        [
            (
                "The team has had co-creation training.",
                "At least the team's leaders, and the staff who run involvement activities.",
                "Training completions, or the dates of the team's sessions.",
                "Most of the team completed the trust's co-creation training this year, and "
                "new starters do it in their first three months.",
            ),
            (
                "The service records the impact of co-creation.",
                "Use the trust's impact records: what changed, and how co-creation influenced it.",
                "Impact records for changes the service made.",
                "We keep impact records for each change, with the figures before and after.",
            ),
            (
                "The service reviews how co-creation is going with co-creators, at least once a "
                "year.",
                "Ask co-creators what is working and what is not, and act on it.",
                "Notes of the review and what changed after it.",
                "Each spring we hold a review with our co-creators. This year it led to "
                "shorter meetings and more evening sessions.",
            ),
        ],
    ),
]

# (name, directorate, about, invited, status of its application or None, answered criteria)
SERVICES = [
    (
        "Community Mental Health Team, Medway",
        "Adult community services",
        "Care and treatment at home and in the community for adults in Medway.",
        True,
        ApplicationStatus.SUBMITTED,
        12,
    ),
    (
        "Early Intervention in Psychosis, Canterbury",
        "Adult community services",
        "Support for people aged 14 to 65 experiencing a first episode of psychosis.",
        True,
        ApplicationStatus.SUBMITTED,
        12,
    ),
    (
        "Mother and Baby Unit",
        "Specialist services",
        "Inpatient care for mothers with serious mental illness, with their babies.",
        True,
        ApplicationStatus.SUBMITTED,
        12,
    ),
    (
        "Older Adults Ward, Dartford",
        "Older adults services",
        "Inpatient care for older adults with mental illness or dementia.",
        True,
        ApplicationStatus.DRAFT,
        6,
    ),
    (
        "Crisis Resolution and Home Treatment, Maidstone",
        "Acute services",
        "Round-the-clock support at home for adults in a mental health crisis.",
        False,
        None,
        0,
    ),
]
PARTNER_SERVICES = 2  # the demo partner login is a contact of the first two
# How long ago each submitted application was submitted: the first two early in the year (the
# panel's demo accredits them), the third recently (the panel's demo leaves it in review).
SUBMITTED_DAYS_AGO = (300, 290, 40)
LONG_AGO = datetime.timedelta(days=330)


def demo_build() -> None:
    """Add the demo rows unless they are there already."""
    if AccreditationFramework.objects.filter(version=VERSION).exists():
        return
    with transaction.atomic():
        _build()


def _build() -> None:
    now = timezone.now()
    people = {u.email: u for u in User.objects.filter(email__in=[STAFF_EMAIL, PARTNER_EMAIL])}
    staff, partner = people.get(STAFF_EMAIL), people.get(PARTNER_EMAIL)
    framework = AccreditationFramework.objects.create(
        version=VERSION,
        introduction=INTRODUCTION,
        published_at=now - datetime.timedelta(days=120),
    )
    standards = AccreditationStandard.objects.bulk_create(
        AccreditationStandard(framework=framework, number=n, title=title, guidance=guidance)
        for n, (title, guidance, _) in enumerate(STANDARDS, start=1)
    )
    criteria, answers = [], []
    for standard, (_, _, rows) in zip(standards, STANDARDS, strict=True):
        for n, (text, guidance, evidence, answer) in enumerate(rows, start=1):
            criteria.append(
                AccreditationCriterion(
                    standard=standard,
                    number=n,
                    text=text,
                    guidance=guidance,
                    evidence_needed=evidence,
                )
            )
            answers.append(answer)
    criteria = AccreditationCriterion.objects.bulk_create(criteria)

    services = Service.objects.bulk_create(
        Service(
            name=name,
            directorate=directorate,
            about=about,
            invited_at=now - datetime.timedelta(days=100) if invited else None,
            invited_by=staff if invited else None,
        )
        for name, directorate, about, invited, _, _ in SERVICES
    )
    if partner is not None:
        Service.contacts.through.objects.bulk_create(
            Service.contacts.through(service=service, user=partner)
            for service in services[:PARTNER_SERVICES]
        )

    applications = AccreditationApplication.objects.bulk_create(
        AccreditationApplication(
            service=service,
            framework=framework,
            status=status,
            started_by=partner if (partner and i < PARTNER_SERVICES) else staff,
            submitted_at=(
                now - datetime.timedelta(days=SUBMITTED_DAYS_AGO[i])
                if status == ApplicationStatus.SUBMITTED
                else None
            ),
        )
        for i, (service, (*_, status, _)) in enumerate(zip(services, SERVICES, strict=True))
        if status is not None
    )
    # When each was started, before it was submitted (created_at is set on insert): the first
    # two long enough ago for the panel's demo to have awarded them months ago.
    AccreditationApplication.objects.filter(pk__in=[a.pk for a in applications]).update(
        created_at=Case(
            When(pk__in=[a.pk for a in applications[:2]], then=Value(now - LONG_AGO)),
            default=Value(now - datetime.timedelta(days=60)),
        )
    )
    answered_counts = [count for *_, status, count in SERVICES if status is not None]
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(
            application=application,
            criterion=criterion,
            rating=SelfAssessment.Rating.MET if (i + j) % 3 else SelfAssessment.Rating.PARTLY,
            how_we_meet_it=answer,
            updated_by=application.started_by,
        )
        for i, (application, count) in enumerate(zip(applications, answered_counts, strict=True))
        for j, (criterion, answer) in enumerate(zip(criteria, answers, strict=True))
        if j < count
    )
    _evidence(assessments, applications[: PARTNER_SERVICES + 1])


def _evidence(assessments: list[SelfAssessment], evidenced) -> None:
    """Link the demo's published impact records and public past activities to the answers of
    the applications in `evidenced`, one or two a criterion, taking them in turn."""
    records = list(ImpactRecord.objects.published().order_by("-published_at", "-pk")[:8])
    activities = list(
        Activity.objects.public()
        .filter(starts_at__lt=timezone.now())
        .order_by("-starts_at", "-pk")[:8]
    )
    evidenced_pks = {a.pk for a in evidenced}
    rows = []
    for n, assessment in enumerate(a for a in assessments if a.application_id in evidenced_pks):
        if records and n % 2 == 0:
            rows.append(
                AccreditationEvidence(
                    assessment=assessment,
                    kind=EvidenceKind.IMPACT,
                    impact_record=records[n % len(records)],
                    note="Shows what changed, and how co-creators influenced it.",
                    added_by=assessment.updated_by,
                )
            )
        if activities:
            rows.append(
                AccreditationEvidence(
                    assessment=assessment,
                    kind=EvidenceKind.ACTIVITY,
                    activity=activities[n % len(activities)],
                    note="Co-creators took part in this session.",
                    added_by=assessment.updated_by,
                )
            )
    AccreditationEvidence.objects.bulk_create(rows)
