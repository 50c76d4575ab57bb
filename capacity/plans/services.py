"""Writes for development plans: starting one (staff with the person, or the person themself),
changing it, its steps (adding, changing, marking done, removing), dated reviews (which set the
next review), closing and opening again, and telling the person a review is coming up.

Every change writes a `PlanRevision` in the same transaction: who changed it, what changed in
words, and the plan as it then stood (`plan_snapshot`), so its history is kept. A rule broken
raises ValidationError (plain English, by field where there is one) before anything is written.
Each change is noted on the person's audit trail too.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from cocreation.lib.dates import date_text
from community.audit import audit_record
from community.models import AuditAction, CoCreator, CoCreatorStatus, Role, User
from community.permissions import has_role

from ..models import (
    Course,
    DevelopmentPlan,
    PlanReview,
    PlanRevision,
    PlanStatus,
    PlanStep,
    PlanStepKind,
    RoleProfile,
)
from .notices import plan_review_due_send
from .permissions import is_agreed_mentor
from .selectors import plans_review_due_not_yet_told

AUDIT_FIELD = "personal_development_plan"
CLOSED = "This plan is closed. Open it again to change it."
LEFT = "This person has left the community, so their plan is not changed."
HOPES_NEEDED = "Enter what they want to develop"
STEP_NEEDED = "Enter the step"
COURSE_NEEDED = "Choose the course"
ROLE_NEEDED = "Choose the role to try"
AGREED_IN_FUTURE = "The date it was agreed must be today or in the past"
REVIEW_BEFORE_AGREED = "The next review must be on or after the date the plan was agreed"
HELD_IN_FUTURE = "The date of the review must be today or in the past"
NEXT_BEFORE_HELD = "The next review must be after the date of this review"
SAID_NEEDED = "Say how the plan is going"
NOT_A_MENTOR = "Choose one of the mentors they have now"
NOT_STAFF = "Choose a member of the involvement team"
# What changed, in words, by field of the plan.
FIELD_WORDS = {
    "hopes": "what to develop",
    "written_with": "who it was written with",
    "agreed_on": "the date it was agreed",
    "next_review_on": "the next review",
}


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def plan_snapshot(plan: DevelopmentPlan) -> dict:
    """The plan as it stands, as plain JSON: what to develop, its dates, its status and its steps
    (each step's course or role by name). One query. No one's name is in it."""
    steps = PlanStep.objects.filter(plan=plan).select_related("course", "role")
    return {
        "hopes": plan.hopes,
        "agreed_on": _iso(plan.agreed_on),
        "next_review_on": _iso(plan.next_review_on),
        "status": plan.status,
        "steps": [
            {
                "kind": step.kind,
                "what": step.what,
                "course": step.course.title if step.course else "",
                "role": step.role.name if step.role else "",
                "by_when": _iso(step.by_when),
                "done_on": _iso(step.done_on),
            }
            for step in steps
        ],
    }


def _revise(plan: DevelopmentPlan, actor: User | None, what_changed: str) -> PlanRevision:
    """Keep the plan as it now stands in its history, with who changed it and what changed."""
    audit_record(
        actor=actor, action=AuditAction.CHANGE, cocreator_id=plan.cocreator_id, fields=[AUDIT_FIELD]
    )
    return PlanRevision.objects.create(
        plan=plan,
        changed_by=_user(actor),
        what_changed=Truncator(what_changed).chars(300),
        snapshot=plan_snapshot(plan),
    )


def _locked(plan: DevelopmentPlan) -> DevelopmentPlan:
    """The plan read afresh and locked until the change commits, so two people changing it at
    once (the person, their mentor, staff closing it) take turns and each sees the other's
    change: a plan closed a moment ago is not changed."""
    return (
        DevelopmentPlan.objects.select_for_update(of=("self",))
        .select_related("cocreator")
        .get(pk=plan.pk)
    )


def _locked_step(step: PlanStep) -> PlanStep:
    """The step read afresh with its plan locked (`_locked`); refused when it was removed a
    moment ago."""
    plan = _locked(step.plan)
    fresh = PlanStep.objects.filter(pk=step.pk, plan=plan).first()
    if fresh is None:
        raise ValidationError("This step has been removed from the plan.")
    fresh.plan = plan
    return fresh


def _check_open(plan: DevelopmentPlan) -> None:
    if plan.cocreator.status == CoCreatorStatus.LEFT:
        raise ValidationError(LEFT)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(CLOSED)


def _check_plan(
    *,
    cocreator: CoCreator,
    hopes: str,
    written_with: User | None,
    written_with_mentor: CoCreator | None,
    agreed_on: datetime.date | None,
    next_review_on: datetime.date | None,
    mentor_before: int | None = None,
) -> str:
    """The rules for what a plan says; returns `hopes` tidied. A mentor must mentor the person
    now, unless the plan already named them (a mentoring that ended leaves the plan as it was)."""
    errors: dict[str, str] = {}
    hopes = hopes.strip()
    if not hopes:
        errors["hopes"] = HOPES_NEEDED
    if written_with is not None and written_with_mentor is not None:
        errors["written_with"] = "Choose either a member of the team or a mentor, not both"
    elif written_with is not None and not has_role(written_with, Role.STAFF):
        errors["written_with"] = NOT_STAFF
    elif (
        written_with_mentor is not None
        and written_with_mentor.pk != mentor_before
        and not is_agreed_mentor(written_with_mentor.pk, cocreator.pk)
    ):
        errors["written_with"] = NOT_A_MENTOR
    if agreed_on is not None and agreed_on > timezone.localdate():
        errors["agreed_on"] = AGREED_IN_FUTURE
    if agreed_on is not None and next_review_on is not None and next_review_on < agreed_on:
        errors["next_review_on"] = REVIEW_BEFORE_AGREED
    if errors:
        raise ValidationError(errors)
    return hopes


@transaction.atomic
def plan_start(
    *,
    cocreator: CoCreator,
    hopes: str,
    actor: User | None,
    written_with: User | None = None,
    written_with_mentor: CoCreator | None = None,
    agreed_on: datetime.date | None = None,
    next_review_on: datetime.date | None = None,
) -> DevelopmentPlan:
    """Start a person's plan: by staff with them (written with a member of staff or one of their
    mentors), or by the person themself (written with nobody). One plan a person."""
    if cocreator.status == CoCreatorStatus.LEFT:
        raise ValidationError(LEFT)
    hopes = _check_plan(
        cocreator=cocreator,
        hopes=hopes,
        written_with=written_with,
        written_with_mentor=written_with_mentor,
        agreed_on=agreed_on,
        next_review_on=next_review_on,
    )
    try:
        with transaction.atomic():
            plan = DevelopmentPlan.objects.create(
                cocreator=cocreator,
                hopes=hopes,
                written_with=written_with,
                written_with_mentor=written_with_mentor,
                agreed_on=agreed_on,
                next_review_on=next_review_on,
            )
    except IntegrityError:
        raise ValidationError("There is already a development plan for this person.") from None
    audit_record(
        actor=actor, action=AuditAction.CREATE, cocreator_id=cocreator.pk, fields=[AUDIT_FIELD]
    )
    PlanRevision.objects.create(
        plan=plan,
        changed_by=_user(actor),
        what_changed="Started the plan",
        snapshot=plan_snapshot(plan),
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: DevelopmentPlan,
    actor: User | None,
    hopes: str,
    written_with: User | None,
    written_with_mentor: CoCreator | None,
    agreed_on: datetime.date | None,
    next_review_on: datetime.date | None,
) -> DevelopmentPlan:
    """Change what a plan says (staff): what to develop, who it was written with and its dates.
    Nothing is written when nothing changed."""
    plan = _locked(plan)
    _check_open(plan)
    hopes = _check_plan(
        cocreator=plan.cocreator,
        hopes=hopes,
        written_with=written_with,
        written_with_mentor=written_with_mentor,
        agreed_on=agreed_on,
        next_review_on=next_review_on,
        mentor_before=plan.written_with_mentor_id,
    )
    new = {
        "hopes": hopes,
        "written_with": (_pk(written_with), _pk(written_with_mentor)),
        "agreed_on": agreed_on,
        "next_review_on": next_review_on,
    }
    old = {
        "hopes": plan.hopes,
        "written_with": (plan.written_with_id, plan.written_with_mentor_id),
        "agreed_on": plan.agreed_on,
        "next_review_on": plan.next_review_on,
    }
    changed = [name for name in new if new[name] != old[name]]
    if not changed:
        return plan
    plan.hopes = hopes
    plan.written_with = written_with
    plan.written_with_mentor = written_with_mentor
    plan.agreed_on = agreed_on
    plan.next_review_on = next_review_on
    plan.save()
    _revise(plan, actor, "Changed " + _and(FIELD_WORDS[name] for name in changed))
    return plan


@transaction.atomic
def plan_hopes_update(*, plan: DevelopmentPlan, actor: User | None, hopes: str) -> DevelopmentPlan:
    """Change what the person wants to develop (the person or their mentor, in the portal)."""
    plan = _locked(plan)
    _check_open(plan)
    hopes = hopes.strip()
    if not hopes:
        raise ValidationError({"hopes": HOPES_NEEDED})
    if hopes == plan.hopes:
        return plan
    plan.hopes = hopes
    plan.save(update_fields=["hopes", "updated_at"])
    _revise(plan, actor, "Changed " + FIELD_WORDS["hopes"])
    return plan


def _pk(row) -> int | None:
    return row.pk if row is not None else None


def _and(words) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _step_values(
    *,
    kind: str,
    what: str,
    course: Course | None,
    role: RoleProfile | None,
) -> tuple[str, Course | None, RoleProfile | None]:
    """The rules for a step; returns the text tidied and the course or role it keeps."""
    errors: dict[str, str] = {}
    what = what.strip()
    if kind not in PlanStepKind.values:
        errors["kind"] = "Choose what kind of step it is"
    if not what:
        errors["what"] = STEP_NEEDED
    if kind == PlanStepKind.COURSE and course is None:
        errors["course"] = COURSE_NEEDED
    if kind == PlanStepKind.ROLE and role is None:
        errors["role"] = ROLE_NEEDED
    if errors:
        raise ValidationError(errors)
    return (
        what,
        course if kind == PlanStepKind.COURSE else None,
        role if kind == PlanStepKind.ROLE else None,
    )


def _touch(plan: DevelopmentPlan) -> None:
    """A change to a step is a change to the plan (its list is newest change first)."""
    plan.save(update_fields=["updated_at"])


@transaction.atomic
def step_add(
    *,
    plan: DevelopmentPlan,
    actor: User | None,
    kind: str,
    what: str,
    course: Course | None = None,
    role: RoleProfile | None = None,
    by_when: datetime.date | None = None,
) -> PlanStep:
    """Add a step to a plan: a course, a role to try, mentoring or something else, by a date."""
    plan = _locked(plan)
    _check_open(plan)
    what, course, role = _step_values(kind=kind, what=what, course=course, role=role)
    step = PlanStep.objects.create(
        plan=plan, kind=kind, what=what, course=course, role=role, by_when=by_when
    )
    _touch(plan)
    _revise(plan, actor, f"Added a step: {what}")
    return step


@transaction.atomic
def step_update(
    *,
    step: PlanStep,
    actor: User | None,
    kind: str,
    what: str,
    course: Course | None = None,
    role: RoleProfile | None = None,
    by_when: datetime.date | None = None,
) -> PlanStep:
    """Change a step (staff). Nothing is written when nothing changed."""
    step = _locked_step(step)
    plan = step.plan
    _check_open(plan)
    what, course, role = _step_values(kind=kind, what=what, course=course, role=role)
    if (step.kind, step.what, step.course_id, step.role_id, step.by_when) == (
        kind,
        what,
        _pk(course),
        _pk(role),
        by_when,
    ):
        return step
    step.kind, step.what, step.course, step.role, step.by_when = kind, what, course, role, by_when
    step.save()
    _touch(plan)
    _revise(plan, actor, f"Changed a step: {what}")
    return step


@transaction.atomic
def step_done(
    *, step: PlanStep, actor: User | None, done_on: datetime.date | None = None
) -> PlanStep:
    """Mark a step as done, today unless another day is given."""
    step = _locked_step(step)
    _check_open(step.plan)
    if step.done_on is not None:
        raise ValidationError("This step is already marked as done.")
    step.done_on = done_on or timezone.localdate()
    step.save(update_fields=["done_on"])
    _touch(step.plan)
    _revise(step.plan, actor, f"Marked a step as done: {step.what}")
    return step


@transaction.atomic
def step_undone(*, step: PlanStep, actor: User | None) -> PlanStep:
    """Mark a step that was marked done as not done yet (a mistake, or something to go back to)."""
    step = _locked_step(step)
    _check_open(step.plan)
    if step.done_on is None:
        raise ValidationError("This step is not marked as done.")
    step.done_on = None
    step.save(update_fields=["done_on"])
    _touch(step.plan)
    _revise(step.plan, actor, f"Marked a step as not done yet: {step.what}")
    return step


@transaction.atomic
def step_remove(*, step: PlanStep, actor: User | None) -> None:
    """Take a step out of a plan (staff). The plan's history keeps it."""
    step = _locked_step(step)
    plan = step.plan
    _check_open(plan)
    what = step.what
    step.delete()
    _touch(plan)
    _revise(plan, actor, f"Removed a step: {what}")


