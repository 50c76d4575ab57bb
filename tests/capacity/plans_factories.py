"""Rows for the development plan tests (to fold into tests/capacity/factories.py once the
packages meet): plans made through the services, so each has its history, and agreed mentorings."""

import datetime

from django.utils import timezone

from capacity.models import Mentoring, PlanStepKind
from capacity.plans.services import plan_start, step_add
from community.services import cocreator_for_user_ensure
from tests.community.factories import CoCreatorFactory


def a_plan(cocreator=None, *, actor=None, steps=0, agreed_days_ago=10, next_review_in=30, **kw):
    """A plan started through the service (with its first revision), with `steps` steps."""
    today = timezone.localdate()
    plan = plan_start(
        cocreator=cocreator or CoCreatorFactory(),
        hopes=kw.pop("hopes", "To speak up in meetings."),
        actor=actor,
        written_with=kw.pop("written_with", None),
        written_with_mentor=kw.pop("written_with_mentor", None),
        agreed_on=today - datetime.timedelta(days=agreed_days_ago),
        next_review_on=(
            today + datetime.timedelta(days=next_review_in) if next_review_in is not None else None
        ),
    )
    for n in range(steps):
        step_add(plan=plan, actor=actor, kind=PlanStepKind.OTHER, what=f"Step {n + 1}")
    return plan


def agreed_mentoring(mentor, mentee, **kw) -> Mentoring:
    """A mentoring both people agreed to (mentor and mentee are co-creators)."""
    now = timezone.now()
    return Mentoring.objects.create(
        mentor=mentor,
        mentee=mentee,
        mentor_agreed_at=kw.pop("mentor_agreed_at", now),
        mentee_agreed_at=kw.pop("mentee_agreed_at", now),
        **kw,
    )


def person_of(user):
    return cocreator_for_user_ensure(user=user)
