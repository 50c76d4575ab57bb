"""Outcome 1, improved experience from being involved: the experience survey and wellbeing.

The experience survey's counts (each co-creator once a period) also give outcome 2's staff
understanding figure and the outcome trend chart. Definitions are in `definitions`.
"""

from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery

from cocreation.lib.disclosure import Disclosure
from cocreation.lib.periods import Period
from impact import swemwbs
from impact.models import ExperienceResponse

from .definitions import AGREE

_STAFF = Q(staff_respondent=True)
# Each measure's question: (answered it, agreed or strongly agreed), by its short name.
QUESTIONS = {
    "ccp": (
        Q(confidence__isnull=False) | Q(connection__isnull=False) | Q(purpose__isnull=False),
        Q(confidence__gte=AGREE) | Q(connection__gte=AGREE) | Q(purpose__gte=AGREE),
    ),
    "change": (Q(input_led_to_change__isnull=False), Q(input_led_to_change__gte=AGREE)),
    "staff": (
        _STAFF & Q(understanding_needs__isnull=False),
        _STAFF & Q(understanding_needs__gte=AGREE),
    ),
}


def experience_by_person(periods: list[Period]) -> dict[Period, dict[str, int]]:
    """Experience survey counts for each period, each co-creator counted once. One query a period.

    A person's answer in a period is their latest one in it: from the latest month, and within a
    month the one about the latest activity. Answers that name nobody (anonymous ones, and those
    of people who have left) cannot be matched to a person, so each counts once, and
    `<short>_unlinked` says how many of those there are. `<short>_answers` counts every answer.
    """
    counts = {}
    for period in dict.fromkeys(periods):
        in_period = ExperienceResponse.objects.filter(
            month__gte=period.start, month__lt=period.end
        ).order_by()
        latest = in_period.filter(cocreator=OuterRef("cocreator")).order_by(
            "-month", F("activity__starts_at").desc(nulls_last=True), "-pk"
        )
        counted = Q(cocreator__isnull=True) | Q(pk=F("latest_pk"))
        aggregates = {}
        for short, (answered, agreed) in QUESTIONS.items():
            aggregates[f"{short}_answered"] = Count("pk", filter=counted & answered)
            aggregates[f"{short}_agreed"] = Count("pk", filter=counted & agreed)
            aggregates[f"{short}_answers"] = Count("pk", filter=answered)
            aggregates[f"{short}_unlinked"] = Count(
                "pk", filter=answered & Q(cocreator__isnull=True)
            )
        counts[period] = in_period.annotate(latest_pk=Subquery(latest.values("pk")[:1])).aggregate(
            **aggregates
        )
    return counts


def counted_note(d: Disclosure, counts: dict[str, int], short: str) -> str:
    """How the people behind one measure were counted, in words, with its numbers shown by `d`."""
    answers, unlinked = counts[f"{short}_answers"], counts[f"{short}_unlinked"]
    if not answers:
        return ""
    note = (
        f"{d.people(answers)} answers in all; each co-creator is counted once, by their latest "
        "answer in the period"
    )
    if unlinked:
        note += (
            f". {d.people(unlinked)} of the answers name nobody (anonymous, or from people who "
            "have left), so each of those counts once"
        )
    return note + "."


def wellbeing(period: Period, threshold: Decimal) -> tuple[int, int]:
    """(people with a before-and-follow-up pair for the period, those improved). One query."""
    return wellbeing_by_period([period], threshold)[0]


def wellbeing_by_period(periods: list[Period], threshold: Decimal) -> list[tuple[int, int]]:
    """`wellbeing` for each period, in one query.

    The pairing is impact's own (`impact.swemwbs.wellbeing_changes`), which the staff survey
    results page uses too, so both count the same pairs.
    """
    changes = swemwbs.wellbeing_changes([(p.start, p.end) for p in periods], threshold)
    return [(change.pairs, change.improved) for change in changes]
