"""Telling a person their development plan's review is coming up: once per plan and review date,
through community's one pipeline (`person_notify`), by the person's own channel."""

from django.urls import reverse

from cocreation.lib.dates import date_text
from cocreation.lib.links import absolute_url
from community.messaging.notices import person_notify

from ..models import DevelopmentPlan

TEMPLATES = "capacity/plans/email/"
KIND = "plan_review_due"
REVIEW_DUE_KEY = "plan-review-due:"


def plan_review_due_key(plan: DevelopmentPlan) -> str:
    """`plan-review-due:<plan>:<next review, ISO>`: a new review date is a new message."""
    return f"{REVIEW_DUE_KEY}{plan.pk}:{plan.next_review_on.isoformat()}"


def plan_review_due_send(*, plan: DevelopmentPlan):
    """The plan's next review is within a week: a nudge to look at it before then."""
    return person_notify(
        cocreator_id=plan.cocreator_id,
        kind=KIND,
        key=plan_review_due_key(plan),
        template=TEMPLATES + KIND,
        context={
            "review_on": date_text(plan.next_review_on),
            "portal_url": absolute_url(reverse("capacity:plans-portal")),
        },
    )
