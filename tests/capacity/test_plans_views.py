"""Development plans through their pages: a plan written by staff with a co-creator, changed by
the co-creator in the portal and reviewed by staff, with its history; the mentor it was written
with reaching it only while they mentor the person; everyone else refused; bad input answered in
plain English with nothing written; the staff list's queries flat however many plans."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capacity.models import (
    DevelopmentPlan,
    PlanReview,
    PlanRevision,
    PlanStatus,
    PlanStep,
    PlanStepKind,
)
from community.models import AuditEvent, Role
from community.services import cocreator_erase
from tests.capacity.plans_factories import a_plan, agreed_mentoring, person_of
from tests.capacity.training_factories import CourseFactory
from tests.community.factories import CoCreatorFactory, UserFactory
from tests.conftest import client_for

TODAY = timezone.localdate


def when(name: str, day: dt.date) -> dict:
    """An NHS.UK date input's three boxes, as a browser sends them."""
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


@pytest.fixture
def plan(db):
    return a_plan(steps=2)


def staff_urls(plan) -> list[str]:
    step = plan.steps.first()
    return [
        reverse("capacity:plans-list"),
        reverse("capacity:plans-person", args=[plan.cocreator_id]),
        reverse("capacity:plans-detail", args=[plan.pk]),
        reverse("capacity:plans-edit", args=[plan.pk]),
        reverse("capacity:plans-step-add", args=[plan.pk]),
        reverse("capacity:plans-step-edit", args=[plan.pk, step.pk]),
        reverse("capacity:plans-step-remove", args=[plan.pk, step.pk]),
        reverse("capacity:plans-review-add", args=[plan.pk]),
        reverse("capacity:plans-history", args=[plan.pk]),
    ]


STAFF_POST_ONLY = ("plans-step-done", "plans-close", "plans-reopen")


def staff_post_urls(plan) -> list[str]:
    step = plan.steps.first()
    return [
        reverse("capacity:plans-step-done", args=[plan.pk, step.pk]),
        reverse("capacity:plans-close", args=[plan.pk]),
        reverse("capacity:plans-reopen", args=[plan.pk]),
    ]


def portal_urls(plan) -> list[str]:
    step = plan.steps.first()
    return [
        reverse("capacity:plans-portal"),
        reverse("capacity:plans-portal-start"),
        reverse("capacity:plans-portal-edit"),
        reverse("capacity:plans-portal-step-add"),
        reverse("capacity:plans-portal-history"),
        reverse("capacity:plans-mentee", args=[plan.pk]),
        reverse("capacity:plans-mentee-edit", args=[plan.pk]),
        reverse("capacity:plans-mentee-step-add", args=[plan.pk]),
        reverse("capacity:plans-mentee-history", args=[plan.pk]),
        reverse("capacity:plans-portal-step-done", args=[step.pk]),
        reverse("capacity:plans-mentee-step-done", args=[plan.pk, step.pk]),
    ]


# --- Who may reach what -----------------------------------------------------------------------


def test_staff_open_every_staff_page(staff_client, plan):
    for url in staff_urls(plan):
        assert staff_client.get(url).status_code == 200, url
    # A person with a plan: their plan's page; without one: the form to start it.
    page = staff_client.get(staff_urls(plan)[1])
    assert page.status_code == 200 and plan.hopes in page.content.decode()
    other = CoCreatorFactory()
    url = reverse("capacity:plans-person", args=[other.pk])
    assert staff_client.get(url).status_code == 200


def test_outsiders_are_refused_every_staff_page_and_nothing_changes(
    client, plan, cocreator, steering_member, partner_member
):
    plan.cocreator.user = cocreator  # even the plan's own person, on the staff pages
    plan.cocreator.save()
    before = PlanRevision.objects.count()
    for url in staff_urls(plan) + staff_post_urls(plan):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
        for user in (cocreator, steering_member, partner_member):
            assert client_for(user).get(url).status_code == 403, url
            assert client_for(user).post(url, {"hopes": "x", "done": "yes"}).status_code == 403
    assert PlanRevision.objects.count() == before
    assert PlanStep.objects.filter(done_on__isnull=False).count() == 0


