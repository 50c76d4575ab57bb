"""An activity's project, and the activity list's project filter, are chosen by searching
(cocreation.lib.pickers): at most a page of projects in the page, however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, Project
from cocreation.lib.pickers import PAGE_SIZE
from tests.activities.factories import ActivityFactory, ProjectFactory
from tests.frontend.pickers import picker_boxes, picker_labels, picker_status, picker_ticked

from .conftest import activity_post

ADD = "/staff/activities/add/"
LIST = "/staff/activities/"

pytestmark = pytest.mark.django_db


def _projects(count, prefix="Project"):
    Project.objects.bulk_create(
        ProjectFactory.build(title=f"{prefix} {i:03d}") for i in range(count)
    )


def test_with_many_projects_the_activity_form_lists_none(staff_client):
    _projects(60)
    html = staff_client.get(ADD).text
    assert picker_labels(html, "project") == ["Not part of a project"]
    assert "Project 000" not in html


def test_search_tick_and_save_a_project_without_javascript(staff_client, project):
    _projects(60)
    found = staff_client.post(
        ADD, activity_post(title="", project__q="project", project__search="1")
    ).text
    assert "There is a problem" not in found
    assert len(picker_boxes(found, "project")) == 1 + PAGE_SIZE
    assert picker_status(found, "project") == (
        "Showing 20 of 60 matches for “project”. Type more of the title to narrow it down."
    )
    assert not Activity.objects.exists()

    found = staff_client.post(ADD, activity_post(project__q="garden", project__search="1")).text
    assert picker_labels(found, "project") == ["Not part of a project", "Garden therapy"]

    saved = staff_client.post(ADD, activity_post(project=str(project.pk)))
    assert saved.status_code == 302
    assert Activity.objects.get().project == project


def test_a_forged_project_is_refused(staff_client):
    response = staff_client.post(ADD, activity_post(project="999999"))
    assert "Choose from the options given" in response.text
    assert not Activity.objects.exists()


def test_the_list_filter_searches_projects_and_filters_by_the_one_ticked(staff_client, project):
    _projects(60)
    ActivityFactory(title="In the garden", project=project)
    ActivityFactory(title="Elsewhere")

    html = staff_client.get(LIST, {"when": "all"}).text
    assert picker_labels(html, "project") == ["Any project"]

    found = staff_client.get(LIST, {"when": "all", "project__q": "garden", "project__search": "1"})
    assert picker_labels(found.text, "project") == ["Any project", "Garden therapy"]
    assert len(found.context["page_obj"].object_list) == 2  # the list still shows, unfiltered

    chosen = staff_client.get(LIST, {"when": "all", "project": project.pk}).text
    assert picker_labels(chosen, "project") == ["Garden therapy", "Any project"]
    assert picker_ticked(chosen, "project") == [True, False]
    assert "In the garden" in chosen and "Elsewhere" not in chosen


def test_the_list_reads_no_more_queries_for_more_projects(staff_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(LIST, {"project__q": "project", "project__search": "1"})
        return len(queries)

    _projects(PAGE_SIZE + 1)
    few = count()
    _projects(200, prefix="Project more")
    assert count() == few
