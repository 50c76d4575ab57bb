"""Staff list, read, add and change projects."""

import pytest

from activities.models import (
    ActivityStatus,
    EngagementLevel,
    Objective,
    Project,
    ProjectStage,
    ProjectStatus,
)
from activities.services import project_save
from tests.activities.factories import ActivityFactory

from .conftest import FUTURE_TUESDAY, PAST_TUESDAY, project_post, summary_errors

LIST = "/staff/projects/"
ADD = "/staff/projects/add/"


def titles_on(response) -> list[str]:
    return [p.title for p in response.context["page_obj"].object_list]


def a_project(
    title, *, stage=ProjectStage.IDEA, status=ProjectStatus.ACTIVE, objectives=("community",)
):
    return project_save(
        project=Project(title=title, stage=stage, status=status), objectives=objectives
    )


@pytest.fixture
def three_projects(db):
    return [
        a_project("Crisis line", stage=ProjectStage.DISCOVERY, objectives=["communication"]),
        a_project("Garden", stage=ProjectStage.DESIGN, objectives=["community", "environment"]),
        a_project("Old survey", stage=ProjectStage.REVIEW, status=ProjectStatus.COMPLETED),
    ]


def test_the_list_shows_every_project_by_title(staff_client, three_projects):
    response = staff_client.get(LIST)
    assert titles_on(response) == ["Crisis line", "Garden", "Old survey"]
    assert "Showing 1 to 3 of 3 projects" in response.content.decode()


def test_the_list_filters_by_stage_status_and_objective(staff_client, three_projects):
    assert titles_on(staff_client.get(LIST, {"stage": "design"})) == ["Garden"]
    assert titles_on(staff_client.get(LIST, {"status": "completed"})) == ["Old survey"]
    assert titles_on(staff_client.get(LIST, {"objective": "community"})) == ["Garden", "Old survey"]
    assert titles_on(staff_client.get(LIST, {"objective": "environment", "stage": "idea"})) == []


def test_a_filter_that_is_not_a_choice_is_explained(staff_client, three_projects):
    response = staff_client.get(LIST, {"stage": "nonsense"})
    assert response.context["page_obj"] is None
    assert "Choose from the list" in summary_errors(response)


def test_the_list_counts_each_projects_activities(staff_client, project):
    ActivityFactory(project=project, starts_at=FUTURE_TUESDAY)
    ActivityFactory(project=project, starts_at=PAST_TUESDAY, status=ActivityStatus.DONE)
    assert staff_client.get(LIST).context["page_obj"].object_list[0].activity_count == 2


def test_the_list_is_paged_50_at_a_time(staff_client):
    for i in range(51):
        a_project(f"Project {i:02}")
    response = staff_client.get(LIST)
    assert len(response.context["page_obj"].object_list) == 50
    assert 'aria-label="Page 2"' in response.content.decode()
    assert titles_on(staff_client.get(LIST, {"page": 2})) == ["Project 50"]


