"""The impact record form chooses its project, activities and contributors by searching
(cocreation.lib.pickers): the page lists only those chosen, and after a search at most a page of
matches, however many people and activities there are.

Without JavaScript the Search button sends the form back with the matches; with it, app.js asks
the search endpoint as staff type (tests/browser/test_pickers_browser.py).
"""

from datetime import timedelta

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Project
from activities.services import project_save
from cocreation.lib.pickers import PAGE_SIZE
from community.models import CoCreator, CoCreatorStatus
from impact.models import ImpactRecord
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory
from tests.frontend.htmltree import parse
from tests.frontend.pickers import picker_boxes, picker_labels, picker_status
from tests.impact.factories import ImpactRecordFactory

pytestmark = pytest.mark.django_db

ADD = reverse("impact:record-add")
RECORD = {
    "title": "Calmer garden",
    "what_changed": "A quiet place.",
    "kind": "experience",
    "how_influenced": "Co-creators designed it.",
}


def _people(count, prefix="Person"):
    names = factory.Iterator([f"{prefix} {i:02d}" for i in range(count)])
    return CoCreatorFactory.create_in_bulk(count, full_name=names)


def _activities(count, prefix="Session"):
    start = timezone.now() - timedelta(days=200)
    return Activity.objects.bulk_create(
        ActivityFactory.build(title=f"{prefix} {i:02d}", starts_at=start + timedelta(days=i))
        for i in range(count)
    )


@pytest.fixture
def long_lists(db):
    """60 activities and 60 people, and two of each to find."""
    _activities(60)
    _people(60)
    return {
        "garden": ActivityFactory(title="Ward garden planting day"),
        "priya": CoCreatorFactory(full_name="Priya Shah"),
        "tomas": CoCreatorFactory(full_name="Tomás Bryant", email="tomas.bryant@example.org"),
    }


def test_the_add_page_lists_no_person_activity_or_project(staff_client, long_lists):
    html = staff_client.get(ADD).text

    assert html.count('type="checkbox"') == 0
    assert picker_boxes(html, "activities") == [] and picker_boxes(html, "contributors") == []
    assert picker_labels(html, "project") == ["No project"]
    assert "Priya Shah" not in html and "Session 00" not in html
    for name in ("project", "activities", "contributors"):
        fieldset = parse(html).find("input", id=f"id_{name}__q").closest("fieldset")
        assert fieldset.find("button", name=f"{name}__search").text == "Search"
    legends = [legend.text for legend in parse(html).find_all("legend")]
    assert "Contributing co-creators (optional)" in legends


def test_the_edit_page_lists_only_those_chosen_ticked(staff_client, long_lists):
    record = ImpactRecordFactory()
    record.contributors.set([long_lists["tomas"], long_lists["priya"]])
    record.activities.set([long_lists["garden"]])

    html = staff_client.get(reverse("impact:record-edit", args=[record.pk])).text

    assert picker_labels(html, "contributors") == ["Priya Shah", "Tomás Bryant"]
    starts = timezone.localtime(long_lists["garden"].starts_at)
    assert picker_labels(html, "activities") == [f"Ward garden planting day ({starts:%-d %B %Y})"]
    assert all("checked" in box.attrs for box in picker_boxes(html, "contributors"))
    assert html.count('type="checkbox"') == 3


def test_search_without_javascript_shows_a_page_of_matches_and_saves_nothing(
    staff_client, long_lists
):
    response = staff_client.post(
        ADD, {**RECORD, "title": "", "contributors__q": "person", "contributors__search": "1"}
    )

    assert response.status_code == 200
    html = response.text
    assert "There is a problem" not in html and "Enter a title" not in html
    assert len(picker_boxes(html, "contributors")) == PAGE_SIZE
    assert not any("checked" in box.attrs for box in picker_boxes(html, "contributors"))
    assert picker_status(html, "contributors") == (
        "Showing 20 of 60 matches for “person”. Type more of the name to narrow it down."
    )
    assert html.count('type="checkbox"') == PAGE_SIZE
    assert not ImpactRecord.objects.exists()


