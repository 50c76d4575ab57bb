"""Training's pages: outsiders refused on every one, staff keep courses, runs, sessions and
completions, co-creators see the offer and say what should change in a run they came to."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import AttendanceStatus
from capacity.models import Completion, Course, CourseFeedback, CourseRun, CourseSession
from community.services import cocreator_for_user_ensure
from tests.activities.factories import ActivityFactory, AttendanceFactory
from tests.capacity.training_factories import (
    CompletionFactory,
    CourseFactory,
    CourseRunFactory,
    CourseSessionFactory,
)
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

STAFF_PAGES = [
    ("capacity:training-list", False, "course"),
    ("capacity:training-refreshers", False, "course"),
    ("capacity:training-course-add", False, "course"),
    ("capacity:training-course", True, "course"),
    ("capacity:training-course-edit", True, "course"),
    ("capacity:training-run-add", True, "course"),
    ("capacity:training-completion-add", True, "course"),
    ("capacity:training-session-add", True, "run"),
]


@pytest.fixture
def run(db):
    return CourseRunFactory()


def _url(name, with_pk, kind, run):
    if not with_pk:
        return reverse(name)
    return reverse(name, args=[run.pk if kind == "run" else run.course_id])


@pytest.mark.parametrize(("name", "with_pk", "kind"), STAFF_PAGES)
def test_staff_pages_refuse_outsiders(name, with_pk, kind, run, client, cocreator, steering_member):
    url = _url(name, with_pk, kind, run)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for user in (cocreator, steering_member):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, {}).status_code == 403


@pytest.mark.parametrize(("name", "with_pk", "kind"), STAFF_PAGES)
def test_staff_pages_open_for_staff(name, with_pk, kind, run, staff_client):
    assert staff_client.get(_url(name, with_pk, kind, run)).status_code == 200


def test_a_course_that_does_not_exist_is_404(staff_client):
    assert staff_client.get(reverse("capacity:training-course", args=[999999])).status_code == 404


def test_portal_pages_refuse_outsiders(run, client, staff_member_with_mfa, steering_member):
    urls = [
        reverse("capacity:portal-training"),
        reverse("capacity:portal-training-feedback", args=[run.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
        for user in (staff_member_with_mfa, steering_member):
            assert client_for(user).get(url).status_code == 403


def test_feedback_is_404_for_a_run_the_person_did_not_come_to(run, cocreator_client, cocreator):
    url = reverse("capacity:portal-training-feedback", args=[run.pk])
    session = CourseSessionFactory(run=run)
    AttendanceFactory(activity=session.activity)  # someone else came
    person = cocreator_for_user_ensure(user=cocreator)
    AttendanceFactory(
        activity=session.activity, cocreator=person, status=AttendanceStatus.DID_NOT_ATTEND
    )
    assert cocreator_client.get(url).status_code == 404
    assert cocreator_client.post(url, {"what_should_change": "x"}).status_code == 404
    assert not CourseFeedback.objects.exists()


def test_feedback_from_someone_who_came_is_kept_and_blank_is_refused(
    run, cocreator_client, cocreator
):
    session = CourseSessionFactory(run=run)
    person = cocreator_for_user_ensure(user=cocreator)
    AttendanceFactory(activity=session.activity, cocreator=person)
    url = reverse("capacity:portal-training-feedback", args=[run.pk])
    response = cocreator_client.post(url, {"what_should_change": "   "})
    assert response.status_code == 200
    assert "Enter what should change in this course" in response.content.decode()
    assert not CourseFeedback.objects.exists()
    response = cocreator_client.post(url, {"what_should_change": "More breaks, please."})
    assert response.status_code == 302
    feedback = CourseFeedback.objects.get()
    assert (feedback.run, feedback.cocreator) == (run, person)
    page = cocreator_client.get(reverse("capacity:portal-training")).content.decode()
    assert url in page  # the offer links to the feedback form for runs they came to


def test_staff_add_and_change_a_course(staff_client):
    data = {
        "title": "Facilitation skills",
        "summary": "Leading a session.",
        "outcomes": "Plan a session",
        "for_cocreators": "on",
        "delivery": "in_person",
        "expires_after_months": "24",
        "is_active": "on",
    }
    response = staff_client.post(reverse("capacity:training-course-add"), data)
    course = Course.objects.get()
    assert response.status_code == 302
    assert course.expires_after_months == 24
    response = staff_client.post(
        reverse("capacity:training-course-edit", args=[course.pk]),
        {**data, "title": "Facilitation", "expires_after_months": ""},
    )
    course.refresh_from_db()
    assert (course.title, course.expires_after_months) == ("Facilitation", None)


def test_a_course_for_nobody_or_with_a_zero_expiry_is_refused(staff_client):
    response = staff_client.post(
        reverse("capacity:training-course-add"),
        {
            "title": "X",
            "summary": "Y",
            "outcomes": "Z",
            "delivery": "online",
            "expires_after_months": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose who the course is for" in page
    assert "at least 1 month" in page
    assert not Course.objects.exists()


def test_staff_add_a_run_and_a_session(staff_client, run):
    response = staff_client.post(
        reverse("capacity:training-run-add", args=[run.course_id]), {"name": "Autumn"}
    )
    assert response.status_code == 302
    autumn = CourseRun.objects.get(name="Autumn")
    activity = ActivityFactory(title="Part one")
    url = reverse("capacity:training-session-add", args=[autumn.pk])
    response = staff_client.post(url, {"activity": activity.pk, "required": "no"})
    assert response.status_code == 302
    session = CourseSession.objects.get()
    assert (session.run, session.activity, session.required) == (autumn, activity, False)
    # The same activity cannot be a session twice; a past one cannot be chosen.
    past = ActivityFactory(starts_at=timezone.now() - dt.timedelta(days=2))
    for chosen in (activity, past):
        response = staff_client.post(url, {"activity": chosen.pk, "required": "yes"})
        assert response.status_code == 200
    assert CourseSession.objects.count() == 1
    page = staff_client.get(reverse("capacity:training-course", args=[run.course_id]))
    assert "Part one" in page.content.decode()


def test_staff_record_a_completion_by_hand(staff_client):
    course = CourseFactory(expires_after_months=36)
    person = CoCreatorFactory()
    url = reverse("capacity:training-completion-add", args=[course.pk])
    response = staff_client.post(
        url,
        {
            "cocreator": person.pk,
            "completed_on_day": "14",
            "completed_on_month": "3",
            "completed_on_year": "2026",
        },
    )
    assert response.status_code == 302
    completion = Completion.objects.get()
    assert completion.expires_on == dt.date(2029, 3, 14)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = staff_client.post(
        url,
        {
            "cocreator": person.pk,
            "completed_on_day": str(tomorrow.day),
            "completed_on_month": str(tomorrow.month),
            "completed_on_year": str(tomorrow.year),
        },
    )
    assert "must be today or in the past" in response.content.decode()
    assert Completion.objects.count() == 1


def _due(n):
    today = timezone.localdate()
    course = CourseFactory(expires_after_months=12)
    for _ in range(n):
        CompletionFactory(
            course=course,
            completed_on=today - dt.timedelta(days=350),
            expires_on=today + dt.timedelta(days=15),
        )
    return course


def test_refreshers_list_names_people_due_and_its_queries_do_not_grow(
    staff_client, django_assert_max_num_queries
):
    _due(2)
    with django_assert_max_num_queries(12) as few:
        staff_client.get(reverse("capacity:training-refreshers"))
    _due(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("capacity:training-refreshers"))
    assert response.content.decode().count("/staff/community/") >= 10


def test_list_and_course_page_queries_do_not_grow(staff_client, django_assert_max_num_queries):
    course = _due(2)
    run = CourseRunFactory(course=course)
    CourseSessionFactory(run=run)
    pages = [
        reverse("capacity:training-list"),
        reverse("capacity:training-course", args=[course.pk]),
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(20) as q:
            staff_client.get(url)
        counts.append(len(q.captured_queries))
    _due(5)
    for _ in range(3):
        CourseSessionFactory(run=CourseRunFactory(course=course))
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert staff_client.get(url).status_code == 200


def test_portal_offer_puts_what_suits_first_and_links_sessions_to_booking(
    cocreator_client, cocreator, django_assert_max_num_queries
):
    from capacity.models import PersonRole, RoleProfile

    person = cocreator_for_user_ensure(user=cocreator)
    done = CourseFactory(title="Aaa done")
    CourseFactory(title="Bbb not done")
    needed = CourseFactory(title="Zzz needed next")
    CourseFactory(title="Staff only", for_cocreators=False, for_staff=True)
    held = RoleProfile.objects.create(name="Co-creator", what_it_involves="x", support_offered="y")
    panel = RoleProfile.objects.create(
        name="Panel member", what_it_involves="x", support_offered="y"
    )
    held.next_roles.add(panel)
    panel.required_courses.add(needed)
    PersonRole.objects.create(cocreator=person, role=held, started_on=dt.date(2025, 1, 1))
    CompletionFactory(course=done, cocreator=person)
    session = CourseSessionFactory(run=CourseRunFactory(course=needed))
    with django_assert_max_num_queries(25):
        page = cocreator_client.get(reverse("capacity:portal-training")).content.decode()
    assert page.index("Zzz needed next") < page.index("Bbb not done") < page.index("Aaa done")
    assert "Staff only" not in page
    assert "Needed for the next role on your pathway" in page
    assert reverse("activities:opportunity-detail", args=[session.activity_id]) in page


def test_record_section_and_dashboard_show_refreshers(staff_client):
    course = _due(1)
    completion = course.completions.get()
    record = staff_client.get(reverse("community:cocreator-detail", args=[completion.cocreator_id]))
    assert 'id="training"' in record.content.decode()
    dashboard = staff_client.get(reverse("activities:dashboard")).content.decode()
    assert "Training refreshers" in dashboard and "1 due" in dashboard