def test_the_list_takes_the_same_number_of_queries_for_many_projects(
    staff_client, django_assert_max_num_queries
):
    for i in range(2):
        a_project(f"Few {i}", objectives=["community", "capacity"])
    with django_assert_max_num_queries(20) as few:
        staff_client.get(LIST)
    for i in range(60):
        project = a_project(f"Many {i}", objectives=["community", "capacity"])
        ActivityFactory(project=project, starts_at=FUTURE_TUESDAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(LIST, {"objective": "capacity"})


def test_the_detail_page_shows_the_project_and_its_level_mix(
    staff_client, project, partner, staff_member
):
    project_save(project=project, objectives=["community", "capacity"], partners=[partner])
    ActivityFactory(project=project, level=EngagementLevel.COCREATE, title="Build day")
    ActivityFactory(project=project, level=EngagementLevel.COCREATE, title="Planting day")
    ActivityFactory(project=project, level=EngagementLevel.INFORM, title="Open letter")
    ActivityFactory(
        project=project,
        level=EngagementLevel.INFORM,
        title="Called off",
        status=ActivityStatus.CANCELLED,
    )
    response = staff_client.get(f"/staff/projects/{project.pk}/")
    html = response.content.decode()
    mix = {row.level: row.activities for row in response.context["level_mix"]}
    assert mix == {1: 1, 2: 0, 3: 0, 4: 0, 5: 2}
    for text in (
        "Garden therapy",
        "Design",
        project.service_area.name,
        "Sam Staff",
        "Riverside Wellbeing Collective",
        "1. A caring, diverse and empowered co-creation community",
        "4. Confidence and capacity in co-creation",
        "Build day",
        "Co-create",
    ):
        assert text in html, text


def test_the_detail_page_takes_the_same_number_of_queries_for_many_activities(
    staff_client, project, django_assert_max_num_queries
):
    ActivityFactory(project=project)
    with django_assert_max_num_queries(20) as few:
        staff_client.get(f"/staff/projects/{project.pk}/")
    for i in range(30):
        ActivityFactory(project=project, title=f"Session {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(f"/staff/projects/{project.pk}/")


def test_staff_add_a_project(staff_client, service_area, partner, staff_member):
    response = staff_client.post(
        ADD,
        project_post(
            service_area=str(service_area.pk),
            lead=str(staff_member.pk),
            partners=[str(partner.pk)],
            objectives=["communication", "capacity"],
            started_on_day="1",
            started_on_month="Apr",
            started_on_year="2025",
        ),
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response.url == f"/staff/projects/{project.pk}/"
    assert project.title == "Crisis line redesign"
    assert project.stage == ProjectStage.DISCOVERY
    assert project.service_area == service_area
    assert project.lead == staff_member
    assert list(project.partners.all()) == [partner]
    assert set(project.objectives.values_list("objective", flat=True)) == {
        Objective.COMMUNICATION,
        Objective.CAPACITY,
    }
    assert str(project.started_on) == "2025-04-01"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"objectives": []}, "Choose at least one objective the project serves"),
        ({"objectives": ["world_peace"]}, "Choose from the objectives given"),
        ({"title": " "}, "Enter a title for the project"),
        ({"stage": None}, "Choose the project's stage"),
        ({"status": None}, "Choose the project's status"),
        (
            {"started_on_day": "32", "started_on_month": "1", "started_on_year": "2025"},
            "Started on must be a real date",
        ),
    ],
)
def test_bad_input_gets_a_plain_error_and_writes_nothing(staff_client, overrides, message):
    response = staff_client.post(ADD, project_post(**overrides))
    assert response.status_code == 200
    assert message in summary_errors(response)
    assert not Project.objects.exists()


def test_a_topic_is_not_a_service_area(staff_client):
    from community.models import Interest, InterestKind

    topic = Interest.objects.filter(kind=InterestKind.TOPIC).first()
    response = staff_client.post(ADD, project_post(service_area=str(topic.pk)))
    assert "Choose from the options given" in summary_errors(response)
    assert not Project.objects.exists()


def test_the_edit_form_starts_with_the_projects_objectives_ticked(staff_client, project):
    html = staff_client.get(f"/staff/projects/{project.pk}/edit/").content.decode()
    assert 'value="community" checked' in html
    assert 'value="capacity" checked' not in html


def test_staff_change_a_project_and_its_objectives(staff_client, project):
    response = staff_client.post(
        f"/staff/projects/{project.pk}/edit/",
        project_post(title="Garden therapy", stage="testing", objectives=["environment"]),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == ProjectStage.TESTING
    assert list(project.objectives.values_list("objective", flat=True)) == ["environment"]


def test_removing_every_objective_is_refused(staff_client, project):
    response = staff_client.post(f"/staff/projects/{project.pk}/edit/", project_post(objectives=[]))
    assert "Choose at least one objective the project serves" in summary_errors(response)
    project.refresh_from_db()
    assert project.title == "Garden therapy"
    assert list(project.objectives.values_list("objective", flat=True)) == ["community"]
