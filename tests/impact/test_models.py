"""Impact records: measurable change worked out from the evidence."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError

from impact.models import (
    BetterDirection,
    ChangeKind,
    EvidenceItem,
    EvidenceSource,
    ImpactRecord,
    ImpactStatus,
    Theme,
)


@pytest.fixture
def record(db):
    return ImpactRecord.objects.create(
        title="Crisis line call-backs",
        what_changed="Call-backs now come within an hour.",
        kind=ChangeKind.SERVICE,
        how_influenced="Co-creators redesigned the call-back script and the rota.",
    )


def _evidence(record, *, baseline, followup, better, followup_date=date(2026, 9, 1)):
    return EvidenceItem.objects.create(
        record=record,
        measure="Median wait for a call-back",
        unit="minutes",
        source=EvidenceSource.WAITING_TIMES,
        baseline_value=Decimal(baseline),
        baseline_date=date(2026, 3, 1),
        followup_value=None if followup is None else Decimal(followup),
        followup_date=None if followup is None else followup_date,
        better=better,
    )


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
    item = _evidence(record, baseline=baseline, followup=followup, better=better)
    assert item.shows_improvement is improved


def test_a_record_shows_measurable_change_when_any_evidence_improved(record):
    _evidence(record, baseline="10", followup="12", better=BetterDirection.LOWER)
    assert not record.shows_measurable_change
    _evidence(record, baseline="40", followup="25", better=BetterDirection.LOWER)
    assert record.shows_measurable_change


def test_a_follow_up_cannot_come_before_its_baseline(record):
    with pytest.raises(IntegrityError):
        _evidence(
            record,
            baseline="1",
            followup="2",
            better=BetterDirection.HIGHER,
            followup_date=date(2026, 1, 1),
        )


def test_a_published_record_must_have_a_publication_date(record):
    record.status = ImpactStatus.PUBLISHED
    with pytest.raises(IntegrityError):
        record.save()


def test_the_starting_themes_are_loaded_as_data(db):
    assert Theme.objects.filter(name="Waiting times").exists()
    assert Theme.objects.count() >= 10
