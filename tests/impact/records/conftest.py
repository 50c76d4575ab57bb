"""Impact records and their evidence, for the records pages."""

from decimal import Decimal

import pytest

from community.models import Interest, InterestKind
from impact.models import BetterDirection
from tests.impact.factories import EvidenceItemFactory, ImpactRecordFactory


def service_area(name):
    area, _ = Interest.objects.get_or_create(name=name, kind=InterestKind.SERVICE_AREA)
    return area


def add_evidence(record, *, before, after=None, better=BetterDirection.LOWER, measure="Wait"):
    return EvidenceItemFactory(
        record=record,
        measure=measure,
        baseline_value=Decimal(before),
        followup_value=None if after is None else Decimal(after),
        better=better,
    )


@pytest.fixture
def record(db):
    return ImpactRecordFactory()


@pytest.fixture
def evidence(record):
    return add_evidence(record, before="60", after="28")
