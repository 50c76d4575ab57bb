"""A case study's person and linked records are chosen by searching (cocreation.lib.pickers): the
page lists only those chosen, and at most a page of matches after a search."""

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreation.lib.pickers import PAGE_SIZE
from community.models import CoCreator, CoCreatorStatus
from impact.models import CaseStudy, ImpactRecord
from tests.community.factories import CoCreatorFactory
from tests.frontend.pickers import (
    choice_count,
    picker_boxes,
    picker_labels,
    picker_status,
    picker_ticked,
)
from tests.impact.factories import ImpactRecordFactory

pytestmark = pytest.mark.django_db

ADD = reverse("impact:casestudy-add")
STORY = {"title": "Finding my voice", "story": "How Priya came to chair the group."}


def _many(count, prefix=""):
    CoCreatorFactory.create_in_bulk(
        count, full_name=factory.Iterator([f"{prefix}Person {i:02d}" for i in range(count)])
    )
    ImpactRecord.objects.bulk_create(
        ImpactRecordFactory.build(title=f"{prefix}Change {i:02d}") for i in range(count)
    )


def test_with_many_people_and_records_the_add_page_lists_none_of_them(staff_client):
    _many(60)
    html = staff_client.get(ADD).text
    assert picker_labels(html, "cocreator") == ["No one in particular"]
    assert picker_boxes(html, "impact_records") == []
    assert choice_count(html) <= 1 + PAGE_SIZE


def test_search_tick_and_save_without_javascript(staff_client):
    _many(60)
    priya = CoCreatorFactory(full_name="Priya Shah")
    record = ImpactRecordFactory(title="A quieter ward")

    found = staff_client.post(
        ADD,
        {
            **STORY,
            "cocreator__q": "person",
            "impact_records__q": "quieter",
            "cocreator__search": "1",
        },
    ).text
    assert len(picker_boxes(found, "cocreator")) == PAGE_SIZE + 1  # and "No one in particular"
    assert picker_status(found, "cocreator") == (
        "Showing 20 of 60 matches for “person”. Type more of the name to narrow it down."
    )
    assert picker_labels(found, "impact_records") == ["A quieter ward"]
    assert choice_count(found) <= 2 * PAGE_SIZE + 1
    assert not CaseStudy.objects.exists()

    found = staff_client.post(
        ADD, {**STORY, "cocreator__q": "priya", "cocreator__search": "1"}
    ).text
    # The match comes after "No one in particular", which is still the choice until it is ticked.
    assert picker_labels(found, "cocreator") == ["No one in particular", "Priya Shah"]
    assert picker_ticked(found, "cocreator") == [True, False]

    saved = staff_client.post(ADD, {**STORY, "cocreator": priya.pk, "impact_records": [record.pk]})
    assert saved.status_code == 302
    study = CaseStudy.objects.get()
    assert study.cocreator == priya
    assert list(study.impact_records.all()) == [record]


def test_the_change_page_shows_the_person_and_records_chosen(staff_client):
    person = CoCreatorFactory(full_name="Priya Shah", preferred_name="Pri")
    study = CaseStudy.objects.create(title="Story", story="...", cocreator=person)
    study.impact_records.set([ImpactRecordFactory(title="A quieter ward")])

    html = staff_client.get(reverse("impact:casestudy-edit", args=[study.pk])).text

    assert picker_labels(html, "cocreator") == ["Priya Shah (Pri)", "No one in particular"]
    assert picker_ticked(html, "cocreator") == [True, False]
    assert picker_labels(html, "impact_records") == ["A quieter ward"]
    assert picker_ticked(html, "impact_records") == [True]


def test_a_forged_or_left_person_is_refused_and_nothing_saved(staff_client):
    gone = CoCreatorFactory(full_name="Gone Away")
    CoCreator.objects.filter(pk=gone.pk).update(status=CoCreatorStatus.LEFT)
    for data in ({"cocreator": gone.pk}, {"cocreator": 999999}, {"impact_records": [999999]}):
        response = staff_client.post(ADD, {**STORY, **data})
        assert response.status_code == 200
        assert "Choose from the matches shown, or search again" in response.text
    assert not CaseStudy.objects.exists()


def test_the_add_page_reads_no_more_queries_for_more_people_or_records(staff_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(ADD).status_code == 200
        with CaptureQueriesContext(connection) as searched:
            staff_client.post(
                ADD,
                {"cocreator__q": "person", "impact_records__q": "change", "cocreator__search": "1"},
            )
        return len(queries), len(searched)

    _many(PAGE_SIZE + 1)
    few = count()
    _many(100, prefix="More ")
    assert count() == few
