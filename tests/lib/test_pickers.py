"""Choosing from lists that grow with the data (cocreation.lib.pickers): the chosen, a search box
and at most a page of matches, without JavaScript; and the staff-only search endpoint behind the
search box with JavaScript.

The forms that use pickers have their own tests (tests/impact/records/test_pickers.py and beside
each form); the browser test is tests/browser/test_pickers_browser.py.
"""

import factory
import pytest
from django import forms
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreation.lib.pickers import (
    PAGE_SIZE,
    PickerFormMixin,
    PickManyField,
    PickOneField,
    matches_text,
    picker_kind,
    picker_matches,
)
from community.models import CoCreator, CoCreatorStatus
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for
from tests.frontend.htmltree import parse
from tests.frontend.pickers import picker_boxes, picker_labels

pytestmark = pytest.mark.django_db

SEARCH = "community:picker-search"


class TeamForm(PickerFormMixin, forms.Form):
    name = forms.CharField(label="Team name", error_messages={"required": "Enter a team name"})
    members = PickManyField(
        kind="people",
        label="Members",
        search_label="Search for a co-creator by name",
        required=False,
    )
    lead = PickOneField(
        kind="people",
        label="Lead",
        search_label="Search for the lead by name",
        required=False,
        empty_label="No lead",
    )


def _people(count, prefix="Person"):
    """`count` people named "Person 00", "Person 01"..., written in one query."""
    names = factory.Iterator([f"{prefix} {i:02d}" for i in range(count)])
    return CoCreatorFactory.create_in_bulk(count, full_name=names)


def _render(form) -> str:
    return "".join(str(form[name]) for name in form.fields)


# --- matching ------------------------------------------------------------------------------------


def test_every_word_must_match_and_names_that_start_with_it_come_first():
    for name in ("Asha Patel", "Shah Rukh", "Priya Shah", "Priya Patel", "Tom Jones"):
        CoCreatorFactory(full_name=name)
    people = picker_kind("people")

    found, total = picker_matches(people, people.queryset(QueryDict()), "sha")
    assert [p.full_name for p in found] == ["Priya Shah", "Shah Rukh", "Asha Patel"]
    assert total == 3

    found, _ = picker_matches(people, people.queryset(QueryDict()), "  PRIYA   pat ")
    assert [p.full_name for p in found] == ["Priya Patel"]
    assert picker_matches(people, people.queryset(QueryDict()), "   ") == ([], 0)


def test_a_word_can_match_the_email_address_too():
    CoCreatorFactory(full_name="Tomás Bryant", email="tomas.bryant@example.org")
    people = picker_kind("people")
    found, _ = picker_matches(people, people.queryset(QueryDict()), "tomas bry")
    assert [p.full_name for p in found] == ["Tomás Bryant"]


def test_at_most_a_page_is_found_with_the_count_of_all_in_two_queries():
    _people(PAGE_SIZE + 5)
    people = picker_kind("people")
    with CaptureQueriesContext(connection) as queries:
        found, total = picker_matches(people, people.queryset(QueryDict()), "person")
    assert (len(found), total) == (PAGE_SIZE, PAGE_SIZE + 5)
    assert len(queries) == 2
    with CaptureQueriesContext(connection) as queries:
        found, total = picker_matches(people, people.queryset(QueryDict()), "person 1")
    assert len(found) == total < PAGE_SIZE
    assert len(queries) == 1  # no count when all fit on the page


def test_the_line_under_the_box_says_what_was_found_in_plain_english():
    assert matches_text(total=312, shown=20, text="pri") == (
        "Showing 20 of 312 matches for “pri”. Type more of the name to narrow it down."
    )
    assert matches_text(total=1, shown=1, text="pri") == "1 match for “pri”."
    assert matches_text(total=3, shown=3, text="pri  sh") == "3 matches for “pri sh”."
    assert matches_text(total=0, shown=0, text="zz", typed="title") == (
        "No matches for “zz”. Check the spelling, or type less of the title."
    )


