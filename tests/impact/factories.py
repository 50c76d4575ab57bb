"""Factories for the impact app: impact records, their evidence, and survey invitations."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from impact.models import (
    BetterDirection,
    ChangeKind,
    EvidenceItem,
    EvidenceSource,
    ImpactRecord,
    ImpactStatus,
    SurveyInvitation,
    SurveyKind,
)
from tests.community.factories import CoCreatorFactory


class ImpactRecordFactory(factory.django.DjangoModelFactory):
    """A draft record of a change to a service; published now if made with `published=True`."""

    class Meta:
        model = ImpactRecord

    class Params:
        published = factory.Trait(status=ImpactStatus.PUBLISHED)

    title = "Shorter waits for the memory clinic"
    what_changed = "Appointments are offered within four weeks."
    kind = ChangeKind.SERVICE
    how_influenced = "Co-creators mapped the referral journey with the clinic team."
    you_said = "Waiting for a memory assessment was too long and worrying."
    we_did = "We added an extra clinic each week."
    status = ImpactStatus.DRAFT
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == ImpactStatus.PUBLISHED else None
    )


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    """A before-and-after measure: waiting days, lower is better, January to July 2025."""

    class Meta:
        model = EvidenceItem

    record = factory.SubFactory(ImpactRecordFactory)
    measure = "Wait"
    unit = "days"
    source = EvidenceSource.WAITING_TIMES
    baseline_value = Decimal("60")
    baseline_date = datetime.date(2025, 1, 31)
    followup_value = None
    followup_date = factory.LazyAttribute(
        lambda o: None if o.followup_value is None else datetime.date(2025, 7, 31)
    )
    better = BetterDirection.LOWER


class SurveyInvitationFactory(factory.django.DjangoModelFactory):
    """An invitation to a survey (experience, unless told), due today."""

    class Meta:
        model = SurveyInvitation

    cocreator = factory.SubFactory(CoCreatorFactory)
    kind = SurveyKind.EXPERIENCE
    activity = None
    key = factory.LazyAttribute(
        lambda o: f"{o.kind}:{o.activity.pk if o.activity else 0}:{o.cocreator.pk}"
    )
    due_on = factory.LazyFunction(timezone.localdate)