def test_outsiders_are_refused_every_portal_page(
    client, plan, staff_member_with_mfa, steering_member, partner_member
):
    for url in portal_urls(plan):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
        for user in (staff_member_with_mfa, steering_member, partner_member):
            assert client_for(user).get(url).status_code == 403, url
            assert client_for(user).post(url, {"hopes": "x"}).status_code == 403, url


def test_another_cocreator_gets_404_for_someone_elses_plan(other_cocreator, plan):
    other = client_for(other_cocreator)
    step = plan.steps.first()
    for url in portal_urls(plan)[5:]:
        assert other.get(url).status_code in (404, 405), url
        answer = other.post(url, {"hopes": "Taken over", "done": "yes"}).status_code
        read_only = url.endswith((f"/{plan.pk}/", "/history/"))
        assert answer == (405 if read_only else 404), url
    plan.refresh_from_db()
    step.refresh_from_db()
    assert plan.hopes != "Taken over" and step.done_on is None
    # Their own portal pages know nothing of it: they have no plan yet.
    page = other.get(reverse("capacity:plans-portal")).content.decode()
    assert "Start your plan" in page and plan.hopes not in page
    for url in portal_urls(plan)[2:5]:
        assert other.get(url).status_code == 404, url


def test_unknown_rows_are_404_for_staff(staff_client, plan):
    assert staff_client.get(reverse("capacity:plans-detail", args=[999999])).status_code == 404
    other_plan = a_plan(steps=1)
    step_of_other = other_plan.steps.get()
    url = reverse("capacity:plans-step-edit", args=[plan.pk, step_of_other.pk])
    assert staff_client.get(url).status_code == 404
    assert staff_client.get(reverse("capacity:plans-person", args=[999999])).status_code == 404


# --- The whole journey: written by staff, changed by the person, reviewed ---------------------


