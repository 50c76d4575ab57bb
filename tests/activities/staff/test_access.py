"""Only involvement staff reach the project and activity pages; everyone else is turned away."""

import pytest
from django.http import Http404
from django.urls import reverse

from activities.models import Attendance, SignUpStatus
from activities.permissions import get_activity_for_user, get_project_for_user
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

from .conftest import activity_post, book, project_post


@pytest.fixture
def signup(activity):
    (signup,) = book(activity, CoCreatorFactory(full_name="Ann Able"))
    return signup


@pytest.fixture
def every_url(project, activity, signup):
    return [
        reverse("activities:project-list"),
        reverse("activities:project-add"),
        reverse("activities:project-detail", args=[project.pk]),
        reverse("activities:project-edit", args=[project.pk]),
        reverse("activities:activity-list"),
        reverse("activities:activity-add"),
        reverse("activities:activity-detail", args=[activity.pk]),
        reverse("activities:activity-edit", args=[activity.pk]),
        reverse("activities:activity-notes", args=[activity.pk]),
        reverse("activities:activity-attendance", args=[activity.pk]),
        reverse("activities:activity-attendance-add", args=[activity.pk]),
        reverse("activities:signup-withdraw-staff", args=[activity.pk, signup.pk]),
    ]


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page(anonymous, every_url):
    for url in every_url:
        for method in (anonymous.get, anonymous.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["cocreator", "steering_member"])
def test_a_cocreator_or_steering_member_is_refused_every_page(request, persona, every_url):
    client = client_for(request.getfixturevalue(persona))
    for url in every_url:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Taken over"}).status_code == 403, url


def test_a_cocreator_who_knows_a_staff_only_number_is_refused_by_role(
    cocreator, project, activity, signup
):
    client = client_for(cocreator)
    # Even their own sign-up's number, and a real activity's, get the role refusal, not the page.
    for url in (
        f"/staff/activities/{activity.pk}/",
        f"/staff/projects/{project.pk}/",
        f"/staff/activities/{activity.pk}/sign-ups/{signup.pk}/withdraw/",
    ):
        assert client.get(url).status_code == 403, url


def test_refused_posts_change_nothing(cocreator, project, activity, signup):
    client = client_for(cocreator)
    client.post(f"/staff/projects/{project.pk}/edit/", project_post(title="Taken over"))
    client.post(f"/staff/activities/{activity.pk}/edit/", activity_post(title="Taken over"))
    client.post(f"/staff/activities/{activity.pk}/notes/", {"notes": "Taken over"})
    client.post(f"/staff/activities/{activity.pk}/sign-ups/{signup.pk}/withdraw/")
    client.post(f"/staff/activities/{activity.pk}/attendance/add/", {"full_name": "Intruder"})
    client.post("/staff/activities/add/", activity_post())
    project.refresh_from_db()
    activity.refresh_from_db()
    signup.refresh_from_db()
    assert project.title == "Garden therapy"
    assert (activity.title, activity.notes) == ("Ward garden design session", "")
    assert signup.status == SignUpStatus.BOOKED
    assert not Attendance.objects.exists()
    assert activity.__class__.objects.count() == 1


def test_staff_reach_every_page(staff_client, every_url):
    for url in every_url[:-1]:
        assert staff_client.get(url).status_code == 200, url


def test_staff_get_404_for_a_project_or_activity_that_does_not_exist(staff_client):
    for url in (
        "/staff/projects/9999/",
        "/staff/projects/9999/edit/",
        "/staff/activities/9999/",
        "/staff/activities/9999/edit/",
        "/staff/activities/9999/notes/",
        "/staff/activities/9999/attendance/",
        "/staff/activities/9999/attendance/add/",
    ):
        assert staff_client.get(url).status_code == 404, url


def test_the_gatekeepers_answer_404_to_anyone_but_staff(
    staff_member, cocreator, steering_member, project, activity
):
    assert get_project_for_user(staff_member, project.pk) == project
    assert get_activity_for_user(staff_member, activity.pk) == activity
    for user in (cocreator, steering_member):
        with pytest.raises(Http404):
            get_project_for_user(user, project.pk)
        with pytest.raises(Http404):
            get_activity_for_user(user, activity.pk)
