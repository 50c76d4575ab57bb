"""Objective 4's counts for the steering report (`capacity.report.capacity_totals`): training,
development plans and reviews, mentoring pairs, support meetings and accredited services, per
period, at the edges of a period, in six queries however many periods or rows."""

import datetime

import pytest
from django.utils import timezone

from capacity.models import (
    AccreditationApplication,
    AccreditationFramework,
    AccreditationLevel,
    ApplicationStatus,
    DevelopmentPlan,
    MeetingFeeling,
    Mentoring,
    PeerGroup,
    PlanReview,
    PlanRevision,
    PlanStatus,
    Service,
    SupportMeeting,
)
from capacity.report import CapacityTotals, capacity_totals
from cocreation.lib.periods import make_period, period_containing
from tests.community.factories import CoCreatorFactory

from .training_factories import CompletionFactory, CourseFactory

pytestmark = pytest.mark.django_db

# 2026/27 Q1: 1 April to 30 June 2026. The quarter before: January to March 2026.
QUARTER = make_period("quarter", 2026, 1)
BEFORE = QUARTER.previous()
D = datetime.date


def at(year, month, day, hour=12, minute=0) -> datetime.datetime:
    """A moment in the site's time zone (UK time: the periods' days are UK days)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def totals(period=QUARTER) -> CapacityTotals:
    return capacity_totals([period])[period]


# --- Training ----------------------------------------------------------------------------------


def test_completions_are_records_and_people_are_counted_once_by_the_day_completed():
    twice, next_quarter, earlier = CoCreatorFactory.create_batch(3)
    CompletionFactory(cocreator=twice, completed_on=D(2026, 4, 1))  # the first day
    CompletionFactory(cocreator=twice, completed_on=D(2026, 6, 30))  # the last day
    CompletionFactory(cocreator=next_quarter, completed_on=D(2026, 7, 1))  # the day after
    CompletionFactory(cocreator=earlier, completed_on=D(2026, 3, 31))
    quarter, before = totals(), totals(BEFORE)
    assert (quarter.completions, quarter.people_trained) == (2, 1)
    assert (before.completions, before.people_trained) == (1, 1)


def test_the_same_course_twice_in_a_period_is_two_completions_of_one_person():
    person, course = CoCreatorFactory(), CourseFactory()
    CompletionFactory(cocreator=person, course=course, completed_on=D(2026, 4, 10))
    CompletionFactory(cocreator=person, course=course, completed_on=D(2026, 5, 10))
    assert (totals().completions, totals().people_trained) == (2, 1)


# --- Development plans -------------------------------------------------------------------------


def _plan(created: datetime.datetime, status=PlanStatus.ACTIVE) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(
        cocreator=CoCreatorFactory(), hopes="Chair a meeting", status=status
    )
    # `created_at` is set on creation: move it to the day the test needs.
    DevelopmentPlan.objects.filter(pk=plan.pk).update(created_at=created)
    return plan


def test_active_plans_are_counted_at_the_end_of_the_period():
    _plan(at(2026, 6, 30, 23, 30))  # started in the last half hour of the quarter
    _plan(at(2026, 7, 1, 0, 0))  # started as the next quarter began
    _plan(at(2026, 2, 1))  # started the quarter before, still active
    assert totals().active_plans == 2
    assert totals(BEFORE).active_plans == 1


def test_a_closed_plan_counts_for_the_periods_it_was_active_in():
    # The plan's history (its revisions) says how it stood at each period's end.
    opened = timezone.make_aware(
        datetime.datetime.combine(QUARTER.start + datetime.timedelta(days=5), datetime.time(12))
    )
    closed = timezone.make_aware(
        datetime.datetime.combine(QUARTER.last_day + datetime.timedelta(days=10), datetime.time(9))
    )
    plan = _plan(opened, status=PlanStatus.CLOSED)
    for when, status in ((opened, PlanStatus.ACTIVE), (closed, PlanStatus.CLOSED)):
        revision = PlanRevision.objects.create(
            plan=plan, what_changed=str(status), snapshot={"status": status}
        )
        PlanRevision.objects.filter(pk=revision.pk).update(changed_at=when)
    assert totals(BEFORE).active_plans == 0  # not started yet
    assert totals().active_plans == 1  # active at the quarter's end, closed since
    after = period_containing(QUARTER.last_day + datetime.timedelta(days=1))
    assert totals(after).active_plans == 0


def test_a_plan_closed_with_no_history_is_not_counted():
    # Without revisions the plan's own status is all there is.
    _plan(at(2026, 1, 10), status=PlanStatus.CLOSED)
    assert totals().active_plans == 0
    assert totals(BEFORE).active_plans == 0


def test_plan_reviews_are_counted_by_the_day_held():
    plan = _plan(at(2026, 1, 5))
    for day in (D(2026, 3, 31), D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 1)):
        PlanReview.objects.create(plan=plan, held_on=day)
    assert totals().plan_reviews == 2
    assert totals(BEFORE).plan_reviews == 1


# --- Mentoring and peer support ----------------------------------------------------------------


def _pair(*, mentor_agreed=None, mentee_agreed=None, declined=None, ended=None) -> Mentoring:
    return Mentoring.objects.create(
        mentor=CoCreatorFactory(),
        mentee=CoCreatorFactory(),
        mentor_agreed_at=mentor_agreed,
        mentee_agreed_at=mentee_agreed,
        declined_at=declined,
        ended_at=ended,
    )


def test_a_pair_counts_in_a_period_when_both_had_agreed_and_it_had_not_ended():
    _pair(mentor_agreed=at(2026, 3, 1), mentee_agreed=at(2026, 3, 2))  # both quarters
    _pair(mentor_agreed=at(2026, 5, 1), mentee_agreed=at(2026, 5, 1), ended=at(2026, 5, 20))
    # Ended in the last hour of the quarter before: that quarter only.
    _pair(mentor_agreed=at(2026, 1, 10), mentee_agreed=at(2026, 1, 11), ended=at(2026, 3, 31, 23))
    assert totals().mentoring_pairs == 2
    assert totals(BEFORE).mentoring_pairs == 2


def test_a_pair_not_agreed_by_both_or_declined_is_not_counted():
    _pair(mentor_agreed=at(2026, 4, 10))  # the mentee never agreed
    _pair(mentee_agreed=at(2026, 4, 10))  # the mentor never agreed
    _pair(mentor_agreed=at(2026, 4, 2), declined=at(2026, 4, 3))  # the mentee said no
    # The mentee agreed as the next quarter began: not before this one ended.
    _pair(mentor_agreed=at(2026, 6, 1), mentee_agreed=at(2026, 7, 1, 0, 0))
    assert totals().mentoring_pairs == 0


def test_a_pair_that_ended_as_the_period_began_is_not_counted_in_it():
    _pair(mentor_agreed=at(2026, 2, 1), mentee_agreed=at(2026, 2, 1), ended=at(2026, 4, 1, 0, 0))
    assert totals().mentoring_pairs == 0
    assert totals(BEFORE).mentoring_pairs == 1


def test_meetings_of_pairs_and_groups_are_counted_by_the_day_they_met():
    pair = _pair(mentor_agreed=at(2026, 3, 1), mentee_agreed=at(2026, 3, 1))
    group = PeerGroup.objects.create(name="Tuesday walkers", about="A walk and a chat.")
    SupportMeeting.objects.create(mentoring=pair, met_on=D(2026, 4, 1), how_it_went="well")
    SupportMeeting.objects.create(group=group, met_on=D(2026, 6, 30), how_it_went="okay")
    SupportMeeting.objects.create(group=group, met_on=D(2026, 7, 1), how_it_went="hard")
    SupportMeeting.objects.create(
        mentoring=pair, met_on=D(2026, 3, 31), how_it_went=MeetingFeeling.WELL
    )
    assert totals().support_meetings == 2
    assert totals(BEFORE).support_meetings == 1


# --- Accreditation -----------------------------------------------------------------------------


@pytest.fixture
def framework():
    return AccreditationFramework.objects.create(version="1", published_at=at(2025, 6, 1))


def _award(service: str, framework, awarded_on, renew_by, **extra) -> AccreditationApplication:
    return AccreditationApplication.objects.create(
        service=Service.objects.get_or_create(name=service)[0],
        framework=framework,
        status=ApplicationStatus.AWARDED,
        level_awarded=AccreditationLevel.FOUNDATION,
        awarded_on=awarded_on,
        renew_by=renew_by,
        **extra,
    )


def test_services_accredited_at_the_end_and_awarded_in_the_period(framework):
    # Lapsed before the quarter ended: its renewal date (1 June 2026) passed without a renewal.
    _award("Lapsed", framework, D(2025, 6, 1), D(2026, 6, 1))
    # Due for renewal on the quarter's last day: lapsed by its end.
    _award("Due on the last day", framework, D(2025, 7, 1), D(2026, 6, 30))
    # Awarded in the quarter, and on its last day.
    _award("Awarded in May", framework, D(2026, 5, 1), D(2027, 5, 1))
    _award("Awarded on the last day", framework, D(2026, 6, 30), D(2027, 6, 30))
    # Awarded the day after the quarter ended.
    _award("Awarded too late", framework, D(2026, 7, 1), D(2027, 7, 1))
    quarter, before = totals(), totals(BEFORE)
    assert (quarter.services_accredited, quarter.services_awarded) == (2, 2)
    assert (before.services_accredited, before.services_awarded) == (2, 0)


def test_a_service_renewed_early_is_one_service_accredited_and_one_award(framework):
    _award("Renewed early", framework, D(2024, 5, 1), D(2027, 1, 1))
    _award("Renewed early", framework, D(2026, 5, 1), D(2029, 5, 1))
    assert (totals().services_accredited, totals().services_awarded) == (1, 1)


def test_an_application_not_awarded_is_not_counted(framework):
    service = Service.objects.create(name="Still in review")
    AccreditationApplication.objects.create(
        service=service, framework=framework, status=ApplicationStatus.IN_REVIEW
    )
    AccreditationApplication.objects.create(
        service=Service.objects.create(name="Actions needed"),
        framework=framework,
        status=ApplicationStatus.ACTIONS_NEEDED,
        decided_at=at(2026, 5, 1),
        actions_needed="Involve co-creators in the interview panel.",
    )
    assert (totals().services_accredited, totals().services_awarded) == (0, 0)


# --- Queries -----------------------------------------------------------------------------------


def _rows(n: int, framework, first: int = 0) -> None:
    for i in range(first, first + n):
        CompletionFactory(completed_on=D(2026, 4, 1 + i % 28))
        plan = _plan(at(2026, 1, 1 + i % 28))
        PlanReview.objects.create(plan=plan, held_on=D(2026, 5, 1 + i % 28))
        pair = _pair(mentor_agreed=at(2026, 2, 1), mentee_agreed=at(2026, 2, 2))
        SupportMeeting.objects.create(mentoring=pair, met_on=D(2026, 5, 1), how_it_went="well")
        _award(f"Service {i}", framework, D(2026, 4, 1 + i % 28), D(2027, 4, 1))


def test_five_queries_and_one_a_period_for_any_number_of_rows(framework, django_assert_num_queries):
    # Five tables read once, and the active plans once a period (each plan as its history says
    # it stood at that period's end).
    _rows(2, framework)
    with django_assert_num_queries(7):
        capacity_totals([QUARTER, BEFORE])
    _rows(8, framework, first=2)
    year = make_period("year", 2026)
    with django_assert_num_queries(9):
        found = capacity_totals([QUARTER, BEFORE, year, year.previous(), QUARTER])
    assert set(found) == {QUARTER, BEFORE, year, year.previous()}
    assert found[QUARTER] == CapacityTotals(
        completions=10,
        people_trained=10,
        active_plans=10,
        plan_reviews=10,
        mentoring_pairs=10,
        support_meetings=10,
        services_accredited=10,
        services_awarded=10,
    )


def test_no_periods_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert capacity_totals([]) == {}
