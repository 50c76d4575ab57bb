"""The demo gives the inbox something to show this quarter, with suggestions to accept."""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from cocreation.lib.periods import period_containing
from impact.demo import THEME_KEYWORDS
from impact.models import InsightTag, Theme
from impact.selectors import triangulation_for
from impact.selectors_insight import insight_items, insight_refs
from impact.triangulation import LITTLE_DATA


def test_the_demo_latest_quarter_has_insight_tagged_and_to_tag(db):
    call_command("seed_demo", stdout=StringIO())
    period = period_containing(timezone.localdate(), "quarter")
    refs = insight_refs(period=period)
    assert len(refs) >= 6
    items = insight_items(refs)
    assert any(item.suggestions for item in items)
    assert any(item.themes for item in items)
    tags = InsightTag.objects.filter(month__gte=period.start, month__lt=period.end)
    assert tags.count() >= 5
    assert any(r.reading != LITTLE_DATA for r in triangulation_for(period))


def test_demo_themes_get_keywords_without_overwriting_staffs(db):
    Theme.objects.filter(name="Waiting times").update(keywords="queue")
    call_command("seed_demo", stdout=StringIO())
    keywords = dict(Theme.objects.values_list("name", "keywords"))
    assert keywords["Waiting times"] == "queue"
    assert keywords["Medication"] == THEME_KEYWORDS["Medication"]