@transaction.atomic
def review_add(
    *,
    plan: DevelopmentPlan,
    actor: User | None,
    held_on: datetime.date,
    how_it_is_going: str,
    next_review_on: datetime.date | None,
) -> PlanReview:
    """Record a review held on a day: how the plan is going and when the next review is (which
    becomes the plan's next review; none when left empty)."""
    plan = _locked(plan)
    _check_open(plan)
    errors: dict[str, str] = {}
    said = how_it_is_going.strip()
    if not said:
        errors["how_it_is_going"] = SAID_NEEDED
    if held_on > timezone.localdate():
        errors["held_on"] = HELD_IN_FUTURE
    elif plan.agreed_on and held_on < plan.agreed_on:
        errors["held_on"] = (
            "The date of the review must be on or after the date the plan was agreed, "
            + date_text(plan.agreed_on)
        )
    if next_review_on is not None and next_review_on <= held_on:
        errors["next_review_on"] = NEXT_BEFORE_HELD
    if errors:
        raise ValidationError(errors)
    review = PlanReview.objects.create(
        plan=plan,
        held_on=held_on,
        how_it_is_going=said,
        reviewed_by=_user(actor),
        next_review_on=next_review_on,
    )
    plan.next_review_on = next_review_on
    plan.save(update_fields=["next_review_on", "updated_at"])
    _revise(plan, actor, f"Reviewed the plan on {date_text(held_on)}")
    return review