def test_an_unknown_kind_is_a_lookup_error():
    with pytest.raises(LookupError):
        picker_kind("nothing-by-this-name")


# --- the form without JavaScript -----------------------------------------------------------------


def test_a_new_form_lists_no_one_and_reads_nothing_from_the_database():
    _people(30)
    form = TeamForm()
    with CaptureQueriesContext(connection) as queries:
        html = _render(form)
    assert len(queries) == 0
    assert picker_boxes(html, "members") == []
    assert picker_labels(html, "lead") == ["No lead"]  # ticked: no one is chosen
    assert "None chosen yet." in html
    doc = parse(html)
    box = doc.find("input", id="id_members__q")
    assert box.attrs["name"] == "members__q" and box.attrs["type"] == "search"
    assert [
        label.text for label in doc.find_all("label") if label.attrs["for"] == box.attrs["id"]
    ] == ["Search for a co-creator by name"]
    button = doc.find("button", name="members__search")
    assert button.text == "Search" and button.attrs["formaction"] == "#id_members__status"


def test_the_chosen_are_ticked_and_nothing_else_is_listed():
    people = _people(30)
    form = TeamForm(initial={"members": [people[7], people[3]], "lead": people[12].pk})
    html = _render(form)
    assert picker_labels(html, "members") == ["Person 03", "Person 07"]
    assert all("checked" in box.attrs for box in picker_boxes(html, "members"))
    assert picker_labels(html, "lead") == ["Person 12", "No lead"]
    assert ["checked" in box.attrs for box in picker_boxes(html, "lead")] == [True, False]
    assert "None chosen yet." not in html.replace("hidden>None chosen yet.", "")


def test_pressing_search_shows_a_page_of_matches_and_neither_saves_nor_complains():
    people = _people(30)
    data = QueryDict(mutable=True)
    data.setlist("members", [str(people[0].pk)])
    data.update({"name": "", "members__q": "person", "members__search": "1"})
    form = TeamForm(data)

    assert form.picker_searching
    assert not form.is_valid()
    assert form.errors == {}
    html = _render(form)
    boxes = picker_boxes(html, "members")
    assert len(boxes) == PAGE_SIZE + 1  # the one chosen, then a page of the others
    assert ["checked" in box.attrs for box in boxes[:2]] == [True, False]
    assert "Person 00" not in picker_labels(html, "members")[1:]  # the chosen is not offered again
    status = parse(html).find("p", id="id_members__status")
    assert status.text == (
        "Showing 20 of 29 matches for “person”. Type more of the name to narrow it down."
    )
    assert 'value="person"' in html  # the words stay in the box


def test_ticking_a_match_and_sending_the_form_chooses_it():
    people = _people(3)
    form = TeamForm(QueryDict(f"name=Garden&members={people[1].pk}&members__q=person&lead="))
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["members"]) == [people[1]]
    assert form.cleaned_data["lead"] is None


def test_search_with_nothing_typed_says_what_to_do_and_nothing_was_saved():
    form = TeamForm(QueryDict("name=Garden&members__search=1"))
    assert not form.is_valid() and form.errors == {}
    assert parse(_render(form)).find("p", id="id_members__status").text == (
        "Nothing has been saved yet. To search, type part of the name, then press Search."
    )


@pytest.mark.parametrize("forged", ["999999", "abc", "-1", "9" * 30])
def test_a_forged_or_unknown_id_is_refused_in_plain_english(forged):
    form = TeamForm(QueryDict(f"name=Garden&members={forged}&lead={forged}"))
    assert not form.is_valid()
    assert form.errors["members"] == ["Choose from the matches shown, or search again"]
    assert form.errors["lead"] == ["Choose from the matches shown, or search again"]
    assert picker_boxes(_render(form), "members") == []  # not shown as if it were someone