def test_a_plan_written_by_staff_changed_by_the_cocreator_and_reviewed(
    staff_client, staff_member_with_mfa, cocreator, cocreator_client, other_cocreator
):
    person = person_of(cocreator)
    course = CourseFactory(title="Facilitation skills")
    # Staff start the plan with the person, from their record.
    record = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    start_url = reverse("capacity:plans-person", args=[person.pk])
    assert start_url in record.content.decode()
    response = staff_client.post(
        start_url,
        {
            "hopes": "To speak up in meetings.",
            "written_with": f"staff-{staff_member_with_mfa.pk}",
            **when("agreed_on", TODAY()),
            **when("next_review_on", days(90)),
        },
    )
    plan = DevelopmentPlan.objects.get(cocreator=person)
    assert response.status_code == 302 and response.url == reverse(
        "capacity:plans-detail", args=[plan.pk]
    )
    assert (plan.written_with, plan.agreed_on, plan.next_review_on) == (
        staff_member_with_mfa,
        TODAY(),
        days(90),
    )
    response = staff_client.post(
        reverse("capacity:plans-step-add", args=[plan.pk]),
        {
            "kind": "course",
            "what": "Go to the facilitation course",
            "course": course.pk,
            **when("by_when", days(30)),
        },
    )
    assert response.status_code == 302
    assert plan.steps.get().course == course

    # The person sees it in the portal, in plain English, and changes it.
    page = cocreator_client.get(reverse("capacity:plans-portal")).content.decode()
    assert "Your development plan" in page and "To speak up in meetings." in page
    assert "Go to the facilitation course" in page and "Sam Staff" in page
    response = cocreator_client.post(
        reverse("capacity:plans-portal-edit"), {"hopes": "To chair a meeting."}
    )
    assert response.status_code == 302
    response = cocreator_client.post(
        reverse("capacity:plans-portal-step-add"),
        {"kind": "mentoring", "what": "Find a peer mentor"},
    )
    assert response.status_code == 302
    course_step = plan.steps.get(kind=PlanStepKind.COURSE)
    response = cocreator_client.post(
        reverse("capacity:plans-portal-step-done", args=[course_step.pk]), {"done": "yes"}
    )
    assert response.status_code == 302
    course_step.refresh_from_db()
    assert course_step.done_on == TODAY()

    # Staff review it: the review's next date becomes the plan's.
    response = staff_client.post(
        reverse("capacity:plans-review-add", args=[plan.pk]),
        {
            **when("held_on", TODAY()),
            "how_it_is_going": "Going well; chaired part of a meeting.",
            **when("next_review_on", days(120)),
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.hopes == "To chair a meeting." and plan.next_review_on == days(120)
    review = PlanReview.objects.get(plan=plan)
    assert (review.held_on, review.reviewed_by) == (TODAY(), staff_member_with_mfa)

    # The history holds every change, with who made it, and the plan as it stood.
    revisions = list(plan.revisions.order_by("changed_at", "pk"))
    assert [r.what_changed for r in revisions] == [
        "Started the plan",
        "Added a step: Go to the facilitation course",
        "Changed what to develop",
        "Added a step: Find a peer mentor",
        "Marked a step as done: Go to the facilitation course",
        f"Reviewed the plan on {TODAY().day} {TODAY():%B} {TODAY().year}",
    ]
    assert revisions[0].snapshot["hopes"] == "To speak up in meetings."
    assert revisions[-1].snapshot["hopes"] == "To chair a meeting."
    assert revisions[-1].snapshot["next_review_on"] == days(120).isoformat()
    assert {r.changed_by for r in revisions} == {staff_member_with_mfa, cocreator}
    staff_history = staff_client.get(reverse("capacity:plans-history", args=[plan.pk]))
    text = staff_history.content.decode()
    assert "Sam Staff" in text and "Casey Cocreator (the person)" in text
    assert "To speak up in meetings." in text  # the first snapshot, readable
    portal_history = cocreator_client.get(reverse("capacity:plans-portal-history"))
    text = portal_history.content.decode()
    assert "The involvement team" in text and "You" in text and "Sam Staff" not in text
    page = cocreator_client.get(reverse("capacity:plans-portal")).content.decode()
    assert "Going well; chaired part of a meeting." in page

    # Another co-creator cannot reach it.
    other = client_for(other_cocreator)
    assert other.get(reverse("capacity:plans-mentee", args=[plan.pk])).status_code == 404
    # Every change is on the person's audit trail.
    assert (
        AuditEvent.objects.filter(
            cocreator_id=person.pk, fields=["personal_development_plan"]
        ).count()
        == 6
    )


# --- Bad input --------------------------------------------------------------------------------


def test_a_next_review_before_the_agreed_date_is_refused_and_nothing_is_written(
    staff_client, staff_member_with_mfa
):
    person = CoCreatorFactory()
    response = staff_client.post(
        reverse("capacity:plans-person", args=[person.pk]),
        {
            "hopes": "To lead a session.",
            "written_with": f"staff-{staff_member_with_mfa.pk}",
            **when("agreed_on", days(-5)),
            **when("next_review_on", days(-10)),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The next review must be on or after the date the plan was agreed" in page
    assert "nhsuk-error-summary" in page
    assert not DevelopmentPlan.objects.exists() and not PlanRevision.objects.exists()


def test_an_empty_plan_or_a_future_agreed_date_is_refused(staff_client, staff_member_with_mfa):
    person = CoCreatorFactory()
    url = reverse("capacity:plans-person", args=[person.pk])
    page = staff_client.post(url, {"written_with": f"staff-{staff_member_with_mfa.pk}"})
    text = page.content.decode()
    assert (
        "Enter what they want to develop" in text and "Enter the date the plan was agreed" in text
    )
    page = staff_client.post(
        url,
        {
            "hopes": "x",
            "written_with": f"staff-{staff_member_with_mfa.pk}",
            **when("agreed_on", days(3)),
        },
    )
    assert "The date it was agreed must be today or in the past" in page.content.decode()
    assert not DevelopmentPlan.objects.exists()


def test_a_review_in_the_future_or_with_a_next_review_before_it_is_refused(staff_client, plan):
    url = reverse("capacity:plans-review-add", args=[plan.pk])
    before = (PlanRevision.objects.count(), plan.next_review_on)
    response = staff_client.post(
        url,
        {**when("held_on", days(2)), "how_it_is_going": "Fine", **when("next_review_on", days(40))},
    )
    assert "The date of the review must be today or in the past" in response.content.decode()
    response = staff_client.post(
        url,
        {**when("held_on", TODAY()), "how_it_is_going": "Fine", **when("next_review_on", TODAY())},
    )
    assert "The next review must be after the date of this review" in response.content.decode()
    response = staff_client.post(url, {**when("held_on", TODAY()), "how_it_is_going": "  "})
    assert "Say how the plan is going" in response.content.decode()
    response = staff_client.post(
        url, {**when("held_on", days(-30)), "how_it_is_going": "Before it was agreed"}
    )
    assert "on or after the date the plan was agreed" in response.content.decode()
    plan.refresh_from_db()
    assert not PlanReview.objects.exists()
    assert (PlanRevision.objects.count(), plan.next_review_on) == before


def test_a_step_with_no_text_or_a_course_step_with_no_course_is_refused(
    staff_client, cocreator, cocreator_client
):
    own = a_plan(person_of(cocreator))
    before = PlanRevision.objects.count()
    for client, url in (
        (staff_client, reverse("capacity:plans-step-add", args=[own.pk])),
        (cocreator_client, reverse("capacity:plans-portal-step-add")),
    ):
        response = client.post(url, {"kind": "other", "what": "   "})
        assert response.status_code == 200
        assert "Enter the step" in response.content.decode()
        response = client.post(url, {"kind": "course", "what": "A course"})
        assert "Choose the course" in response.content.decode()
        response = client.post(url, {"kind": "role", "what": "A role"})
        assert "Choose the role to try" in response.content.decode()
        response = client.post(url, {"what": "No kind"})
        assert "Choose what kind of step it is" in response.content.decode()
    assert not PlanStep.objects.exists()
    assert PlanRevision.objects.count() == before


def test_the_portal_refuses_an_empty_plan_and_empty_hopes(cocreator, cocreator_client):
    response = cocreator_client.post(reverse("capacity:plans-portal-start"), {"hopes": " "})
    assert "Enter what you would like to develop" in response.content.decode()
    assert not DevelopmentPlan.objects.exists()
    own = a_plan(person_of(cocreator))
    response = cocreator_client.post(reverse("capacity:plans-portal-edit"), {"hopes": ""})
    assert "Enter what you would like to develop" in response.content.decode()
    own.refresh_from_db()
    assert own.hopes == "To speak up in meetings."
    assert own.revisions.count() == 1


# --- The portal without a plan, and starting one ----------------------------------------------


def test_a_cocreator_without_a_plan_is_told_what_one_is_and_can_start_it(
    cocreator, cocreator_client
):
    page = cocreator_client.get(reverse("capacity:plans-portal")).content.decode()
    assert "A development plan is a short plan" in page
    assert reverse("capacity:plans-portal-start") in page
    assert "ask the involvement team" in page
    response = cocreator_client.post(
        reverse("capacity:plans-portal-start"), {"hopes": "To try a role on a panel."}
    )
    assert response.status_code == 302 and response.url == reverse("capacity:plans-portal")
    plan = DevelopmentPlan.objects.get(cocreator=person_of(cocreator))
    assert plan.written_with is None and plan.written_with_mentor is None
    assert plan.revisions.get().changed_by == cocreator
    page = cocreator_client.get(reverse("capacity:plans-portal")).content.decode()
    assert "You started it yourself" in page
    # Starting again goes to the plan they have.
    assert cocreator_client.get(reverse("capacity:plans-portal-start")).status_code == 302


def test_the_portal_menu_has_your_plan(cocreator_client):
    page = cocreator_client.get(reverse("community:portal-home")).content.decode()
    assert f'href="{reverse("capacity:plans-portal")}"' in page and "Your plan" in page


# --- Mentors ----------------------------------------------------------------------------------


@pytest.fixture
def mentored(cocreator, other_cocreator, staff_member_with_mfa):
    """The signed-in co-creator mentors the other, whose plan staff wrote with the mentor."""
    mentor, mentee = person_of(cocreator), person_of(other_cocreator)
    mentoring = agreed_mentoring(mentor, mentee)
    plan = a_plan(mentee, written_with_mentor=mentor, steps=1, actor=staff_member_with_mfa)
    return {"plan": plan, "mentoring": mentoring, "mentor": mentor, "mentee": mentee}


def test_the_mentor_it_was_written_with_reads_and_changes_it(cocreator_client, mentored):
    plan = mentored["plan"]
    own = cocreator_client.get(reverse("capacity:plans-portal")).content.decode()
    assert reverse("capacity:plans-mentee", args=[plan.pk]) in own
    page = cocreator_client.get(reverse("capacity:plans-mentee", args=[plan.pk]))
    assert page.status_code == 200
    assert "Development plan of Olu Other" in page.content.decode()
    response = cocreator_client.post(
        reverse("capacity:plans-mentee-edit", args=[plan.pk]), {"hopes": "To mentor others too."}
    )
    assert response.status_code == 302
    assert response.url == reverse("capacity:plans-mentee", args=[plan.pk])
    step = plan.steps.get()
    response = cocreator_client.post(
        reverse("capacity:plans-mentee-step-done", args=[plan.pk, step.pk]), {"done": "yes"}
    )
    assert response.status_code == 302
    response = cocreator_client.post(
        reverse("capacity:plans-mentee-step-add", args=[plan.pk]),
        {"kind": "mentoring", "what": "Meet monthly"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.hopes == "To mentor others too." and plan.steps.count() == 2
    # The mentee sees the change was their mentor's; staff see who.
    mentee_history = client_for(mentored["mentee"].user).get(
        reverse("capacity:plans-portal-history")
    )
    assert "Your mentor" in mentee_history.content.decode()
    history = cocreator_client.get(reverse("capacity:plans-mentee-history", args=[plan.pk]))
    assert history.status_code == 200 and "You" in history.content.decode()


@pytest.mark.parametrize("change", ["ended", "declined", "not_agreed", "not_written_with"])
def test_a_mentor_without_an_open_agreed_mentoring_or_not_named_gets_404(
    change, cocreator_client, mentored
):
    plan, mentoring = mentored["plan"], mentored["mentoring"]
    if change == "ended":
        mentoring.ended_at = timezone.now()
    elif change == "declined":
        mentoring.declined_at = timezone.now()
    elif change == "not_agreed":
        mentoring.mentee_agreed_at = None
    mentoring.save()
    if change == "not_written_with":
        plan.written_with_mentor = None
        plan.save()
    for url in (
        reverse("capacity:plans-mentee", args=[plan.pk]),
        reverse("capacity:plans-mentee-history", args=[plan.pk]),
    ):
        assert cocreator_client.get(url).status_code == 404
    response = cocreator_client.post(
        reverse("capacity:plans-mentee-edit", args=[plan.pk]), {"hopes": "Changed"}
    )
    assert response.status_code == 404
    page = cocreator_client.get(reverse("capacity:plans-portal")).content.decode()
    assert reverse("capacity:plans-mentee", args=[plan.pk]) not in page


def test_staff_may_write_a_plan_with_one_of_the_persons_agreed_mentors_only(
    staff_client, cocreator, other_cocreator
):
    mentor, mentee = person_of(cocreator), person_of(other_cocreator)
    stranger = CoCreatorFactory(full_name="Not Their Mentor")
    url = reverse("capacity:plans-person", args=[mentee.pk])
    data = {"hopes": "To lead a group.", **when("agreed_on", TODAY())}
    agreed_mentoring(mentor, mentee)
    page = staff_client.get(url).content.decode()
    assert "Casey Cocreator, their mentor" in page and "Not Their Mentor" not in page
    response = staff_client.post(url, {**data, "written_with": f"mentor-{stranger.pk}"})
    assert "Choose who wrote the plan with them from the list" in response.content.decode()
    assert not DevelopmentPlan.objects.exists()
    response = staff_client.post(url, {**data, "written_with": f"mentor-{mentor.pk}"})
    assert response.status_code == 302
    plan = DevelopmentPlan.objects.get()
    assert (plan.written_with, plan.written_with_mentor) == (None, mentor)


def test_a_mentor_reaching_their_own_plan_by_number_goes_to_their_plan(cocreator, cocreator_client):
    own = a_plan(person_of(cocreator))
    response = cocreator_client.get(reverse("capacity:plans-mentee", args=[own.pk]))
    assert response.status_code == 302 and response.url == reverse("capacity:plans-portal")


# --- Staff: steps, closing, the record and the dashboard ---------------------------------------


def test_staff_change_mark_and_remove_a_step(staff_client, plan):
    step = plan.steps.first()
    response = staff_client.post(
        reverse("capacity:plans-step-edit", args=[plan.pk, step.pk]),
        {"kind": "other", "what": "Step one, changed", **when("by_when", days(20))},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.what, step.by_when) == ("Step one, changed", days(20))
    done = reverse("capacity:plans-step-done", args=[plan.pk, step.pk])
    staff_client.post(done, {"done": "yes"})
    step.refresh_from_db()
    assert step.done_on == TODAY()
    staff_client.post(done, {"done": "no"})
    step.refresh_from_db()
    assert step.done_on is None
    remove = reverse("capacity:plans-step-remove", args=[plan.pk, step.pk])
    assert "Remove this step?" in staff_client.get(remove).content.decode()
    assert staff_client.post(remove).status_code == 302
    assert not PlanStep.objects.filter(pk=step.pk).exists()
    assert [r.what_changed for r in plan.revisions.order_by("-changed_at", "-pk")[:4]] == [
        "Removed a step: Step one, changed",
        "Marked a step as not done yet: Step one, changed",
        "Marked a step as done: Step one, changed",
        "Changed a step: Step one, changed",
    ]


def test_staff_close_and_reopen_a_plan_and_a_closed_plan_is_not_changed(
    staff_client, plan, cocreator_client, cocreator
):
    assert staff_client.post(reverse("capacity:plans-close", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    response = staff_client.post(
        reverse("capacity:plans-step-add", args=[plan.pk]), {"kind": "other", "what": "More"}
    )
    assert "This plan is closed. Open it again to change it." in response.content.decode()
    assert plan.steps.count() == 2
    page = staff_client.get(reverse("capacity:plans-detail", args=[plan.pk])).content.decode()
    assert (
        "Open the plan again" in page
        and reverse("capacity:plans-step-add", args=[plan.pk]) not in page
    )
    # Closed plans are off the active list and on the closed one.
    assert (
        plan.cocreator.full_name
        not in staff_client.get(reverse("capacity:plans-list")).content.decode()
    )
    closed = staff_client.get(reverse("capacity:plans-list") + "?status=closed")
    assert plan.cocreator.full_name in closed.content.decode()
    assert staff_client.post(reverse("capacity:plans-reopen", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert [r.what_changed for r in plan.revisions.order_by("-changed_at", "-pk")[:2]] == [
        "Opened the plan again",
        "Closed the plan",
    ]


def test_the_list_puts_reviews_due_or_overdue_first_and_filters_them(staff_client):
    later = a_plan(CoCreatorFactory(full_name="Aaron Later"), next_review_in=60)
    soon = a_plan(CoCreatorFactory(full_name="Zara Soon"), next_review_in=5)
    overdue = a_plan(
        CoCreatorFactory(full_name="Yusuf Overdue"), agreed_days_ago=40, next_review_in=-3
    )
    page = staff_client.get(reverse("capacity:plans-list")).content.decode()
    names = [p.cocreator.full_name for p in (overdue, soon, later)]
    assert [page.index(n) for n in names] == sorted(page.index(n) for n in names)
    assert "Overdue" in page and "Due soon" in page
    due_only = staff_client.get(reverse("capacity:plans-list") + "?due=on").content.decode()
    assert "Zara Soon" in due_only and "Yusuf Overdue" in due_only and "Aaron Later" not in due_only
    found = staff_client.get(reverse("capacity:plans-list") + "?q=zara").content.decode()
    assert "Zara Soon" in found and "Aaron Later" not in found


def test_the_record_shows_the_plan_and_the_dashboard_counts_reviews_due(staff_client, plan):
    a_plan(next_review_in=3)
    a_plan(agreed_days_ago=40, next_review_in=-1)
    record = staff_client.get(reverse("community:cocreator-detail", args=[plan.cocreator_id]))
    text = record.content.decode()
    assert 'id="development-plan"' in text
    assert reverse("capacity:plans-detail", args=[plan.pk]) in text and "0 of 2 done" in text
    dashboard = staff_client.get(reverse("activities:dashboard")).content.decode()
    assert 'id="plans-panel"' in dashboard
    assert (
        "2 active plans with a review due in the next 14 days or overdue (1 overdue)" in dashboard
    )
    training = staff_client.get(reverse("capacity:training-list")).content.decode()
    assert reverse("capacity:plans-list") in training


def test_a_person_who_left_has_no_plan_page_to_start(staff_client):
    person = CoCreatorFactory()
    a_plan(person)
    cocreator_erase(cocreator=person, actor=None)
    assert not DevelopmentPlan.objects.filter(cocreator=person).exists()
    url = reverse("capacity:plans-person", args=[person.pk])
    assert staff_client.get(url).status_code == 404


# --- Query counts -----------------------------------------------------------------------------


def _plans(n: int, staff) -> None:
    for i in range(n):
        a_plan(
            CoCreatorFactory(),
            actor=staff,
            steps=2,
            written_with=staff,
            next_review_in=(i % 5) * 7 - 7,
            agreed_days_ago=30,
        )


def test_the_staff_lists_queries_do_not_grow_with_plans(
    staff_client, staff_member_with_mfa, django_assert_max_num_queries
):
    url = reverse("capacity:plans-list")
    _plans(2, staff_member_with_mfa)
    staff_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as two:
        assert staff_client.get(url).status_code == 200
    _plans(10, staff_member_with_mfa)
    with django_assert_max_num_queries(len(two)):
        page = staff_client.get(url)
    assert page.content.decode().count("of 2") >= 12


def test_the_history_and_portal_pages_queries_do_not_grow(
    staff_client, cocreator, cocreator_client, staff_member_with_mfa, django_assert_max_num_queries
):
    plan = a_plan(person_of(cocreator), actor=staff_member_with_mfa, steps=2)
    urls = [
        (staff_client, reverse("capacity:plans-history", args=[plan.pk])),
        (staff_client, reverse("capacity:plans-detail", args=[plan.pk])),
        (cocreator_client, reverse("capacity:plans-portal")),
        (cocreator_client, reverse("capacity:plans-portal-history")),
    ]
    counts = []
    for client, url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    for n in range(8):
        done = plan.steps.create(kind=PlanStepKind.OTHER, what=f"More {n}", done_on=TODAY())
        plan.revisions.create(
            changed_by=cocreator if n % 2 else staff_member_with_mfa,
            what_changed=f"Change {n}",
            snapshot={"hopes": "h", "steps": [{"what": done.what}]},
        )
        plan.reviews.create(
            held_on=TODAY(), how_it_is_going=f"Review {n}", reviewed_by=staff_member_with_mfa
        )
    for (client, url), count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_a_user_made_staff_later_is_shown_by_name_to_staff(staff_client, plan):
    member = UserFactory(full_name="New Staffer", role=Role.STAFF)
    plan.revisions.create(changed_by=member, what_changed="Changed what to develop", snapshot={})
    page = staff_client.get(reverse("capacity:plans-history", args=[plan.pk])).content.decode()
    assert "New Staffer" in page and "New Staffer (mentor)" not in page


def test_a_staff_member_who_is_also_a_cocreator_sees_only_their_own_plan_in_the_portal(plan):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from community.services import cocreator_for_user_ensure, user_grant_role

    user = UserFactory(role=Role.STAFF, email="both@example.org")
    TOTP.activate(user, generate_totp_secret())
    user_grant_role(user=user, role=Role.COCREATOR)
    cocreator_for_user_ensure(user=user)
    client = client_for(user)
    assert client.get(reverse("capacity:plans-detail", args=[plan.pk])).status_code == 200
    for name in ("plans-mentee", "plans-mentee-edit", "plans-mentee-history"):
        assert client.get(reverse(f"capacity:{name}", args=[plan.pk])).status_code == 404
    response = client.post(
        reverse("capacity:plans-mentee-edit", args=[plan.pk]), {"hopes": "Changed"}
    )
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.hopes != "Changed"


def test_the_list_says_how_soon_a_review_counts_as_due(plan, staff_client):
    from capacity.plans.selectors import DUE_WINDOW_DAYS

    page = staff_client.get(reverse("capacity:plans-list")).content.decode()
    assert f"a review due in the next {DUE_WINDOW_DAYS} days or overdue come first" in page
