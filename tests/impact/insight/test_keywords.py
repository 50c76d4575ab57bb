"""Themes carry keywords; an item's text suggests a theme when it uses one as a whole word."""

import pytest
from django.urls import reverse

from cocreation.jobs.models import DataVersion
from impact.models import Theme


@pytest.mark.parametrize(
    ("keywords", "text", "suggested"),
    [
        ("wait", "I had to WAIT for weeks.", True),
        ("wait", "The waitress was kind.", False),
        ("wait", "Long-awaited change.", False),
        ("waiting list", "Put on the waiting\nlist again.", True),
        ("waiting list", "Waiting for a list.", False),
        ("GP, referral", "my gp.", True),
        ("A&E", "Sent to A&E twice.", True),
        ("", "Anything at all.", False),
        (" , ,", "Anything at all.", False),
    ],
)
def test_a_theme_is_suggested_by_its_keywords_as_whole_words(keywords, text, suggested):
    assert Theme(name="T", keywords=keywords).is_suggested_by(text) is suggested


def test_staff_give_a_theme_keywords_in_one_spelling(staff_client, themes):
    theme = themes["carers"]
    url = reverse("impact:theme-edit", args=[theme.pk])
    assert 'name="keywords"' in staff_client.get(url).content.decode()
    response = staff_client.post(
        url, {"name": theme.name, "keywords": " young  carers, Carer,, carer ,family"}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.keywords == "young carers, Carer, family"
    assert (
        "young carers, Carer, family"
        in staff_client.get(reverse("impact:theme-list")).content.decode()
    )


def test_too_many_keywords_are_refused_in_plain_english(staff_client, themes):
    url = reverse("impact:theme-edit", args=[themes["carers"].pk])
    response = staff_client.post(url, {"name": "Carers", "keywords": "word, " * 100})
    assert response.status_code == 200
    assert "Keywords must be 500 characters or fewer" in response.content.decode()


def test_changing_a_theme_still_moves_the_figures_version(db):
    """Adding the keywords column rebuilds the table on SQLite; its figure triggers stay."""
    theme = Theme.objects.create(name="Triggered")

    def version():
        return DataVersion.objects.filter(name="figures").values_list("version", flat=True)[0]

    before = version()
    Theme.objects.filter(pk=theme.pk).update(keywords="trigger")
    assert version() > before
