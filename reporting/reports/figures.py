"""The steering group's report for one period, as it may be shown outside the staff team: the
report put together from its parts, and the cache in front of it.

`report_for(period)` returns one JSON-safe dict (the shape is in the reporting contract: version,
period, previous_period, year_before_period, computed_at, sections of figures, levels, series).
Every page, pack, CSV and PDF renders from it and nothing else, so every number in it has already
been through the small-number rule in `cocreation.lib.disclosure` (`shaping`). What each figure
means is in `definitions`; the readings are in `outcome1`, `outcome2` and `activity`, the
payments paid in `payments.spend.selectors.paid_totals`, and objective 4's training, plans,
mentoring and accreditation in `capacity.report.capacity_totals`.

Every figure is counted by aggregation in the database: the number of queries for a report is the
same however many rows there are.
"""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from activities.models import EngagementLevel
from capacity.report import CapacityTotals, capacity_totals
from cocreation.lib.cached import cached_figures
from cocreation.lib.disclosure import EXACT, STEERING, Disclosure, shown_difference
from cocreation.lib.periods import Period, day_bounds, period_containing
from impact import swemwbs
from impact.selectors import published_case_studies_count
from impact.triangulation import MIN_ITEMS
from payments.spend.selectors import PaidTotals, paid_totals

from . import activity, outcome1, outcome2, rollups
from .definitions import LABELS, SECTIONS, TREND_MEASURES, VERSION
from .shaping import (
    MonthCounts,
    make_figure,
    money_amount,
    people_count,
    people_percentage,
    period_info,
    quarters_ending,
    records_count,
    records_percentage,
    short_label,
)

ROLLUPS = "rollups"
RAW = "raw"
LEVEL_MIX_QUARTERS = 8
TREND_QUARTERS = 4

# Bump when the figures' definitions change, so reports cached by an older release are not used.
# 2: participant-hours and the centre of gravity are shown by different people, not records.
# 3: exact reports for staff; only people are suppressed; each co-creator's answer counted once.
# 4: involvement payments and expenses.
# 5: building confidence and capacity (objective 4): training, plans, mentoring, accreditation.
DEFINITIONS_VERSION = 5


def figures_by_key(report: dict) -> dict[str, dict]:
    """Every figure of a report dict (live or frozen in a pack), by its key."""
    return {
        figure.get("key"): figure
        for section in report.get("sections", [])
        for figure in section.get("figures", [])
    }


def report_for(period: Period, *, exact: bool = False) -> dict:
    """The report for one period, from the cache unless the data behind it has changed.

    `exact`: every figure as it is, for the involvement team only; otherwise the steering group's
    report, with small numbers of people hidden. The cache key holds the data version (moved on
    by database triggers whenever any table the figures read changes: cocreation/lib/cached.py)
    and the settings the figures depend on.
    """
    d = EXACT if exact else STEERING
    key = (
        f"{DEFINITIONS_VERSION}:{period.slug}:{swemwbs.default_threshold()}:"
        f"{settings.REPRESENTATION_UNDER_THRESHOLD}"
    )

    def compute() -> dict:
        # The numbers behind both reports are read once, then shown each way.
        readings = cached_figures(f"readings:{key}", lambda: report_readings(period))
        return compute_report(period, d, readings=readings)

    return cached_figures(f"report:{d.name}:{key}", compute)


def staff_report(period: Period, steering: dict) -> dict:
    """The exact report, for the involvement team, with the steering group's block beside each
    figure (`steering`, the period's `report_for(period)`, which the caller has already read) and
    its hours beside each level's (`steering_participant_hours`)."""
    exact = copy.deepcopy(report_for(period, exact=True))
    theirs = figures_by_key(steering)
    for section in exact["sections"]:
        for figure in section["figures"]:
            other = theirs[figure["key"]]
            figure["steering"] = {"current": other["current"], "previous": other["previous"]}
    for mine, other in zip(exact["levels"], steering["levels"], strict=True):
        mine["steering_participant_hours"] = other["participant_hours"]
    return exact


