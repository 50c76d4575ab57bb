"""Contributing themes from a journal entry anonymously: counted, never linked."""

from django.urls import reverse
from django.utils import timezone

from impact.models import InsightSource, InsightTag, JournalEntry, JournalSharing, Theme
from tests.conftest import client_for


def test_themes_are_stored_with_nothing_linking_them_to_the_author_or_entry(
    cocreator_client, cocreator, private_entry
):
    themes = list(Theme.objects.order_by("name")[:2])
    response = cocreator_client.post(
        reverse("impact:journal-themes", args=[private_entry.pk]),
        {"themes": [t.pk for t in themes]},
    )
    assert response.status_code == 302
    rows = list(InsightTag.objects.values())
    assert len(rows) == 2
    first_of_month = timezone.localdate().replace(day=1)
    for row in rows:
        assert row["source"] == InsightSource.ANONYMOUS_JOURNAL
        assert row["source_id"] == ""
        assert row["tagged_by_id"] is None
        assert row["month"] == first_of_month
        values = {str(v) for v in row.values()}
        assert str(private_entry.pk) not in values - {str(row["id"]), str(row["theme_id"])}
        assert str(cocreator.pk) not in values - {str(row["id"]), str(row["theme_id"])}
    assert {row["theme_id"] for row in rows} == {t.pk for t in themes}


def test_the_entry_stays_private_after_contributing_themes(cocreator_client, private_entry):
    before = JournalEntry.objects.values().get(pk=private_entry.pk)
    cocreator_client.post(
        reverse("impact:journal-themes", args=[private_entry.pk]),
        {"themes": [Theme.objects.first().pk]},
    )
    after = JournalEntry.objects.values().get(pk=private_entry.pk)
    assert after == before
    assert after["sharing"] == JournalSharing.PRIVATE


def test_contributing_no_theme_is_refused_in_plain_english(cocreator_client, private_entry):
    response = cocreator_client.post(reverse("impact:journal-themes", args=[private_entry.pk]), {})
    assert response.status_code == 200
    assert "Select at least one theme to contribute" in response.content.decode()
    assert not InsightTag.objects.exists()


def test_staff_cannot_contribute_themes_from_someone_elses_shared_entry(staff_client, shared_entry):
    response = staff_client.post(
        reverse("impact:journal-themes", args=[shared_entry.pk]),
        {"themes": [Theme.objects.first().pk]},
    )
    assert response.status_code == 404
    assert not InsightTag.objects.exists()


def test_another_cocreator_cannot_contribute_themes_from_an_entry(other_cocreator, private_entry):
    response = client_for(other_cocreator).post(
        reverse("impact:journal-themes", args=[private_entry.pk]),
        {"themes": [Theme.objects.first().pk]},
    )
    assert response.status_code == 404
    assert not InsightTag.objects.exists()
