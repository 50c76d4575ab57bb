"""The inbox's writes, one tag or one rejection at a time."""

import datetime

from impact.models import InsightSuggestionRejection, InsightTag
from impact.services.insight import insight_tag_add, insight_tag_remove, suggestion_reject


def test_adding_a_tag_counts_it_in_the_first_day_of_the_month(themes, staff_member):
    tag, added = insight_tag_add(
        source="journal",
        source_id="7",
        month=datetime.date(2026, 11, 17),
        theme=themes["access"],
        actor=staff_member,
    )
    assert added
    assert (tag.month, tag.tagged_by) == (datetime.date(2026, 11, 1), staff_member)


def test_adding_the_same_tag_again_changes_nothing(themes, staff_member, other_cocreator):
    first, _ = insight_tag_add(
        source="journal",
        source_id="7",
        month=datetime.date(2026, 11, 1),
        theme=themes["access"],
        actor=staff_member,
    )
    again, added = insight_tag_add(
        source="journal",
        source_id="7",
        month=datetime.date(2026, 12, 1),
        theme=themes["access"],
        actor=other_cocreator,
    )
    assert not added and again == first
    assert InsightTag.objects.get().tagged_by == staff_member


def test_removing_takes_off_only_that_theme_of_that_item(themes, staff_member):
    for source_id, theme in (("7", "access"), ("7", "waiting"), ("8", "access")):
        insight_tag_add(
            source="journal",
            source_id=source_id,
            month=datetime.date(2026, 11, 1),
            theme=themes[theme],
            actor=staff_member,
        )
    assert insight_tag_remove(source="journal", source_id="7", theme=themes["access"])
    assert not insight_tag_remove(source="journal", source_id="7", theme=themes["access"])
    left = set(InsightTag.objects.values_list("source_id", "theme__name"))
    assert left == {("7", "Waiting times"), ("8", "Access to services")}


def test_a_rejection_is_remembered_once_and_tags_nothing(themes, staff_member):
    rejection, new = suggestion_reject(
        source="survey_text", source_id="abc", theme=themes["waiting"], actor=staff_member
    )
    assert new and rejection.rejected_by == staff_member
    _, again = suggestion_reject(
        source="survey_text", source_id="abc", theme=themes["waiting"], actor=None
    )
    assert not again
    assert InsightSuggestionRejection.objects.count() == 1
    assert not InsightTag.objects.exists()
