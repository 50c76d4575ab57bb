"""Evidence reads as people say it: a change between percentages is in percentage points."""

import pytest
from django.template import Context, Template

from impact.models import BetterDirection

from .conftest import add_evidence


def test_a_change_in_a_percentage_is_in_percentage_points(staff_client, record):
    item = add_evidence(
        record, before="40.00", after="70.00", better=BetterDirection.HIGHER, measure="Positive"
    )
    item.unit = "%"
    item.save()
    html = staff_client.get(f"/staff/impact/{record.pk}/").content.decode()
    assert "40%" in html and "70%" in html
    assert "+30 percentage points" in html
    assert " %" not in html and "30.00" not in html


def test_other_changes_keep_their_unit(staff_client, record):
    item = add_evidence(record, before="60", after="28", measure="Wait")
    item.unit = "days"
    item.save()
    html = staff_client.get(f"/staff/impact/{record.pk}/").content.decode()
    assert "60 days" in html and "28 days" in html
    assert "-32 days" in html


@pytest.mark.parametrize(
    ("change", "unit", "words"),
    [
        ("30.00", "%", "+30 percentage points"),
        ("-2.50", "%", "-2.5 percentage points"),
        ("1.00", "%", "+1 percentage point"),
        ("0.00", "%", "No change"),
        ("-3", "complaints a month", "-3 complaints a month"),
        ("12.5", "", "+12.5"),
        ("100", "", "+100"),
    ],
)
def test_a_change_in_words(change, unit, words):
    html = Template("{% load measures %}{{ change|measure_change:unit }}").render(
        Context({"change": change, "unit": unit})
    )
    assert html == words
