"""Outcome 1, improved experience from being involved: the experience survey and wellbeing.

The experience survey's monthly counts also give outcome 2's staff understanding figure and the
outcome trend chart. Definitions are in `definitions`.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Round

from cocreation.lib.periods import Period
from community.models import CoCreator
from impact.models import ExperienceResponse, SurveyKind, WellbeingResponse

from .definitions import AGREE
from .shaping import MonthCounts, month_of


def experience_by_month(start: date, end: date) -> MonthCounts:
    """Experience survey agreement counts for each month in [start, end). One query."""
    answered_any = (
        Q(confidence__isnull=False) | Q(connection__isnull=False) | Q(purpose__isnull=False)
    )
    agreed_any = Q(confidence__gte=AGREE) | Q(connection__gte=AGREE) | Q(purpose__gte=AGREE)
    rows = (
        ExperienceResponse.objects.filter(month__gte=start, month__lt=end)
        .order_by()
        .values("month")
        .annotate(
            ccp_answered=Count("pk", filter=answered_any),
            ccp_agreed=Count("pk", filter=agreed_any),
            change_answered=Count("pk", filter=Q(input_led_to_change__isnull=False)),
            change_agreed=Count("pk", filter=Q(input_led_to_change__gte=AGREE)),
            staff_answered=Count(
                "pk", filter=Q(staff_respondent=True, understanding_needs__isnull=False)
            ),
            staff_agreed=Count(
                "pk", filter=Q(staff_respondent=True, understanding_needs__gte=AGREE)
            ),
        )
    )
    counts = MonthCounts()
    for row in rows:
        month = row.pop("month")
        counts.add(month_of(month), **row)
    return counts


def wellbeing(period: Period, threshold: Decimal) -> tuple[int, int]:
    """(people with a before-and-follow-up pair for the period, those improved). One query."""
    followups = WellbeingResponse.objects.filter(
        cocreator=OuterRef("pk"),
        kind=SurveyKind.WELLBEING_FOLLOWUP,
        answered_on__gte=period.start,
        answered_on__lt=period.end,
    ).order_by("-answered_on", "-pk")
    befores = WellbeingResponse.objects.filter(
        cocreator=OuterRef("pk"),
        kind=SurveyKind.WELLBEING_BEFORE,
        answered_on__lt=OuterRef("followup_on"),
    ).order_by("answered_on", "pk")
    people = (
        CoCreator.objects.order_by()
        .filter(Exists(followups))  # narrows the people first, so the subqueries run for few
        .annotate(
            followup_on=Subquery(followups.values("answered_on")[:1]),
            followup_score=Subquery(followups.values("metric_score")[:1]),
        )
        .filter(followup_on__isnull=False)
        .annotate(before_score=Subquery(befores.values("metric_score")[:1]))
        .filter(before_score__isnull=False)
        # In whole hundredths, so a rise of exactly the threshold counts on SQLite too, whose
        # decimals are floating point.
        .annotate(
            hundredths=Round(F("followup_score") * 100, output_field=DecimalField())
            - Round(F("before_score") * 100, output_field=DecimalField())
        )
    )
    totals = people.aggregate(
        pairs=Count("pk"), improved=Count("pk", filter=Q(hundredths__gte=threshold * 100))
    )
    return totals["pairs"], totals["improved"]
