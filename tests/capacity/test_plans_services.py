"""Development plans' services: every change keeps a revision in its own transaction (or nothing
is written), the rules in plain English, the review-due message once per review date, the story,
the data download and what leaving does to a plan."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from capacity.models import (
    DevelopmentPlan,
    PlanReview,
    PlanRevision,
    PlanStatus,
    PlanStep,
    PlanStepKind,
)
from capacity.plans import services
from capacity.plans.notices import plan_review_due_key
from capacity.plans.story import plan_rows
from capacity.plans.tasks import send_plan_reviews_due
from cocreation.celery import app
from community.data_export import person_data
from community.models import CoCreatorStatus, Message
from community.services import cocreator_erase
from tests.capacity.plans_factories import a_plan, agreed_mentoring, person_of
from tests.capacity.training_factories import CourseFactory
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def test_a_plan_starts_with_its_first_revision_and_only_once(staff_member):
    person = CoCreatorFactory()
    plan = a_plan(person, actor=staff_member, written_with=staff_member)
    revision = plan.revisions.get()
    assert (revision.what_changed, revision.changed_by) == ("Started the plan", staff_member)
    assert revision.snapshot == {
        "hopes": "To speak up in meetings.",
        "agreed_on": days(-10).isoformat(),
        "next_review_on": days(30).isoformat(),
        "status": "active",
        "steps": [],
    }
    with pytest.raises(ValidationError, match="already a development plan"):
        a_plan(person)
    assert DevelopmentPlan.objects.count() == 1 and PlanRevision.objects.count() == 1


def test_the_snapshot_names_the_course_and_role_and_no_person(staff_member):
    course = CourseFactory(title="Facilitation skills")
    plan = a_plan(actor=staff_member, written_with=staff_member)
    services.step_add(
        plan=plan,
        actor=staff_member,
        kind=PlanStepKind.COURSE,
        what="The course",
        course=course,
        by_when=days(20),
    )
    snapshot = plan.revisions.order_by("-pk").first().snapshot
    assert snapshot["steps"] == [
        {
            "kind": "course",
            "what": "The course",
            "course": "Facilitation skills",
            "role": "",
            "by_when": days(20).isoformat(),
            "done_on": None,
        }
    ]
    text = str(snapshot)
    assert staff_member.full_name not in text and plan.cocreator.full_name not in text


def test_a_change_and_its_revision_are_written_together_or_not_at_all(monkeypatch, staff_member):
    plan = a_plan(actor=staff_member)

    def broken(**kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr(PlanRevision.objects, "create", broken)
    with pytest.raises(RuntimeError):
        services.step_add(plan=plan, actor=staff_member, kind=PlanStepKind.OTHER, what="A step")
    with pytest.raises(RuntimeError):
        services.review_add(
            plan=plan,
            actor=staff_member,
            held_on=days(0),
            how_it_is_going="Fine",
            next_review_on=days(60),
        )
    plan.refresh_from_db()
    assert not PlanStep.objects.exists() and not PlanReview.objects.exists()
    assert plan.next_review_on == days(30)


def test_changing_nothing_writes_nothing_and_a_change_says_what_changed(staff_member):
    plan = a_plan(actor=staff_member, written_with=staff_member)
    values = {
        "hopes": plan.hopes,
        "written_with": staff_member,
        "written_with_mentor": None,
        "agreed_on": plan.agreed_on,
        "next_review_on": plan.next_review_on,
    }
    services.plan_update(plan=plan, actor=staff_member, **values)
    assert plan.revisions.count() == 1
    services.plan_update(
        plan=plan, actor=staff_member, **{**values, "hopes": "New", "next_review_on": days(50)}
    )
    assert plan.revisions.order_by("-pk").first().what_changed == (
        "Changed what to develop and the next review"
    )


def test_the_rules_in_plain_english(staff_member, steering_member):
    person = CoCreatorFactory()
    cases = [
        ({"hopes": "  "}, "hopes", "Enter what they want to develop"),
        ({"agreed_on": days(1)}, "agreed_on", "must be today or in the past"),
        (
            {"agreed_on": days(-5), "next_review_on": days(-6)},
            "next_review_on",
            "on or after the date the plan was agreed",
        ),
        ({"written_with": steering_member}, "written_with", "member of the involvement team"),
        ({"written_with_mentor": CoCreatorFactory()}, "written_with", "mentors they have now"),
    ]
    for changes, field, words in cases:
        values = {"cocreator": person, "hopes": "Hopes", "actor": staff_member, **changes}
        with pytest.raises(ValidationError) as caught:
            services.plan_start(**values)
        assert words in " ".join(caught.value.message_dict[field])
    assert not DevelopmentPlan.objects.exists()


def test_a_mentor_whose_mentoring_ended_stays_on_the_plan_but_cannot_be_newly_chosen(
    staff_member,
):
    mentor, mentee = CoCreatorFactory(), CoCreatorFactory()
    mentoring = agreed_mentoring(mentor, mentee)
    plan = a_plan(mentee, written_with_mentor=mentor)
    mentoring.ended_at = timezone.now()
    mentoring.save()
    services.plan_update(
        plan=plan,
        actor=staff_member,
        hopes="Still mine",
        written_with=None,
        written_with_mentor=mentor,
        agreed_on=plan.agreed_on,
        next_review_on=plan.next_review_on,
    )
    plan.refresh_from_db()
    assert plan.hopes == "Still mine" and plan.written_with_mentor == mentor
    with pytest.raises(ValidationError):
        a_plan(CoCreatorFactory(), written_with_mentor=mentor)


def test_a_step_keeps_only_the_course_or_role_its_kind_names(staff_member):
    plan = a_plan()
    course = CourseFactory()
    step = services.step_add(
        plan=plan, actor=staff_member, kind=PlanStepKind.OTHER, what="Read", course=course
    )
    assert step.course is None
    with pytest.raises(ValidationError, match="already marked as done"):
        services.step_done(step=services.step_done(step=step, actor=None), actor=None)


def test_a_closed_plan_is_not_changed_until_opened_again(staff_member):
    plan = a_plan(steps=1)
    services.plan_close(plan=plan, actor=staff_member)
    step = plan.steps.get()
    for change in (
        lambda: services.step_done(step=step, actor=None),
        lambda: services.plan_hopes_update(plan=plan, actor=None, hopes="x"),
        lambda: services.review_add(
            plan=plan, actor=None, held_on=days(0), how_it_is_going="x", next_review_on=None
        ),
        lambda: services.plan_close(plan=plan, actor=None),
    ):
        with pytest.raises(ValidationError):
            change()
    services.plan_reopen(plan=plan, actor=staff_member)
    services.step_done(step=step, actor=None)
    assert plan.revisions.filter(snapshot__status="closed").count() == 1


def test_a_page_opened_before_the_plan_was_closed_or_the_step_removed_changes_nothing(
    staff_member,
):
    plan = a_plan(steps=2)
    first, second = plan.steps.order_by("pk")
    seen_by_the_person = DevelopmentPlan.objects.get(pk=plan.pk)  # their page, still open
    services.step_remove(step=second, actor=staff_member)
    with pytest.raises(ValidationError, match="removed"):
        services.step_done(step=second, actor=None)
    services.plan_close(plan=plan, actor=staff_member)
    assert seen_by_the_person.status == PlanStatus.ACTIVE  # as the page read it
    for change in (
        lambda: services.plan_hopes_update(plan=seen_by_the_person, actor=None, hopes="New"),
        lambda: services.step_add(plan=seen_by_the_person, actor=None, kind="other", what="x"),
        lambda: services.step_done(step=first, actor=None),
    ):
        with pytest.raises(ValidationError, match="closed"):
            change()
    assert plan.steps.count() == 1 and not plan.steps.filter(done_on__isnull=False).exists()


# --- The review-due message -------------------------------------------------------------------


def test_people_are_told_once_a_week_before_their_review(django_capture_on_commit_callbacks):
    due = a_plan(next_review_in=7)
    today = a_plan(next_review_in=0)
    a_plan(next_review_in=8)  # not yet
    a_plan(agreed_days_ago=20, next_review_in=-1)  # overdue: too late to tell
    closed = a_plan(next_review_in=3)
    services.plan_close(plan=closed, actor=None)
    left = a_plan(next_review_in=2)
    left.cocreator.status = CoCreatorStatus.LEFT
    left.cocreator.save()
    with django_capture_on_commit_callbacks():
        assert send_plan_reviews_due.apply().get() == 2
        assert services.plan_reviews_notify() == 0  # once per review date
    keys = set(Message.objects.filter(kind="plan_review_due").values_list("key", flat=True))
    assert keys == {plan_review_due_key(due), plan_review_due_key(today)}
    assert plan_review_due_key(due) == f"plan-review-due:{due.pk}:{days(7).isoformat()}"
    message = Message.objects.get(key=plan_review_due_key(due))
    assert message.cocreator_id == due.cocreator_id
    assert message.template == "capacity/plans/email/plan_review_due"
    # A new review date is a new message.
    services.review_add(
        plan=due, actor=None, held_on=days(0), how_it_is_going="Fine", next_review_on=days(5)
    )
    assert services.plan_reviews_notify() == 1


def test_the_beat_task_is_registered_daily():
    assert "capacity.send_plan_reviews_due" in app.tasks
    app.loader.import_default_modules()
    names = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "capacity.send_plan_reviews_due" in names


# --- The story, the data download and leaving --------------------------------------------------


def test_the_story_has_the_plan_starting_and_its_reviews(staff_member):
    plan = a_plan(written_with=staff_member, actor=staff_member)
    services.review_add(
        plan=plan,
        actor=staff_member,
        held_on=days(0),
        how_it_is_going="Going well",
        next_review_on=days(60),
    )
    staff_rows = plan_rows(plan.cocreator, for_staff=True, limit=None)
    assert [r.title for r in staff_rows] == [
        "Development plan started",
        "Development plan reviewed",
    ]
    assert staff_member.full_name in staff_rows[0].detail
    own_rows = plan_rows(plan.cocreator, for_staff=False, limit=None)
    assert staff_member.full_name not in " ".join(r.detail for r in own_rows)
    assert "Going well" in own_rows[1].detail
    assert plan_rows(CoCreatorFactory(), for_staff=True, limit=None) == []


def test_the_data_download_has_the_plan_with_the_mentor_as_another_person(staff_member):
    mentor, person = CoCreatorFactory(full_name="Mina Mentor"), CoCreatorFactory()
    agreed_mentoring(mentor, person)
    plan = a_plan(person, written_with_mentor=mentor, steps=1, actor=staff_member)
    data = person_data(person)
    (row,) = data["capacity.DevelopmentPlan"]
    text = str(row)
    assert plan.hopes in text and "Another person" in text and "Mina Mentor" not in text
    assert len(data["capacity.PlanStep"]) == 1
    assert len(data["capacity.PlanRevision"]) == 2
    # A step and a change point at the plan in words, never by its record number.
    assert data["capacity.PlanStep"][0]["plan"].startswith("Development plan started on ")
    assert "#" not in str(data["capacity.PlanStep"]) + str(data["capacity.PlanRevision"])


def test_leaving_deletes_the_persons_plan_and_unlinks_the_mentor_and_staff(
    staff_member, cocreator, other_cocreator
):
    person = CoCreatorFactory()
    a_plan(person, steps=2, actor=staff_member)
    cocreator_erase(cocreator=person, actor=None)
    assert not DevelopmentPlan.objects.exists()
    assert not PlanStep.objects.exists() and not PlanRevision.objects.exists()
    # A mentor who leaves: the mentee's plan stays, without the link; so does what they changed.
    mentor, mentee = person_of(cocreator), person_of(other_cocreator)
    agreed_mentoring(mentor, mentee)
    plan = a_plan(mentee, written_with_mentor=mentor, actor=cocreator)
    services.plan_hopes_update(plan=plan, actor=cocreator, hopes="Changed by the mentor")
    cocreator_erase(cocreator=mentor, actor=None)
    plan.refresh_from_db()
    assert plan.written_with_mentor is None and plan.status == PlanStatus.ACTIVE
    assert plan.hopes == "Changed by the mentor"
    assert not plan.revisions.filter(changed_by__isnull=False).exists()
