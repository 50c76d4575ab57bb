"""What objective 4 (building confidence and capacity) did in a period: the steering report's
counts of training, development plans, mentoring and peer support, and accredited services.

The definitions (the steering report says them in words, `reporting.reports.definitions`):

- Training completions: completions recorded with a completion day in the period (records); the
  different co-creators among them (people).
- Active development plans: co-creators whose plan was active at the end of the period's last
  day, as the plan's history (its revisions) says it stood then (`plans.selectors.active_plans_at`):
  a plan closed since still counts for the periods it was active in (people).
- Plan reviews: reviews held (their date) in the period. Each is one person's review, so it is
  shown as a count of people.
- Mentoring pairs: pairs where both people had agreed before the period ended, not declined, and
  not ended by the time it began (people: each pair is two people).
- Support meetings: mentoring and peer-group meetings held in the period (records).
- Services accredited: different services with an award made on or before the period's last day
  whose renewal date is after it (records: services are not people). A renewal date that has
  passed means the accreditation has lapsed.
- Services awarded: awards with an award date in the period (records).

Every figure is a count in the database with a filter per period: six queries for any number of
periods (one a table), however many rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from cocreation.lib.periods import Period

from .models import (
    AccreditationApplication,
    ApplicationStatus,
    Completion,
    Mentoring,
    PlanReview,
    SupportMeeting,
)
from .plans.selectors import active_plans_at


@dataclass(frozen=True)
class CapacityTotals:
    """One period's objective 4 counts: for the steering report."""

    completions: int  # training completions recorded in the period (records)
    people_trained: int  # different co-creators completing a course in the period (people)
    active_plans: int  # co-creators with an active development plan at the period's end
    plan_reviews: int  # plan reviews held in the period (one person's each: people)
    mentoring_pairs: int  # mentoring pairs active at any time in the period (people)
    support_meetings: int  # mentoring and peer-group meetings held in the period (records)
    services_accredited: int  # services accredited on the period's last day (records)
    services_awarded: int  # accreditations awarded in the period (records)


def _on_days(field: str, period: Period) -> Q:
    """A date field within the period's days."""
    return Q(**{f"{field}__gte": period.start, f"{field}__lt": period.end})


def _pairs_active(period: Period) -> Q:
    """Both agreed before the period ended, never declined, and still going after it began (a
    pair ended at the very moment it began was over by then)."""
    start, end = period.bounds()
    return Q(mentor_agreed_at__lt=end, mentee_agreed_at__lt=end, declined_at__isnull=True) & (
        Q(ended_at__isnull=True) | Q(ended_at__gt=start)
    )


def _accredited_on(day) -> Q:
    """An award in force on `day`: made on or before it, due for renewal after it."""
    return Q(awarded_on__lte=day, renew_by__gt=day)


def capacity_totals(periods: list[Period]) -> dict[Period, CapacityTotals]:
    """Each period's training completions and people trained, active development plans at its
    end, plan reviews, mentoring pairs, support meetings, and services accredited at its end and
    awarded in it. Five queries for any number of periods, and one more for each period (the
    active plans, read from each plan's history)."""
    periods = list(dict.fromkeys(periods))
    if not periods:
        return {}
    numbered = list(enumerate(periods))
    completions = Completion.objects.aggregate(
        **{f"records_{i}": Count("pk", filter=_on_days("completed_on", p)) for i, p in numbered},
        **{
            f"people_{i}": Count("cocreator", filter=_on_days("completed_on", p), distinct=True)
            for i, p in numbered
        },
    )
    # As each plan stood at the period's end, from its history: one query a period.
    plans = {f"plans_{i}": active_plans_at(p.last_day) for i, p in numbered}
    reviews = PlanReview.objects.aggregate(
        **{f"reviews_{i}": Count("pk", filter=_on_days("held_on", p)) for i, p in numbered}
    )
    pairs = Mentoring.objects.aggregate(
        **{f"pairs_{i}": Count("pk", filter=_pairs_active(p)) for i, p in numbered}
    )
    meetings = SupportMeeting.objects.aggregate(
        **{f"meetings_{i}": Count("pk", filter=_on_days("met_on", p)) for i, p in numbered}
    )
    services = AccreditationApplication.objects.filter(status=ApplicationStatus.AWARDED).aggregate(
        **{
            f"accredited_{i}": Count("service", filter=_accredited_on(p.last_day), distinct=True)
            for i, p in numbered
        },
        **{f"awarded_{i}": Count("pk", filter=_on_days("awarded_on", p)) for i, p in numbered},
    )
    return {
        p: CapacityTotals(
            completions=completions[f"records_{i}"],
            people_trained=completions[f"people_{i}"],
            active_plans=plans[f"plans_{i}"],
            plan_reviews=reviews[f"reviews_{i}"],
            mentoring_pairs=pairs[f"pairs_{i}"],
            support_meetings=meetings[f"meetings_{i}"],
            services_accredited=services[f"accredited_{i}"],
            services_awarded=services[f"awarded_{i}"],
        )
        for i, p in numbered
    }
