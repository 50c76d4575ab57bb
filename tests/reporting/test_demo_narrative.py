"""The demo pack's narrative is written from the demo's own figures, never a fixed story.

It names exactly the groups the pack's representation table marks under-represented, and quotes
the pack's own figures for sessions, levels and experience.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from reporting.demo import demo_narrative, under_represented_sentence
from reporting.packs.models import GovernancePack
from reporting.reports.figures import figures_by_key

LIST = re.compile(r"against the population we serve: (?P<listed>.+?)\. Our partners")


def named_groups(narrative: str) -> set[tuple[str, str]]:
    """(group, characteristic) for each group the narrative lists as under-represented."""
    found = LIST.search(narrative)
    if found is None:
        return set()
    items = re.split(r", | and ", found["listed"])
    pairs = set()
    for item in items:
        group, characteristic = re.fullmatch(r"(.+) \((.+)\)", item).groups()
        pairs.add((group, characteristic))
    return pairs


def flagged(rows: list[dict]) -> set[tuple[str, str]]:
    return {(r["group"], r["characteristic"].lower()) for r in rows if r["under_represented"]}


def row(group, characteristic, *, flag, community="10.0"):
    return {
        "characteristic": characteristic,
        "group": group,
        "community_pct": community,
        "population_pct": "20.0",
        "under_represented": flag,
    }


@pytest.fixture
def pack(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=StringIO())
    return GovernancePack.objects.get()


def test_the_demo_narrative_names_exactly_the_groups_its_table_flags(pack):
    rows = pack.content["report"]["series"]["representation"]
    # The list can be read back only if no group's name holds a separator.
    assert not [r["group"] for r in rows if ", " in r["group"] or " and " in r["group"]]
    assert named_groups(pack.narrative) == flagged(rows)
    assert pack.content["narrative"] == pack.narrative
    # Whatever it names, no fixed sentence about groups the table does not flag.
    if ("Black", "ethnic group") not in flagged(rows):
        assert "Black" not in pack.narrative


def test_the_demo_narrative_quotes_the_packs_own_figures(pack):
    figures = figures_by_key(pack.content["report"])
    evening = figures["act_evening_share"]["current"]
    assert (
        f"{evening['numerator']} of {evening['denominator']} sessions ({evening['value']}) ran "
        "in the evening" in pack.narrative
    )
    gravity = figures["act_centre_of_gravity"]
    assert gravity["current"]["value"] in pack.narrative
    confidence = figures["o1_confidence_connection_purpose"]["current"]
    assert f"{confidence['value']} ({confidence['numerator']} of" in pack.narrative


def test_a_report_with_no_flagged_group_says_so():
    report = {"series": {"representation": [row("Black", "Ethnic group", flag=False)]}}
    assert under_represented_sentence(report) == (
        "No group we are trying to reach is under-represented in our community against the "
        "population we serve."
    )
    assert named_groups(demo_narrative(report)) == set()


def test_only_flagged_rows_are_named_and_a_hidden_share_is_not():
    rows = [
        row("Male", "Sex", flag=True),
        row("Female", "Sex", flag=False),
        row("Black", "Ethnic group", flag=False, community="*"),
        row("Not disabled", "Disability", flag=False),
        row("Jewish", "Religion or belief", flag=True),
    ]
    narrative = demo_narrative({"series": {"representation": rows}})
    assert named_groups(narrative) == {("Male", "sex"), ("Jewish", "religion or belief")}
    assert "Male (sex) and Jewish (religion or belief)." in narrative
    assert "Black" not in narrative and "Not disabled" not in narrative


def test_a_figure_that_is_hidden_or_missing_is_left_out_not_quoted():
    report = {
        "sections": [
            {
                "figures": [
                    {"key": "act_evening_share", "current": {"value": "*"}},
                    {"key": "act_centre_of_gravity", "current": {"value": ""}},
                ]
            }
        ],
        "series": {"representation": []},
    }
    narrative = demo_narrative(report)
    assert "evening" not in narrative and "centre of gravity" not in narrative
    assert narrative.startswith("No group we are trying to reach")
