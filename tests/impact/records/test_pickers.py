"""Long lists on the impact record and case study forms are checkboxes, not "hold Ctrl" selects.

Without JavaScript they are the whole list, which scrolls in its box; the box to type in (and the
accessible-autocomplete for long single lists) come from static/js/app.js, tested in
tests/browser/test_pickers_browser.py.
"""

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

from activities.models import Project
from activities.services import project_save
from cocreation.lib.forms import CheckboxFilterWidget
from impact.models import ImpactRecord
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory
from tests.frontend.htmltree import parse
from tests.impact.factories import ImpactRecordFactory

pytestmark = pytest.mark.django_db


def _fieldset(page, name):
    doc = parse(page)
    first = doc.find("input", name=name)
    return first.closest("fieldset") if first else None


def test_activities_and_contributors_are_checkboxes_with_a_box_to_type_in_for_javascript(
    staff_client,
):
    ActivityFactory(title="Journey mapping")
    CoCreatorFactory(full_name="Ann Able")

    page = staff_client.get(reverse("impact:record-add")).text

    assert "<select multiple" not in page and "Hold Ctrl" not in page
    for name, label in (("activities", "Activities"), ("contributors", "Contributing co-creators")):
        fieldset = _fieldset(page, name)
        assert fieldset.find("legend").text == f"{label} (optional)"
        assert fieldset.find_all("input", type="checkbox")
        search = fieldset.find("div", cls="app-checkbox-filter__search")
        assert "hidden" in search.attrs  # until app.js makes it work
        assert search.find("label").attrs["for"] == f"id_{name}_filter"
    labels = [label.text for label in _fieldset(page, "contributors").find_all("label")]
    assert "Ann Able" in labels


def test_a_record_is_saved_with_the_ticked_boxes_without_javascript(staff_client):
    garden = ActivityFactory(title="Garden day")
    ann, bo = CoCreatorFactory(full_name="Ann Able"), CoCreatorFactory(full_name="Bo Best")

    response = staff_client.post(
        reverse("impact:record-add"),
        {
            "title": "Calmer garden",
            "what_changed": "A quiet place.",
            "kind": "experience",
            "how_influenced": "Co-creators designed it.",
            "activities": [garden.pk],
            "contributors": [ann.pk, bo.pk],
        },
    )

    assert response.status_code == 302
    record = ImpactRecord.objects.get()
    assert list(record.activities.all()) == [garden]
    assert set(record.contributors.all()) == {ann, bo}


def test_on_a_record_being_changed_the_chosen_come_first_and_are_ticked(staff_client):
    people = [CoCreatorFactory(full_name=f"Person {i:02d}") for i in range(12)]
    record = ImpactRecordFactory()
    record.contributors.set([people[7], people[3]])

    page = staff_client.get(reverse("impact:record-edit", args=[record.pk])).text

    boxes = _fieldset(page, "contributors").find_all("input", type="checkbox")
    assert [box.attrs["id"] for box in boxes[:3]] == [
        "id_contributors_0",
        "id_contributors_1",
        "id_contributors_2",
    ]
    labels = [box.parent.find("label").text for box in boxes]
    assert labels[:2] == ["Person 03", "Person 07"]
    assert ["checked" in box.attrs for box in boxes[:3]] == [True, True, False]
    assert labels[2:] == [f"Person {i:02d}" for i in range(12) if i not in (3, 7)]


def test_an_error_on_the_list_links_to_its_first_box(staff_client):
    mine = project_save(project=Project(title="Mine"), objectives=[], partners=[])
    theirs = project_save(project=Project(title="Theirs"), objectives=[], partners=[])
    elsewhere = ActivityFactory(title="Someone else's workshop", project=theirs)
    data = {"title": "T", "what_changed": "W", "kind": "service", "how_influenced": "H"}

    page = staff_client.post(
        reverse("impact:record-add"), {**data, "project": mine.pk, "activities": [elsewhere.pk]}
    ).text

    summary = parse(page).find("div", cls="nhsuk-error-summary")
    link = next(a for a in summary.find_all("a") if "another project" in a.text)
    assert link.attrs["href"] == "#id_activities_0"
    fieldset = _fieldset(page, "activities")
    assert "id_activities_error" in fieldset.attrs["aria-describedby"]
    assert parse(page).find("input", id="id_activities_0") is not None


def test_the_case_study_links_records_from_a_list_and_says_when_there_are_none(staff_client):
    page = staff_client.get(reverse("impact:casestudy-add")).text
    assert "There is nothing to choose from yet." in page

    ImpactRecordFactory(title="Shorter waits")
    page = staff_client.get(reverse("impact:casestudy-add")).text
    fieldset = _fieldset(page, "impact_records")
    assert fieldset.find("legend").text == "Linked impact records (optional)"
    assert [label.text for label in fieldset.find_all("label")][-1] == "Shorter waits"


def test_the_widget_reads_every_ticked_box_and_none_means_none_chosen():
    class Form(forms.Form):
        chosen = forms.MultipleChoiceField(
            choices=[("a", "A"), ("b", "B")], required=False, widget=CheckboxFilterWidget()
        )

    both, none = Form(QueryDict("chosen=a&chosen=b")), Form(QueryDict("other=1"))

    assert both.is_valid() and both.cleaned_data["chosen"] == ["a", "b"]
    assert none.is_valid() and none.cleaned_data["chosen"] == []
    assert not CheckboxFilterWidget().use_required_attribute(None)
