"""Writing the demo community: the people, the demo co-creator's login, partners and champions."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import (
    AccessNeed,
    AuditAction,
    AuditEvent,
    Champion,
    CoCreator,
    CoCreatorAccessNeed,
    CoCreatorRelationship,
    CoCreatorStatus,
    Consent,
    ConsentPurpose,
    Demographics,
    EthnicGroup,
    HeardFrom,
    Interest,
    Locality,
    NewsletterChoice,
    PartnerContact,
    PartnerOrganisation,
    Relationship,
    User,
)
from ..services import (
    EQUALITY_CONSENT_WORDING,
    cocreator_for_user_ensure,
    cocreator_update,
    demographics_save,
    equality_consent_give,
)
from .contact_log import ensure_demo_contact_log
from .partners import PARTNERS, _ensure_champions, _ensure_partners
from .people import DEMO_COCREATOR_EMAIL, WHITE_BRITISH, DemoPerson, _phone, demo_people


def _insert_people(people: list[DemoPerson]) -> None:
    """Write the people in a handful of bulk inserts, with the rows the services would write."""
    CoCreator.objects.bulk_create([CoCreator(**p.fields) for p in people])
    ids = dict(
        CoCreator.objects.filter(email__in=[p.email for p in people]).values_list("email", "pk")
    )
    ethnic_groups = EthnicGroup.objects.in_bulk(field_name="label")
    relationships, needs, interest_links, consents, answers, audits = [], [], [], [], [], []
    now = timezone.now()
    for p in people:
        pk = ids[p.email]
        relationships += [CoCreatorRelationship(cocreator_id=pk, kind=k) for k in p.relationships]
        needs += [CoCreatorAccessNeed(cocreator_id=pk, kind=k) for k in p.access_needs]
        interest_links += [
            CoCreator.interests.through(cocreator_id=pk, interest_id=i.pk) for i in p.interests
        ]
        audits.append(AuditEvent(at=now, action=AuditAction.CREATE, cocreator_id=pk))
        if not p.consent:
            continue
        consents.append(
            Consent(
                cocreator_id=pk,
                purpose=ConsentPurpose.EQUALITY_MONITORING,
                wording=EQUALITY_CONSENT_WORDING,
                privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
                given_at=timezone.make_aware(
                    datetime.datetime.combine(p.fields["date_joined"], datetime.time(10, 0))
                ),
            )
        )
        audits.append(AuditEvent(at=now, action=AuditAction.CONSENT, cocreator_id=pk))
        values = dict(p.demographics)
        values["ethnic_group"] = ethnic_groups.get(values.pop("ethnic_group", ""))
        answers.append(Demographics(cocreator_id=pk, **values))
        audits.append(
            AuditEvent(
                at=now,
                action=AuditAction.CHANGE,
                cocreator_id=pk,
                fields=sorted(
                    f"demographics.{k}" for k, v in p.demographics.items() if v not in ("", None)
                ),
            )
        )
    CoCreatorRelationship.objects.bulk_create(relationships)
    CoCreatorAccessNeed.objects.bulk_create(needs)
    CoCreator.interests.through.objects.bulk_create(interest_links)
    Consent.objects.bulk_create(consents)
    Demographics.objects.bulk_create(answers)
    AuditEvent.objects.bulk_create(audits)


def _ensure_demo_cocreator(localities_by_name: dict, interests: list) -> CoCreator | None:
    """Give the demo co-creator login a full profile, through the same services the site uses."""
    user = User.objects.filter(email=DEMO_COCREATOR_EMAIL).first()
    if user is None:
        return None
    cocreator = cocreator_for_user_ensure(user=user)
    alex_interests = {"Psychological therapies", "Carers' support", "Digital services"}
    cocreator_update(
        actor=user,
        cocreator=cocreator,
        relationships=[Relationship.SERVICE_USER, Relationship.CARER],
        access_needs=[AccessNeed.OTHER],
        interests=[i for i in interests if i.name in alex_interests],
        full_name="Alex Morgan",
        preferred_name="Alex",
        pronouns="they/them",
        phone=_phone(999),
        locality=localities_by_name.get("Canterbury"),
        available_evenings=True,
        available_online=True,
        available_in_person=True,
        access_needs_other="Would like papers a few days before a meeting.",
        prefers_email=True,
        prefers_sms=True,
        newsletter=NewsletterChoice.YES,
        heard_from=HeardFrom.FRIEND,
        date_joined=datetime.date(2024, 9, 12),
        status=CoCreatorStatus.ACTIVE,
    )
    equality_consent_give(cocreator=cocreator, actor=user)
    demographics_save(
        cocreator=cocreator,
        actor=user,
        year_of_birth=1991,
        sex="prefer_not",
        gender_same_as_birth="no",
        sexual_orientation="bisexual",
        ethnic_group=EthnicGroup.objects.filter(label=WHITE_BRITISH).first(),
        religion="none",
        disability="yes_a_little",
        carer="yes",
        marital_status="never",
        pregnancy_maternity="no",
        first_language="english",
    )
    return cocreator


@dataclass
class DemoSummary:
    cocreators: int
    cocreators_added: int
    partners: int
    contacts: int
    champions: int
    consented: int

    def line(self) -> str:
        return (
            f"Demo community: {self.cocreators} co-creators ({self.cocreators_added} added, "
            f"{self.consented} with equality answers), {self.partners} partner organisations, "
            f"{self.contacts} partner contacts, {self.champions} champions."
        )


@transaction.atomic
def build_demo_community(*, today: datetime.date | None = None) -> DemoSummary:
    """Create whatever of the demo community is missing; leave what is there alone."""
    today = today or timezone.localdate()
    localities = list(Locality.objects.order_by("name"))
    interests = list(Interest.objects.order_by("kind", "name"))
    localities_by_name = {loc.name: loc for loc in localities}

    people = demo_people(localities=localities, interests=interests, today=today)
    existing = {
        e.lower()
        for e in CoCreator.objects.filter(email__in=[p.email for p in people]).values_list(
            "email", flat=True
        )
    }
    missing = [p for p in people if p.email not in existing]
    if missing:
        _insert_people(missing)
    _ensure_demo_cocreator(localities_by_name, interests)
    _ensure_partners(localities_by_name)
    _ensure_champions(people, localities_by_name, today)
    ensure_demo_contact_log(people, today)

    emails = [p.email for p in people] + [DEMO_COCREATOR_EMAIL]
    demo_cocreators = CoCreator.objects.filter(email__in=emails)
    return DemoSummary(
        cocreators=demo_cocreators.count(),
        cocreators_added=len(missing),
        partners=PartnerOrganisation.objects.filter(name__in=[p["name"] for p in PARTNERS]).count(),
        contacts=PartnerContact.objects.filter(
            organisation__name__in=[p["name"] for p in PARTNERS]
        ).count(),
        champions=Champion.objects.filter(
            Q(cocreator__in=demo_cocreators)
            | Q(partner_contact__organisation__name__in=[p["name"] for p in PARTNERS])
        ).count(),
        consented=Demographics.objects.filter(cocreator__in=demo_cocreators).count(),
    )