def periods_most_opened(today=None) -> list[Period]:
    """The periods steering members open most: the last ended quarter (the reports home), the
    quarter before it, the half and the year that contain it, and the last ended year."""
    today = today or timezone.localdate()
    quarter = period_containing(today, "quarter").previous()
    periods = [
        quarter,
        quarter.previous(),
        period_containing(quarter.start, "half"),
        period_containing(quarter.start, "year"),
        period_containing(today, "year").previous(),
    ]
    return list(dict.fromkeys(periods))


def reports_warm(today=None) -> list[Period]:
    """Work out (or find cached) the reports for the periods most opened; returns them."""
    periods = periods_most_opened(today)
    for period in periods:
        report_for(period)
        report_for(period, exact=True)
    return periods


@dataclass(frozen=True)
class Readings:
    """The numbers behind one period's report, before any is shown: see `report_readings`."""

    experience: dict[Period, dict[str, int]]  # outcome1.experience_by_person's counts
    activities: MonthCounts  # activities and participant-hours by month and level
    attenders: list[dict[int | None, int]]  # the period's and the previous period's
    participation: dict[Period, tuple[int, int]]  # attended, in an under-represented group
    gaps: list  # the representation gap of the whole community
    new_people: list[int]
    case_studies: list[int]
    wellbeing: list[tuple[int, int]]  # pairs, improved
    projects: list
    scores: list
    triangulation: list[tuple[int, int]]
    payments: list[PaidTotals]  # paid for the period's and the previous period's sessions
    capacity: list[CapacityTotals]  # objective 4's counts, the period's and the previous one's


def _periods_read(period: Period) -> dict:
    previous = period.previous()
    mix_quarters = quarters_ending(period, LEVEL_MIX_QUARTERS)
    return {
        "pair": [period, previous],
        "trend_quarters": mix_quarters[-TREND_QUARTERS:],
        "earliest": min(previous.start, mix_quarters[0].start),
        "participation": tuple(
            dict.fromkeys(
                (
                    period,
                    previous,
                    period.same_period_a_year_before(),
                    previous.same_period_a_year_before(),
                )
            )
        ),
    }


def report_readings(period: Period, *, source: str = ROLLUPS) -> Readings:
    """The numbers behind the report for one period, from `source`.

    ROLLUPS: the figures kept by month and period (`rollups`, counted again first where the rows
    behind them changed); RAW: every figure counted from the rows as it is read. Both give the
    same numbers (tests/reporting/test_rollups.py). A fixed number of queries whatever the
    number of rows.
    """
    read = _periods_read(period)
    pair, trend_quarters, earliest = read["pair"], read["trend_quarters"], read["earliest"]
    if source == RAW:
        gaps, flagged = outcome2.under_represented_groups()
        experience = outcome1.experience_by_person(pair + trend_quarters)
        activities = activity.activities_by_month(earliest, period.end)
        activity.count_hours(
            activity.activities_in(*day_bounds(pair[1].start, period.end)), activities
        )
        attenders = activity.attenders(pair)
        participation = {p: outcome2.participation(p, flagged) for p in read["participation"]}
        new_people = activity.new_cocreators(pair)
        case_studies = [published_case_studies_count(p.start, p.last_day) for p in pair]
    elif source == ROLLUPS:
        kept = rollups.read(
            earliest,
            period.end,
            dict.fromkeys([*pair, *trend_quarters]),
            people=read["participation"],
            community=True,
        )
        gaps, flagged = outcome2.under_represented_groups(kept.community)
        activities = kept.months
        experience = {p: _experience(kept, p) for p in dict.fromkeys(pair + trend_quarters)}
        attenders = [_attenders(kept.period(p)) for p in pair]
        in_flagged = outcome2.InFlaggedGroup(flagged)
        participation = {
            p: outcome2.count_in_flagged(kept.demographics(p), in_flagged)
            for p in read["participation"]
        }
        new_people = [kept.months.total(p, "new_cocreators") for p in pair]
        case_studies = [kept.months.total(p, "case_studies") for p in pair]
    else:
        raise ValueError(f"No source of figures called {source!r}.")
    threshold = swemwbs.default_threshold()
    paid = paid_totals(pair)
    capacity = capacity_totals(pair)
    return Readings(
        experience=experience,
        activities=activities,
        attenders=attenders,
        participation=participation,
        gaps=gaps,
        new_people=new_people,
        case_studies=case_studies,
        wellbeing=outcome1.wellbeing_by_period(pair, threshold),
        projects=outcome2.projects(pair),
        scores=outcome2.experience_scores(pair),
        triangulation=outcome2.triangulation_by_period(pair),
        # Read from the claims as they are in both sources: two queries.
        payments=[paid[p] for p in pair],
        # Read from the rows as they are in both sources: six queries.
        capacity=[capacity[p] for p in pair],
    )