def test_search_then_tick_and_save_without_javascript(staff_client, long_lists):
    priya, garden = long_lists["priya"], long_lists["garden"]
    found = staff_client.post(
        ADD,
        {
            **RECORD,
            "contributors__q": "priya",
            "activities__q": "garden",
            "contributors__search": "1",
        },
    ).text
    assert picker_labels(found, "contributors") == ["Priya Shah"]
    assert picker_status(found, "contributors") == "1 match for “priya”."
    assert [box.attrs["value"] for box in picker_boxes(found, "activities")] == [str(garden.pk)]
    assert 'value="Calmer garden"' in found  # what was typed is kept

    # Tick both and search again for another person: the ticked stay, ticked, above the box.
    again = staff_client.post(
        ADD,
        {
            **RECORD,
            "contributors": [priya.pk],
            "activities": [garden.pk],
            "contributors__q": "tomas",
            "contributors__search": "1",
        },
    ).text
    assert picker_labels(again, "contributors") == ["Priya Shah", "Tomás Bryant"]
    assert ["checked" in box.attrs for box in picker_boxes(again, "contributors")] == [True, False]

    saved = staff_client.post(
        ADD,
        {
            **RECORD,
            "contributors": [priya.pk, long_lists["tomas"].pk],
            "activities": [garden.pk],
            "contributors__q": "tomas",
        },
    )
    assert saved.status_code == 302
    record = ImpactRecord.objects.get()
    assert list(record.activities.all()) == [garden]
    assert {p.full_name for p in record.contributors.all()} == {"Priya Shah", "Tomás Bryant"}


def test_a_year_finds_the_activities_of_that_year(staff_client, long_lists):
    garden = long_lists["garden"]
    year = timezone.localtime(garden.starts_at).year
    html = staff_client.post(
        ADD, {**RECORD, "activities__q": f"garden {year}", "activities__search": "1"}
    ).text
    assert [box.attrs["value"] for box in picker_boxes(html, "activities")] == [str(garden.pk)]
    html = staff_client.post(
        ADD, {**RECORD, "activities__q": f"garden {year - 5}", "activities__search": "1"}
    ).text
    assert picker_boxes(html, "activities") == []


@pytest.mark.parametrize("field", ["contributors", "activities", "project"])
def test_a_forged_id_is_refused_in_plain_english_and_nothing_is_saved(
    staff_client, long_lists, field
):
    response = staff_client.post(ADD, {**RECORD, field: ["999999"]})
    assert response.status_code == 200
    assert "Choose from the matches shown, or search again" in response.text
    assert not ImpactRecord.objects.exists()


def test_someone_who_left_stays_named_but_cannot_be_added_again(staff_client, long_lists):
    gone = CoCreatorFactory(full_name="Gone Away")
    record = ImpactRecordFactory()
    record.contributors.set([gone])
    CoCreator.objects.filter(pk=gone.pk).update(status=CoCreatorStatus.LEFT)
    edit = reverse("impact:record-edit", args=[record.pk])

    html = staff_client.get(edit).text
    assert picker_labels(html, "contributors") == ["Gone Away"]
    kept = staff_client.post(edit, {**RECORD, "contributors": [gone.pk]})
    assert kept.status_code == 302

    other = staff_client.post(ADD, {**RECORD, "contributors": [gone.pk]})
    assert "Choose from the matches shown, or search again" in other.text
    searched = staff_client.post(
        ADD, {**RECORD, "contributors__q": "gone", "contributors__search": "1"}
    ).text
    assert picker_boxes(searched, "contributors") == []


def test_an_error_on_the_list_links_to_its_search_box(staff_client):
    mine = project_save(project=Project(title="Mine"), objectives=[], partners=[])
    theirs = project_save(project=Project(title="Theirs"), objectives=[], partners=[])
    elsewhere = ActivityFactory(title="Someone else's workshop", project=theirs)

    page = staff_client.post(ADD, {**RECORD, "project": mine.pk, "activities": [elsewhere.pk]}).text

    summary = parse(page).find("div", cls="nhsuk-error-summary")
    link = next(a for a in summary.find_all("a") if "another project" in a.text)
    assert link.attrs["href"] == "#id_activities__q"
    fieldset = parse(page).find("input", id="id_activities__q").closest("fieldset")
    assert "id_activities_error" in fieldset.attrs["aria-describedby"]
    assert picker_labels(page, "activities") == [
        f"Someone else's workshop ({timezone.localtime(elsewhere.starts_at):%-d %B %Y})"
    ]
    assert picker_labels(page, "project") == ["Mine", "No project"]


def test_the_add_and_edit_pages_read_no_more_queries_for_more_people_or_activities(
    staff_client,
):
    record = ImpactRecordFactory()
    record.contributors.set(_people(2, prefix="Named"))
    record.activities.set(_activities(2, prefix="Linked"))
    edit = reverse("impact:record-edit", args=[record.pk])
    searched = {"contributors__q": "person", "activities__q": "session", "project__search": "1"}

    def counts():
        found = []
        for method, url, data in (("get", ADD, None), ("get", edit, None), ("post", ADD, searched)):
            with CaptureQueriesContext(connection) as queries:
                response = getattr(staff_client, method)(url, data)
            assert response.status_code == 200
            found.append(len(queries))
        return found

    _people(PAGE_SIZE + 1)
    _activities(PAGE_SIZE + 1)
    few = counts()
    _people(100, prefix="Person more")
    _activities(100, prefix="Session more")
    assert counts() == few
