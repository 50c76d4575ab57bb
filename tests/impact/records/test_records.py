"""Staff list, read, add and change impact records."""

import pytest
from django.urls import reverse

from activities.models import Project
from activities.services import project_save
from impact.models import ChangeKind, ImpactRecord, ImpactStatus
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import ImpactRecordFactory

from .conftest import add_evidence, service_area


def test_the_list_shows_each_record_and_whether_it_shows_measurable_change(staff_client):
    improved = ImpactRecordFactory(title="Shorter waits")
    add_evidence(improved, before="60", after="28")
    worse = ImpactRecordFactory(title="Longer waits")
    add_evidence(worse, before="10", after="30")
    page = staff_client.get(reverse("impact:record-list")).content.decode()
    rows = {
        title: page.split(title, 1)[1].split("</tr>", 1)[0]
        for title in ("Shorter waits", "Longer waits")
    }
    assert ">Yes</td>" in rows["Shorter waits"]
    assert ">No</td>" in rows["Longer waits"]


def test_the_list_filters_by_status_kind_and_service_area(staff_client):
    ward = service_area("Acute wards")
    ImpactRecordFactory(title="Draft service change", kind=ChangeKind.SERVICE)
    ImpactRecordFactory(
        title="Checked experience", kind=ChangeKind.EXPERIENCE, status=ImpactStatus.CHECKED
    )
    ImpactRecordFactory(title="On the wards", service_area=ward)
    url = reverse("impact:record-list")
    by_status = staff_client.get(url, {"status": "checked"}).content.decode()
    assert "Checked experience" in by_status and "Draft service change" not in by_status
    by_kind = staff_client.get(url, {"kind": "experience"}).content.decode()
    assert "Checked experience" in by_kind and "On the wards" not in by_kind
    by_area = staff_client.get(url, {"service_area": ward.pk}).content.decode()
    assert "On the wards" in by_area and "Checked experience" not in by_area


def test_a_filter_that_makes_no_sense_is_explained_not_ignored(staff_client):
    ImpactRecordFactory(title="Anything")
    page = staff_client.get(reverse("impact:record-list"), {"status": "lost"}).content.decode()
    assert "Choose a status from the list" in page
    assert "Anything" not in page


def test_the_list_takes_the_same_number_of_queries_however_many_records(
    staff_client, django_assert_max_num_queries
):
    def fill(n):
        for i in range(n):
            record = ImpactRecordFactory(
                title=f"Change {i}", service_area=service_area("Acute wards")
            )
            add_evidence(record, before="5", after="3")
            add_evidence(record, before="5", after="8", measure="Complaints")

    fill(2)
    with django_assert_max_num_queries(20) as few:
        staff_client.get(reverse("impact:record-list"))
    bound = len(few.captured_queries)
    fill(60)
    with django_assert_max_num_queries(bound):
        response = staff_client.get(reverse("impact:record-list"))
    assert response.context["page_obj"].paginator.num_pages == 2
    assert 'aria-label="Page 2"' in response.content.decode()


def test_staff_add_a_record_with_its_project_activities_and_contributors(
    staff_client, staff_member
):
    project = project_save(project=Project(title="Memory clinic"), objectives=[], partners=[])
    activity = ActivityFactory(title="Journey mapping", project=project)
    ann = CoCreatorFactory(full_name="Ann Able")
    response = staff_client.post(
        reverse("impact:record-add"),
        {
            "title": "Shorter waits",
            "what_changed": "A weekly extra clinic.",
            "kind": "service",
            "how_influenced": "Co-creators mapped the journey.",
            "project": project.pk,
            "activities": [activity.pk],
            "contributors": [ann.pk],
            "you_said": "Waits were too long.",
        },
    )
    record = ImpactRecord.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("impact:record-detail", args=[record.pk])
    assert record.status == ImpactStatus.DRAFT
    assert record.created_by == staff_member
    assert list(record.activities.all()) == [activity]
    assert list(record.contributors.all()) == [ann]


def test_a_record_without_its_required_answers_is_not_saved(staff_client):
    response = staff_client.post(reverse("impact:record-add"), {"title": ""})
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("Enter a title", "Enter what changed", "Choose the kind of change"):
        assert message in page
    assert "nhsuk-error-summary" in page
    assert not ImpactRecord.objects.exists()


def test_an_activity_of_another_project_is_refused(staff_client):
    mine = project_save(project=Project(title="Mine"), objectives=[], partners=[])
    theirs = project_save(project=Project(title="Theirs"), objectives=[], partners=[])
    elsewhere = ActivityFactory(title="Someone else's workshop", project=theirs)
    response = staff_client.post(
        reverse("impact:record-add"),
        {
            "title": "T",
            "what_changed": "W",
            "kind": "service",
            "how_influenced": "H",
            "project": mine.pk,
            "activities": [elsewhere.pk],
        },
    )
    assert "belongs to another project" in response.content.decode()
    assert not ImpactRecord.objects.exists()


def test_staff_change_a_record(staff_client, record):
    response = staff_client.post(
        reverse("impact:record-edit", args=[record.pk]),
        {
            "title": "Much shorter waits",
            "what_changed": record.what_changed,
            "kind": "both",
            "how_influenced": record.how_influenced,
            "you_said": record.you_said,
            "we_could_not": "The building has no more rooms.",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.title, record.kind, record.we_did) == ("Much shorter waits", "both", "")
    assert record.we_could_not == "The building has no more rooms."


def test_the_record_page_shows_each_change_and_the_measurable_change(staff_client, record):
    add_evidence(record, before="60", after="28", measure="Days to first appointment")
    add_evidence(record, before="4", measure="Complaints a month")
    page = staff_client.get(reverse("impact:record-detail", args=[record.pk])).content.decode()
    assert "-32 days" in page
    assert "Yes: at least one measure improved" in page
    assert "Not yet" in page


def test_a_record_with_only_worse_or_unfinished_evidence_shows_no_measurable_change(
    staff_client, record
):
    add_evidence(record, before="60", after="70")
    add_evidence(record, before="60")
    page = staff_client.get(reverse("impact:record-detail", args=[record.pk])).content.decode()
    assert "No: no measure shows an improvement yet" in page


@pytest.mark.parametrize("url_name", ["record-list", "record-add"])
def test_staff_pages_have_exactly_one_main_heading(staff_client, url_name):
    assert staff_client.get(reverse(f"impact:{url_name}")).content.decode().count("<h1") == 1
