"""A tag added in the inbox counts at once in the triangulation page and its figures."""

from django.urls import reverse

from cocreation.lib.periods import parse_slug
from impact.models import InsightTag, SourceThemeCount
from impact.selectors import triangulation_for
from impact.triangulation import LITTLE_DATA

from .conftest import PERIOD


def _readings(period):
    return {r.name: (r.counts.insight, r.reading) for r in triangulation_for(period)}


def test_tagging_from_the_inbox_moves_the_triangulation(staff_client, themes, items):
    period = parse_slug(PERIOD)
    for theme, source, count in (
        (themes["waiting"], "complaints", 6),
        (themes["waiting"], "pals", 2),
        (themes["access"], "complaints", 3),
    ):
        SourceThemeCount.objects.create(source=source, theme=theme, month="2026-11-01", count=count)
    # Four insight tags already: one short of the five the rule needs on each side.
    for n in range(4):
        InsightTag.objects.create(
            theme=themes["access"], source="activity_notes", source_id=f"90{n}", month="2026-10-01"
        )
    before = _readings(period)
    assert before["Waiting times"] == (0, LITTLE_DATA)

    response = staff_client.post(
        reverse("impact:insight-inbox"),
        {
            "action": "accept",
            "source": "survey_text",
            "source_id": str(items["answer"].pk),
            "theme": themes["waiting"].pk,
            "back": f"period={PERIOD}",
        },
    )
    assert response.status_code == 302

    after = _readings(period)
    assert after != before
    assert after["Waiting times"][0] == 1
    assert all(reading != LITTLE_DATA for _, reading in after.values())
    page = staff_client.get(reverse("impact:triangulation"), {"period": PERIOD})
    assert page.context["insight_total"] == 5
    waiting = next(r for r in page.context["readings"] if r.name == "Waiting times")
    assert waiting.counts.insight == 1


def test_removing_the_tag_in_the_inbox_takes_it_out_again(staff_client, themes, items):
    period = parse_slug(PERIOD)
    data = {
        "source": "activity_notes",
        "source_id": str(items["session"].pk),
        "theme": themes["waiting"].pk,
        "back": f"period={PERIOD}",
    }
    staff_client.post(reverse("impact:insight-inbox"), {**data, "action": "add"})
    assert _readings(period)["Waiting times"][0] == 1
    staff_client.post(reverse("impact:insight-inbox"), {**data, "action": "remove"})
    assert _readings(period)["Waiting times"][0] == 0