def _status_set(plan, actor, status: str, *, already: str, what_changed: str) -> DevelopmentPlan:
    """Close or open a plan: locked, refused when it is so already or its person has left, and
    the change written to its history."""
    plan = _locked(plan)
    if plan.status == status:
        raise ValidationError(already)
    if plan.cocreator.status == CoCreatorStatus.LEFT:
        raise ValidationError(LEFT)
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    _revise(plan, actor, what_changed)
    return plan


@transaction.atomic
def plan_close(*, plan: DevelopmentPlan, actor: User | None) -> DevelopmentPlan:
    """Close a plan (finished, or no longer wanted). It can be opened again."""
    return _status_set(
        plan,
        actor,
        PlanStatus.CLOSED,
        already="This plan is already closed.",
        what_changed="Closed the plan",
    )


@transaction.atomic
def plan_reopen(*, plan: DevelopmentPlan, actor: User | None) -> DevelopmentPlan:
    """Open a closed plan again."""
    return _status_set(
        plan,
        actor,
        PlanStatus.ACTIVE,
        already="This plan is already open.",
        what_changed="Opened the plan again",
    )


def plan_reviews_notify(*, today: datetime.date | None = None) -> int:
    """Tell each person whose plan's next review is within a week (`REVIEW_NOTICE_DAYS`) that it
    is coming up, once per review date. The daily beat task's body. Returns how many were told."""
    told = 0
    for plan in plans_review_due_not_yet_told(today=today):
        with transaction.atomic():
            plan_review_due_send(plan=plan)
        told += 1
    return told
