"""Development plans' reads: `active_plans_at` for the steering report (plans active at a day's
end, as their history says they then stood, in one query), the dashboard panel's counts and the
history's readable snapshots."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from capacity.plans import services
from capacity.plans.selectors import active_plans_at, dashboard_panel, snapshot_view
from tests.capacity.plans_factories import a_plan
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db

D = dt.date


def at(day: dt.date, hour: int = 12):
    return time_machine.travel(
        timezone.make_aware(dt.datetime.combine(day, dt.time(hour))), tick=False
    )


def _review(plan, day):
    with at(day):
        services.review_add(
            plan=plan, actor=None, held_on=day, how_it_is_going="Fine", next_review_on=None
        )


def test_active_plans_at_a_days_end_as_their_history_says():
    with at(D(2026, 4, 10)):
        early = a_plan(agreed_days_ago=0, next_review_in=None)
        closed_in_may = a_plan(agreed_days_ago=0, next_review_in=None)
    _review(early, D(2026, 4, 15))
    with at(D(2026, 5, 20)):
        services.plan_close(plan=closed_in_may, actor=None)
    with at(D(2026, 6, 30), hour=23):
        a_plan(agreed_days_ago=0, next_review_in=None)  # the last evening of June
    with at(D(2026, 7, 1), hour=0):
        a_plan(agreed_days_ago=0, next_review_in=None)  # on the stroke of midnight
    with at(D(2026, 8, 1)):
        services.plan_close(plan=early, actor=None)
        services.plan_reopen(plan=closed_in_may, actor=None)

    assert active_plans_at(D(2026, 4, 30)) == 2
    assert active_plans_at(D(2026, 6, 30)) == 2  # one closed in May, one started that evening
    assert active_plans_at(D(2026, 7, 31)) == 3
    assert active_plans_at(D(2026, 8, 31)) == 3  # one closed, one opened again
    assert active_plans_at(D(2026, 3, 31)) == 0


def test_active_plans_at_takes_one_query_however_many_plans():
    with at(D(2026, 4, 10)):
        for _ in range(6):
            a_plan(agreed_days_ago=0, next_review_in=None, steps=1)
    with CaptureQueriesContext(connection) as queries:
        active = active_plans_at(D(2026, 6, 30))
    assert active == 6 and len(queries) == 1


def test_a_plan_without_history_counts_as_it_is_now():
    with at(D(2026, 4, 10)):
        plan = a_plan(agreed_days_ago=0, next_review_in=None)
    plan.revisions.all().delete()
    assert active_plans_at(D(2026, 4, 30)) == 1
    assert active_plans_at(D(2026, 3, 31)) == 0


def test_the_dashboard_panel_counts_reviews_due_and_overdue_without_those_who_left():
    a_plan(next_review_in=14)
    a_plan(next_review_in=15)
    a_plan(agreed_days_ago=30, next_review_in=-2)
    gone = a_plan(CoCreatorFactory(), next_review_in=1)
    gone.cocreator.status = "left"
    gone.cocreator.save()
    closed = a_plan(next_review_in=2)
    services.plan_close(plan=closed, actor=None)
    with CaptureQueriesContext(connection) as queries:
        panel = dashboard_panel(None)
    assert (panel["due"], panel["overdue"], len(queries)) == (2, 1, 1)


def test_a_snapshot_is_read_back_with_dates_and_words_and_survives_odd_rows():
    then = snapshot_view(
        {
            "hopes": "Lead a group",
            "agreed_on": "2026-03-14",
            "next_review_on": None,
            "status": "closed",
            "steps": [
                {"kind": "role", "what": "Try it", "role": "Panel member", "by_when": "2026-09-30"},
                "not a step",
            ],
        }
    )
    assert (then.agreed_on, then.next_review_on, then.status) == (D(2026, 3, 14), None, "Closed")
    (step,) = then.steps
    assert (step.kind, step.role, step.by_when, step.done_on) == (
        "A role to try",
        "Panel member",
        D(2026, 9, 30),
        None,
    )
    assert snapshot_view({}).hopes == "" and snapshot_view("junk").steps == []