def compute_report(
    period: Period,
    d: Disclosure = STEERING,
    *,
    source: str = ROLLUPS,
    readings: Readings | None = None,
) -> dict:
    """The whole report for one period, every figure shown the way `d` says.

    From `readings` when given (`report_readings`, which one report shown two ways can share),
    otherwise read now from `source`.
    """
    readings = readings or report_readings(period, source=source)
    previous = period.previous()
    year_before = period.same_period_a_year_before()
    read = _periods_read(period)
    pair, trend_quarters = read["pair"], read["trend_quarters"]
    mix_quarters = quarters_ending(period, LEVEL_MIX_QUARTERS)
    threshold = swemwbs.default_threshold()
    experience, participation = readings.experience, readings.participation
    activities = attendance = readings.activities
    attenders, gaps = readings.attenders, readings.gaps

    blocks: dict[str, list[dict]] = {}  # figure key -> [current block, previous block]

    def add(key: str, block: dict) -> None:
        blocks.setdefault(key, []).append(block)

    def answers(p: Period, short: str) -> dict:
        counts = experience[p]
        block = people_percentage(d, counts[f"{short}_agreed"], counts[f"{short}_answered"])
        block["answers"] = d.people(counts[f"{short}_answers"])
        block["note"] = outcome1.counted_note(d, counts, short)
        return block

    for i, p in enumerate(pair):
        add("o1_confidence_connection_purpose", answers(p, "ccp"))
        add("o1_input_led_to_change", answers(p, "change"))
        pairs, improved = readings.wellbeing[i]
        add("o1_wellbeing_improved", people_percentage(d, improved, pairs))
        add("o1_case_studies_published", records_count(d, readings.case_studies[i]))

        add("o2_projects_measurable_change", outcome2.projects_block(d, p, readings.projects[i]))
        add("o2_experience_score_change", outcome2.score_change(d, *readings.scores[i]))

        attended, in_group = participation[p]
        share = people_percentage(d, in_group, attended)
        before = p.same_period_a_year_before()
        before_attended, before_in_group = participation[before]
        year_before_share = people_percentage(d, before_in_group, before_attended)
        add(
            "o2_under_represented_participation",
            {**share, "year_before": {"period": period_info(before), **year_before_share}},
        )
        add(
            "o2_under_represented_change",
            {
                "value": shown_difference(year_before_share["value"], share["value"]),
                "numerator": share["value"],
                "denominator": year_before_share["value"],
            },
        )
        themes, agree = readings.triangulation[i]
        add(
            "o2_triangulation_agree",
            records_percentage(d, agree, themes) | {"value": d.records(agree)},
        )
        add("o2_staff_understanding", answers(p, "staff"))

        for key, block in activity.activity_blocks(
            d, p, activities, attendance, attenders[i][None]
        ).items():
            add(key, block)
        add("act_new_cocreators", people_count(d, readings.new_people[i]))
        add("act_active_cocreators", people_count(d, participation[p][0]))

        paid = readings.payments[i]
        add("pay_involvement_paid", money_amount(paid.payments))
        add("pay_expenses_paid", money_amount(paid.expenses))
        add("pay_claims_paid", records_count(d, paid.claims))
        add("pay_people_paid", people_count(d, paid.people))

        # Objective 4: counts of people (and of plan reviews, each one person's, and of pairs,
        # two people each) through the small-number rule; records and services as they are.
        built = readings.capacity[i]
        add("cap_training_completions", records_count(d, built.completions))
        add("cap_people_trained", people_count(d, built.people_trained))
        add("cap_active_plans", people_count(d, built.active_plans))
        add("cap_plan_reviews", people_count(d, built.plan_reviews))
        add("cap_mentoring_pairs", people_count(d, built.mentoring_pairs))
        add("cap_support_meetings", records_count(d, built.support_meetings))
        add("cap_services_accredited", records_count(d, built.services_accredited))
        add("cap_services_awarded", records_count(d, built.services_awarded))

    kinds = {
        "o1_case_studies_published": ("count", ""),
        "o2_experience_score_change": ("mean", "points"),
        "o2_under_represented_change": ("mean", "percentage points"),
        "o2_triangulation_agree": ("count", "themes"),
        "act_activities": ("count", ""),
        "act_participant_hours": ("hours", "hours"),
        "act_centre_of_gravity": ("level", ""),
        "act_new_cocreators": ("count", ""),
        "act_active_cocreators": ("count", ""),
        "pay_involvement_paid": ("money", ""),
        "pay_expenses_paid": ("money", ""),
        "pay_claims_paid": ("count", ""),
        "pay_people_paid": ("count", ""),
        "cap_training_completions": ("count", ""),
        "cap_people_trained": ("count", ""),
        "cap_active_plans": ("count", ""),
        "cap_plan_reviews": ("count", ""),
        "cap_mentoring_pairs": ("count", ""),
        "cap_support_meetings": ("count", ""),
        "cap_services_accredited": ("count", ""),
        "cap_services_awarded": ("count", ""),
    }
    how_args = {
        "threshold": f"{threshold.normalize():f}",
        "under": settings.REPRESENTATION_UNDER_THRESHOLD,
        "min_items": MIN_ITEMS,
    }
    sections = []
    for key, title, figure_keys in SECTIONS:
        figures = []
        for figure_key in figure_keys:
            kind, unit = kinds.get(figure_key, ("percentage", ""))
            current, before = blocks[figure_key]
            figures.append(make_figure(figure_key, kind, current, before, unit=unit, **how_args))
        sections.append({"key": key, "title": title, "figures": figures})

    return {
        "version": VERSION,
        "disclosure": d.name,
        "period": period_info(period),
        "previous_period": period_info(previous),
        "year_before_period": period_info(year_before),
        "computed_at": timezone.now().isoformat(),
        "sections": sections,
        "levels": activity.levels(d, period, previous, activities, attendance, attenders),
        "series": {
            "level_mix": {
                "periods": [short_label(q) for q in mix_quarters],
                "slugs": [q.slug for q in mix_quarters],
                "levels": [str(level.label) for level in EngagementLevel],
                "activities": [
                    [
                        str(activities.total(q, f"activities_{int(level)}"))
                        for level in EngagementLevel
                    ]
                    for q in mix_quarters
                ],
            },
            "representation": outcome2.representation(d, gaps),
            "outcome_trends": {
                "periods": [short_label(q) for q in trend_quarters],
                "slugs": [q.slug for q in trend_quarters],
                "measures": [
                    {
                        "key": key,
                        "label": LABELS[key],
                        "values": [
                            d.people_share(
                                experience[q][f"{short}_agreed"],
                                experience[q][f"{short}_answered"],
                            ).rstrip("%")
                            for q in trend_quarters
                        ],
                    }
                    for key, short in TREND_MEASURES
                ],
            },
        },
    }


def _experience(kept: rollups.Rollups, period: Period) -> dict[str, int]:
    """`outcome1.experience_by_person`'s counts for a period, from the rollups: people counted
    once (the period's row) and the answers that name nobody, each once (its months)."""
    people = kept.period(period)
    counts = {}
    for short in outcome1.QUESTIONS:
        unlinked = kept.months.total(period, f"{short}_unlinked")
        counts[f"{short}_answered"] = people[f"{short}_answered"] + unlinked
        counts[f"{short}_agreed"] = people[f"{short}_agreed"] + kept.months.total(
            period, f"{short}_unlinked_agreed"
        )
        counts[f"{short}_answers"] = kept.months.total(period, f"{short}_answers")
        counts[f"{short}_unlinked"] = unlinked
    return counts


def _attenders(people: dict) -> dict[int | None, int]:
    """`activity.attenders`'s counts for one period, from its rollup row."""
    return {None: people["attenders"]} | {
        int(level): people[f"attenders_{int(level)}"] for level in EngagementLevel
    }
