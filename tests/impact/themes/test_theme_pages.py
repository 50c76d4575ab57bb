"""Staff keep the list of themes, and tag co-creator insight with them."""

import uuid

import pytest
from django.urls import reverse

from impact.models import (
    ExperienceResponse,
    InsightSource,
    InsightTag,
    JournalEntry,
    JournalSharing,
    Theme,
)
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for

LIST = reverse("impact:theme-list")
ADD = reverse("impact:theme-add")


def edit_url(theme):
    return reverse("impact:theme-edit", args=[theme.pk])


def tag_url(activity):
    return reverse("impact:tag-activity", args=[activity.pk])


def item_url(source, source_id):
    return reverse("impact:tag-item", args=[source, source_id])


@pytest.fixture
def activity(db):
    return ActivityFactory(
        starts_at=at(2026, 9, 17, 14),
        notes_missing="Nobody explained the waiting list.",
        notes_unheard_voices="Young carers.",
    )


# --- who may see them --------------------------------------------------------------------------


@pytest.mark.django_db
def test_outsiders_are_kept_out_of_every_theme_page(
    anonymous, cocreator, steering_member, themes, activity
):
    entry = JournalEntry.objects.create(author=cocreator, body="x", sharing=JournalSharing.SHARED)
    urls = [
        LIST,
        ADD,
        edit_url(themes["access"]),
        tag_url(activity),
        item_url("journal", entry.pk),
        reverse("impact:source-import"),
        reverse("impact:source-import-template"),
        reverse("impact:triangulation"),
    ]
    for url in urls:
        assert anonymous.get(url).status_code == 302, url
        assert "/accounts/login/" in anonymous.get(url)["Location"]
        assert client_for(cocreator).get(url).status_code == 403, url
        assert client_for(steering_member).get(url).status_code == 403, url
        assert client_for(cocreator).post(url, {"name": "Sneaky"}).status_code == 403, url
    assert not Theme.objects.filter(name="Sneaky").exists()


# --- the list, adding and changing ---------------------------------------------------------------


def test_the_list_shows_each_theme_with_its_number_of_insight_tags(staff_client, themes):
    for n in range(3):
        InsightTag.objects.create(
            theme=themes["access"], source="activity_notes", source_id=str(n), month="2026-04-01"
        )
    page = staff_client.get(LIST)
    assert page.status_code == 200
    rows = {t.name: t.tag_count for t in page.context["themes"]}
    assert rows == {"Access to services": 3, "Waiting times": 0}
    assert page.content.decode().count("<h1") == 1