def test_someone_outside_the_fields_queryset_cannot_be_chosen_or_found():
    gone = CoCreatorFactory(full_name="Gone Away")
    CoCreator.objects.filter(pk=gone.pk).update(status=CoCreatorStatus.LEFT)
    form = TeamForm(QueryDict(f"name=G&members={gone.pk}&members__q=gone"))
    assert not form.is_valid()
    assert "members" in form.errors
    html = _render(form)
    assert "Gone Away" not in html
    assert "No matches for “gone”" in html


def test_the_error_summary_links_to_the_search_box():
    form = TeamForm(QueryDict("name=G&members=999999"))
    form.is_valid()
    assert form["members"].id_for_label == "id_members__q"


def test_rendering_reads_the_same_number_of_queries_however_many_people_there_are():
    def queries_for(count_before):
        chosen = _people(2, prefix=f"Chosen{count_before}")
        data = QueryDict(mutable=True)
        data.setlist("members", [str(p.pk) for p in chosen])
        data.update({"name": "", "members__q": "person", "members__search": "1"})
        with CaptureQueriesContext(connection) as queries:
            html = _render(TeamForm(data))
        return len(queries), len(picker_boxes(html, "members"))

    _people(PAGE_SIZE + 1)
    few = queries_for(PAGE_SIZE + 1)
    _people(60, prefix="Person more")
    many = queries_for(PAGE_SIZE + 61)
    assert few[0] == many[0] == 3  # the chosen, a page of matches, the count of all
    assert few[1] == many[1] == 2 + PAGE_SIZE


# --- the search endpoint -------------------------------------------------------------------------


def test_outsiders_cannot_search(anonymous, cocreator, steering_member):
    url = reverse(SEARCH, args=["people"]) + "?q=pe"
    response = anonymous.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client_for(cocreator).get(url).status_code == 403
    assert client_for(steering_member).get(url).status_code == 403


def test_staff_get_at_most_a_page_of_matches_as_json(staff_client):
    _people(PAGE_SIZE + 10)
    response = staff_client.get(reverse(SEARCH, args=["people"]), {"q": "person"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["total"] == PAGE_SIZE + 10
    assert len(data["results"]) == PAGE_SIZE
    first = data["results"][0]
    person = CoCreator.objects.get(pk=first["value"])
    assert first == {"value": str(person.pk), "label": "Person 00", "hint": person.email}


def test_the_endpoint_leaves_out_people_who_left(staff_client):
    CoCreatorFactory(full_name="Still Here")
    gone = CoCreatorFactory(full_name="Still Gone")
    CoCreator.objects.filter(pk=gone.pk).update(status=CoCreatorStatus.LEFT)
    data = staff_client.get(reverse(SEARCH, args=["people"]), {"q": "still"}).json()
    assert [r["label"] for r in data["results"]] == ["Still Here"]


def test_nothing_typed_finds_nothing_and_an_unknown_kind_is_not_found(staff_client):
    assert staff_client.get(reverse(SEARCH, args=["people"])).json() == {
        "results": [],
        "total": 0,
    }
    assert staff_client.get(reverse(SEARCH, args=["secrets"]), {"q": "a"}).status_code == 404
    assert staff_client.post(reverse(SEARCH, args=["people"]), {"q": "a"}).status_code == 405


def test_the_endpoint_reads_the_same_number_of_queries_however_many_match(staff_client):
    url = reverse(SEARCH, args=["people"])
    _people(3)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url, {"q": "person"})
    _people(60, prefix="Person more")
    with CaptureQueriesContext(connection) as many:
        assert len(staff_client.get(url, {"q": "person"}).json()["results"]) == PAGE_SIZE
    # One more for the count of all, only once there are more than a page.
    assert len(many) == len(few) + 1


@pytest.mark.parametrize(
    "kind", ["people", "partner-contacts", "activities", "projects", "impact-records"]
)
def test_every_kind_answers(staff_client, kind):
    response = staff_client.get(reverse(SEARCH, args=[kind]), {"q": "zzzz"})
    assert response.json() == {"results": [], "total": 0}
