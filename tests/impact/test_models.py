"""Impact records: measurable change worked out from the evidence."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError

from impact.models import (
    BetterDirection,
    ImpactStatus,
    Theme,
)
from tests.impact.factories import EvidenceItemFactory, ImpactRecordFactory


@pytest.fixture
def record(db):
    return ImpactRecordFactory(title="Crisis line call-backs")


@pytest.mark.parametrize(
    ("baseline", "followup", "better", "improved"),
    [
        ("180", "55", BetterDirection.LOWER, True),  # shorter waits
        ("180", "200", BetterDirection.LOWER, False),
        ("62", "71", BetterDirection.HIGHER, True),  # higher FFT % positive
        ("62", "62", BetterDirection.HIGHER, False),  # no change is not a change
        ("62", None, BetterDirection.HIGHER, False),  # no follow-up yet
    ],
)
def test_an_evidence_item_shows_improvement_only_in_the_better_direction(
    record, baseline, followup, better, improved
):
    item = EvidenceItemFactory(
        record=record,
        baseline_value=Decimal(baseline),
        followup_value=None if followup is None else Decimal(followup),
        better=better,
    )
    assert item.shows_improvement is improved


def test_a_record_shows_measurable_change_when_any_evidence_improved(record):
    lower = BetterDirection.LOWER
    EvidenceItemFactory(
        record=record, baseline_value=Decimal(10), followup_value=Decimal(12), better=lower
    )
    assert not record.shows_measurable_change
    EvidenceItemFactory(
        record=record, baseline_value=Decimal(40), followup_value=Decimal(25), better=lower
    )
    assert record.shows_measurable_change


def test_a_follow_up_cannot_come_before_its_baseline(record):
    with pytest.raises(IntegrityError):
        EvidenceItemFactory(
            record=record,
            baseline_value=Decimal(1),
            baseline_date=date(2026, 3, 1),
            followup_value=Decimal(2),
            followup_date=date(2026, 1, 1),
        )


def test_a_published_record_must_have_a_publication_date(record):
    record.status = ImpactStatus.PUBLISHED
    with pytest.raises(IntegrityError):
        record.save()


def test_the_starting_themes_are_loaded_as_data(db):
    assert Theme.objects.filter(name="Waiting times").exists()
    assert Theme.objects.count() >= 10