def test_the_list_takes_the_same_number_of_queries_however_many_themes(
    staff_client, themes, django_assert_max_num_queries
):
    staff_client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        staff_client.get(LIST)
    for n in range(30):
        theme = Theme.objects.create(name=f"Theme {n}")
        InsightTag.objects.create(
            theme=theme, source="activity_notes", source_id=str(n), month="2026-04-01"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(LIST)


def test_staff_add_a_theme(staff_client, themes):
    response = staff_client.post(ADD, {"name": "  Physical   health ", "description": "Body"})
    assert response.status_code == 302
    assert Theme.objects.filter(name="Physical health", description="Body").exists()


def test_a_theme_name_must_be_new_ignoring_capitals(staff_client, themes):
    response = staff_client.post(ADD, {"name": "waiting TIMES"})
    assert response.status_code == 200
    assert "There is already a theme called Waiting times" in response.content.decode()
    assert Theme.objects.count() == 2


def test_a_theme_needs_a_name(staff_client, themes):
    response = staff_client.post(ADD, {"name": "   "})
    assert response.status_code == 200
    assert "Enter a theme name" in response.content.decode()


def test_staff_change_a_theme_and_may_keep_its_name(staff_client, themes):
    theme = themes["access"]
    assert (
        staff_client.post(edit_url(theme), {"name": theme.name, "description": "New"}).status_code
        == 302
    )
    theme.refresh_from_db()
    assert theme.description == "New"
    assert staff_client.get(reverse("impact:theme-edit", args=[999999])).status_code == 404


# --- tagging insight ---------------------------------------------------------------------------


def test_the_tagging_page_shows_the_activitys_notes(staff_client, themes, activity):
    page = staff_client.get(tag_url(activity)).content.decode()
    assert "Nobody explained the waiting list." in page
    assert "Young carers." in page
    assert "Waiting times" in page


def test_tagging_an_activity_saves_its_month_and_who_tagged_it(
    staff_client, staff_member_with_mfa, themes, activity
):
    response = staff_client.post(tag_url(activity), {"themes": [themes["waiting"].pk]})
    assert response.status_code == 302
    tag = InsightTag.objects.get()
    assert tag.theme == themes["waiting"]
    assert tag.source == InsightSource.ACTIVITY_NOTES
    assert tag.source_id == str(activity.pk)
    assert str(tag.month) == "2026-09-01"
    assert tag.tagged_by == staff_member_with_mfa


def test_tagging_again_replaces_the_items_tags_and_keeps_others(staff_client, themes, activity):
    other = ActivityFactory(starts_at=at(2026, 10, 1))
    staff_client.post(tag_url(other), {"themes": [themes["access"].pk]})
    staff_client.post(tag_url(activity), {"themes": [themes["access"].pk, themes["waiting"].pk]})
    staff_client.post(tag_url(activity), {"themes": [themes["waiting"].pk]})
    mine = InsightTag.objects.filter(source_id=str(activity.pk))
    assert list(mine.values_list("theme__name", flat=True)) == ["Waiting times"]
    assert InsightTag.objects.filter(source_id=str(other.pk)).count() == 1
    page = staff_client.get(tag_url(activity))
    assert page.context["form"].initial["themes"] == [themes["waiting"].pk]
    staff_client.post(tag_url(activity), {})
    assert not mine.exists()


def test_an_unknown_theme_is_refused_and_nothing_changes(staff_client, themes, activity):
    staff_client.post(tag_url(activity), {"themes": [themes["access"].pk]})
    response = staff_client.post(tag_url(activity), {"themes": ["999999"]})
    assert response.status_code == 200
    assert InsightTag.objects.get().theme == themes["access"]


def test_tagging_a_missing_activity_is_not_found(staff_client, themes):
    assert staff_client.get(reverse("impact:tag-activity", args=[999999])).status_code == 404


def test_survey_free_text_is_tagged_by_its_answer(staff_client, themes):
    answer = ExperienceResponse.objects.create(
        month="2026-05-01", anonymous=True, free_text="Parking was hard."
    )
    url = item_url("survey_text", str(answer.pk))
    assert "Parking was hard." in staff_client.get(url).content.decode()
    staff_client.post(url, {"themes": [themes["access"].pk]})
    tag = InsightTag.objects.get()
    assert (tag.source_id, str(tag.month)) == (str(answer.pk), "2026-05-01")
    assert staff_client.get(item_url("survey_text", str(uuid.uuid4()))).status_code == 404
    assert staff_client.get(item_url("survey_text", "not-a-uuid")).status_code == 404


def test_only_a_shared_journal_entry_can_be_tagged(staff_client, themes, cocreator):
    shared = JournalEntry.objects.create(
        author=cocreator, body="I felt heard.", sharing=JournalSharing.SHARED
    )
    private = JournalEntry.objects.create(
        author=cocreator, body="Secret thoughts.", sharing=JournalSharing.PRIVATE
    )
    assert "I felt heard." in staff_client.get(item_url("journal", shared.pk)).content.decode()
    assert staff_client.get(item_url("journal", private.pk)).status_code == 404
    assert (
        staff_client.post(
            item_url("journal", private.pk), {"themes": [themes["access"].pk]}
        ).status_code
        == 404
    )
    assert not InsightTag.objects.exists()


def test_an_unknown_kind_of_insight_is_not_found(staff_client, themes, activity):
    assert staff_client.get(item_url("anonymous_journal", "1")).status_code == 404
    assert staff_client.get(item_url("complaints", "1")).status_code == 404
    assert staff_client.get(item_url("activity_notes", "abc")).status_code == 404
    for source in ("activity_notes", "journal"):  # digits `int` refuses, or too many
        for source_id in ("²", "9" * 25):
            assert staff_client.get(item_url(source, source_id)).status_code == 404
