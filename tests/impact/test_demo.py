"""The demo impact data: loaded by seed_demo, the same every time, and internally consistent."""

from io import StringIO

import pytest
from django.core.management import call_command

from impact import swemwbs
from impact.models import (
    ExperienceResponse,
    ImpactRecord,
    ImpactStatus,
    InsightTag,
    SourceThemeCount,
    SurveyKind,
    WellbeingResponse,
)


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def _counts():
    return (
        ImpactRecord.objects.count(),
        ExperienceResponse.objects.count(),
        WellbeingResponse.objects.count(),
        SourceThemeCount.objects.count(),
        InsightTag.objects.count(),
    )


def test_the_demo_adds_impact_records_surveys_and_theme_counts_once(seeded):
    first = _counts()
    assert first[0] == 20 and first[1] > 0 and first[2] > 0 and first[3] > 0 and first[4] > 0
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first


def test_published_demo_records_can_be_shown_publicly(seeded):
    published = ImpactRecord.objects.published()
    assert published.count() == 12
    assert all(r.you_said and (r.we_did or r.we_could_not) for r in published)
    assert not published.filter(published_at__isnull=True).exists()
    assert ImpactRecord.objects.exclude(status=ImpactStatus.PUBLISHED).exists()


def test_anonymous_demo_answers_are_not_linked_to_anyone(seeded):
    anonymous = ExperienceResponse.objects.filter(anonymous=True)
    assert anonymous.exists()
    assert not anonymous.filter(cocreator__isnull=False).exists()
    assert not anonymous.filter(activity__isnull=False).exists()


def test_demo_wellbeing_pairs_are_scored_with_the_table_and_change_both_ways(seeded):
    table = swemwbs.conversion_table()
    for response in WellbeingResponse.objects.all()[:50]:
        assert response.raw_total == sum(response.answers)
        assert response.metric_score == table[response.raw_total]
    before = dict(
        WellbeingResponse.objects.filter(kind=SurveyKind.WELLBEING_BEFORE).values_list(
            "cocreator_id", "metric_score"
        )
    )
    after = dict(
        WellbeingResponse.objects.filter(kind=SurveyKind.WELLBEING_FOLLOWUP).values_list(
            "cocreator_id", "metric_score"
        )
    )
    classes = {
        swemwbs.classify_change(before[pk], after[pk], threshold=swemwbs.default_threshold())
        for pk in before
    }
    assert classes == set(swemwbs.ChangeClass)
