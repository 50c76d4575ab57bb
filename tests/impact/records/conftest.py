"""Impact records, their evidence and the people who contributed, for the records pages."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from community.models import Interest, InterestKind
from community.services import cocreator_register
from impact.models import (
    BetterDirection,
    ChangeKind,
    EvidenceItem,
    EvidenceSource,
    ImpactRecord,
    ImpactStatus,
)


def service_area(name):
    area, _ = Interest.objects.get_or_create(name=name, kind=InterestKind.SERVICE_AREA)
    return area


def make_record(title="Shorter waits for the memory clinic", **fields):
    values = {
        "what_changed": "Appointments are offered within four weeks.",
        "kind": ChangeKind.SERVICE,
        "how_influenced": "Co-creators mapped the referral journey with the clinic team.",
        "you_said": "Waiting for a memory assessment was too long and worrying.",
        "we_did": "We added an extra clinic each week.",
        **fields,
    }
    if values.get("status") == ImpactStatus.PUBLISHED and not values.get("published_at"):
        values["published_at"] = timezone.now()
    return ImpactRecord.objects.create(title=title, **values)


def add_evidence(record, *, before, after=None, better=BetterDirection.LOWER, measure="Wait"):
    return EvidenceItem.objects.create(
        record=record,
        measure=measure,
        unit="days",
        source=EvidenceSource.WAITING_TIMES,
        baseline_value=Decimal(before),
        baseline_date=datetime.date(2025, 1, 31),
        followup_value=None if after is None else Decimal(after),
        followup_date=None if after is None else datetime.date(2025, 7, 31),
        better=better,
    )


def contributor(name):
    return cocreator_register(
        actor=None,
        full_name=name,
        email=f"{name.split()[0].lower()}@example.org",
        prefers_email=True,
    )


@pytest.fixture
def record(db):
    return make_record()


@pytest.fixture
def evidence(record):
    return add_evidence(record, before="60", after="28")
