"""The steering group's report for one period, as it may be shown outside the staff team.

`report_for(period)` returns one JSON-safe dict (the shape is in the reporting contract: version,
period, previous_period, year_before_period, computed_at, sections of figures, levels, series).
Every page, pack, CSV and PDF renders from it and nothing else, so every number in it has already
been through the small-number rule in `cocreation.lib.disclosure`: 0 shows as 0, 1 to 7 as "*",
8 and above rounded to the nearest 5, percentages from the rounded figures (and "*" if either is
suppressed), means only where they rest on 8 or more rows (participant-hours and the centre of
gravity only where 8 or more different people attended). All values are strings; "" means there
is no figure (nothing to divide by). No names, emails or other personal data go in.

Each figure has a `current` block (this period) and a `previous` block (the period before), each
with `value`, `numerator` and `denominator`, and a plain-English `how`. The definitions:

Outcome 1: improved experience from being involved
- Confidence, connection or purpose: experience survey answers given in the period (by month)
  that answered at least one of the confidence, connection and purpose questions; of those, the
  ones that agreed or strongly agreed (4 or 5 of 5) with at least one.
- Input led to change: answers to "I can see that my input led to change" in the period; of
  those, agreed or strongly agreed.
- Wellbeing (SWEMWBS): people with a follow-up answered in the period and a "before" answered
  earlier; their first "before" against their latest follow-up in the period. Improved when the
  metric score rose by at least the threshold (SWEMWBS_CHANGE_THRESHOLD, 3 points).
- Case studies: case studies written in the period that are published (a count).

Outcome 2: better services through co-creation
- Projects with measurable change: projects with an impact record published in the period; of
  those, projects where such a record has evidence that moved the better way (up when higher is
  better, down when lower is better).
- Experience scores in co-designed services: Friends and Family Test evidence on published impact
  records with a follow-up in the period; the change from the mean baseline to the mean follow-up,
  in points, shown only where there are 8 or more such measures.
- Participation from under-represented groups: different co-creators who attended an activity in
  the period; of those, the ones in a group the representation gap (whole community) marks as
  under-represented. A second figure gives the change in percentage points on the same period a
  year before, worked out from the shown percentages.
- Triangulation: themes where co-creator insight and complaints, PALS, incidents and the Friends
  and Family Test agree (a top-3 theme in both, or a similar share), out of themes with any data
  in the period.
- Staff understanding: experience survey answers from staff who took part that answered the
  understanding question; of those, agreed or strongly agreed.

Activity
- Activities (cancelled ones left out) starting in the period, and participant-hours (hours
  recorded for people who attended them; "*" when from 1 to 7 different people attended, else
  to the nearest 5), per engagement level and in total. Counted by people, not attendance
  records, so one person at many sessions cannot reveal their own hours.
- Centre of gravity: the mean engagement level weighted by participant-hours (1 Inform to 5
  Co-create), shown only where 8 or more different people attended.
- New co-creators (joined in the period), active co-creators (attended in the period), and the
  shares of activities in the evening, at the weekend and in an informal setting.

Every figure is counted by aggregation in the database: the number of queries for a report is the
same however many rows there are.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round, TruncMonth
from django.utils import timezone

from activities.models import (
    INFORMAL_SETTINGS,
    Activity,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
)
from cocreation.lib.disclosure import (
    SUPPRESSED,
    safe_count,
    safe_hours,
    safe_mean,
    safe_share,
    shown_difference,
)
from cocreation.lib.periods import Period, day_bounds, period_containing
from community.gap import SPECS, representation_gap
from community.models import CoCreator
from impact import swemwbs
from impact.models import (
    BetterDirection,
    EvidenceItem,
    EvidenceSource,
    ExperienceResponse,
    ImpactRecord,
    ImpactStatus,
    SurveyKind,
    WellbeingResponse,
)
from impact.selectors import published_case_studies_count, triangulation_for
from impact.triangulation import AGREE_SIMILAR, AGREE_TOP, MIN_ITEMS

VERSION = 1
ZERO = Decimal(0)
LEVEL_MIX_QUARTERS = 8
TREND_QUARTERS = 4
AGREE = 4  # "Agree" or "Strongly agree" on the 1 to 5 scale

# Every demographic answer the representation gap reads, once each.
DEMOGRAPHIC_LOOKUPS = tuple(dict.fromkeys(lookup for s in SPECS.values() for lookup in s.lookups))

HOW = {
    "o1_confidence_connection_purpose": (
        "Experience survey answers given in the period that answered at least one of the "
        "questions on confidence, connection with other people and sense of purpose. The top "
        "number is those that agreed or strongly agreed with at least one of them."
    ),
    "o1_input_led_to_change": (
        "Experience survey answers given in the period to “I can see that my input led to "
        "change”. The top number is those that agreed or strongly agreed."
    ),
    "o1_wellbeing_improved": (
        "People who answered the wellbeing questions (SWEMWBS) as a follow-up in the period and "
        "had answered them before taking part, earlier. Their first answers are set against their "
        "latest follow-up in the period. The top number is those whose score rose by at least "
        "{threshold} points, the change that counts as meaningful."
    ),
    "o1_case_studies_published": (
        "Case studies written in the period that have been published with the person's consent."
    ),
    "o2_projects_measurable_change": (
        "Projects with an impact record published in the period. The top number is those where "
        "such a record has evidence that moved the better way: up where higher is better, down "
        "where lower is better."
    ),
    "o2_experience_score_change": (
        "Friends and Family Test scores (% positive) recorded as evidence on published impact "
        "records, with a follow-up measured in the period. The change is the mean follow-up "
        "score minus the mean score before the change, in points. Means are shown only where "
        "there are 8 or more measures."
    ),
    "o2_under_represented_participation": (
        "Different co-creators who attended an activity in the period. The top number is those "
        "in at least one group that the representation gap marks as under-represented: a group "
        "whose share of the whole community is less than {under} times its share of the "
        "population we serve."
    ),
    "o2_under_represented_change": (
        "The share of co-creators attending who are in an under-represented group, in this "
        "period minus the same period a year before, in percentage points. Worked out from the "
        "percentages as shown, so it is not shown when either of them is not."
    ),
    "o2_triangulation_agree": (
        "Themes with any co-creator insight or any complaints, PALS, incidents or Friends and "
        "Family Test counts in the period. The top number is those where co-creators and the "
        "other sources agree: a top-3 theme in both, or a similar share in both. When either side "
        "has fewer than {min_items} items in the period, no theme is read as agreeing."
    ),
    "o2_staff_understanding": (
        "Experience survey answers given in the period by staff who took part, to the question "
        "on understanding the needs of patients, carers and families. The top number is those "
        "that agreed or strongly agreed."
    ),
    "act_activities": "Activities that started in the period, leaving out cancelled ones.",
    "act_participant_hours": (
        "Hours recorded for everyone who attended those activities, added up. Shown to the "
        "nearest 5, and not shown when fewer than 8 different people attended."
    ),
    "act_centre_of_gravity": (
        "The average engagement level of the period's activities, from 1 (Inform) to 5 "
        "(Co-create), weighted by participant-hours: each level times its hours, added up "
        "(top number) and divided by all the hours (bottom number). Shown only where 8 or more "
        "different people attended."
    ),
    "act_new_cocreators": "People who joined the co-creation community in the period.",
    "act_active_cocreators": "Different co-creators who attended at least one activity in the period.",
    "act_evening_share": "Activities in the period that were in the evening, out of all of them.",
    "act_weekend_share": "Activities in the period that were at the weekend, out of all of them.",
    "act_informal_share": (
        "Activities in the period held in an informal setting (a community venue, library, food "
        "bank, Job Centre or faith venue), out of all of them."
    ),
}

LABELS = {
    "o1_confidence_connection_purpose": (
        "Responses reporting improved confidence, connection or sense of purpose"
    ),
    "o1_input_led_to_change": "Responses reporting that their input led to change",
    "o1_wellbeing_improved": "People whose wellbeing improved (paired SWEMWBS)",
    "o1_case_studies_published": "Case studies published",
    "o2_projects_measurable_change": "Service improvement projects showing measurable change",
    "o2_experience_score_change": "Change in experience scores in co-designed services",
    "o2_under_represented_participation": (
        "Co-creators taking part who are from under-represented groups"
    ),
    "o2_under_represented_change": (
        "Change in participation from under-represented groups on the same period a year before"
    ),
    "o2_triangulation_agree": "Themes where co-creator insight and other sources agree",
    "o2_staff_understanding": (
        "Staff reporting a better understanding of patient, carer and family needs"
    ),
    "act_activities": "Activities",
    "act_participant_hours": "Participant-hours",
    "act_centre_of_gravity": "Centre of gravity (mean engagement level)",
    "act_new_cocreators": "New co-creators",
    "act_active_cocreators": "Active co-creators",
    "act_evening_share": "Activities in the evening",
    "act_weekend_share": "Activities at the weekend",
    "act_informal_share": "Activities in informal settings",
}

SECTIONS = [
    (
        "outcome1",
        "Outcome 1: improved experience from being involved",
        [
            "o1_confidence_connection_purpose",
            "o1_input_led_to_change",
            "o1_wellbeing_improved",
            "o1_case_studies_published",
        ],
    ),
    (
        "outcome2",
        "Outcome 2: better services through co-creation",
        [
            "o2_projects_measurable_change",
            "o2_experience_score_change",
            "o2_under_represented_participation",
            "o2_under_represented_change",
            "o2_triangulation_agree",
            "o2_staff_understanding",
        ],
    ),
    (
        "activity",
        "Activity",
        [
            "act_activities",
            "act_participant_hours",
            "act_centre_of_gravity",
            "act_new_cocreators",
            "act_active_cocreators",
            "act_evening_share",
            "act_weekend_share",
            "act_informal_share",
        ],
    ),
]

# The trend chart follows the survey percentages quarter by quarter.
TREND_MEASURES = [
    ("o1_confidence_connection_purpose", "ccp"),
    ("o1_input_led_to_change", "change"),
    ("o2_staff_understanding", "staff"),
]


# --- Shaping values ------------------------------------------------------------------------------


def _count(n: int) -> str:
    return str(safe_count(n))


def _chart_count(n: int) -> str:
    """A shown count for a chart: no thousands separator, so it reads as a number."""
    return str(safe_count(n).shown)


def _percentage(numerator: int, denominator: int) -> dict:
    return {
        "value": safe_share(numerator, denominator),
        "numerator": _count(numerator),
        "denominator": _count(denominator),
    }


def _plain_count(n: int) -> dict:
    shown = _count(n)
    return {"value": shown, "numerator": shown, "denominator": ""}


def _period_info(period: Period) -> dict:
    return {"slug": period.slug, "label": period.label, "kind": period.kind}


def _short_label(quarter: Period) -> str:
    return f"{quarter.financial_year} Q{quarter.number}"


def _quarters_ending(period: Period, count: int) -> list[Period]:
    """The `count` quarters ending with the quarter that holds the period's last day, oldest first."""
    quarter = period_containing(period.last_day, "quarter")
    quarters = [quarter]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]


def _within(period: Period, month: date) -> bool:
    return period.start <= month < period.end


def _month(value) -> date:
    """A month from TruncMonth: an aware datetime in the site's time zone (or a date)."""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value) if value.tzinfo else value
        return value.date().replace(day=1)
    return value.replace(day=1)


# --- Reading the database ------------------------------------------------------------------------


@dataclass
class MonthCounts:
    """Counts kept by month, so any period made of whole months can add them up."""

    months: dict[date, dict[str, Decimal | int]] = field(default_factory=dict)

    def add(self, month: date, **values) -> None:
        row = self.months.setdefault(month, {})
        for name, value in values.items():
            row[name] = row.get(name, 0) + (value or 0)

    def total(self, period: Period, name: str):
        return sum(
            (row.get(name, 0) for month, row in self.months.items() if _within(period, month)), 0
        )


def _experience_by_month(start: date, end: date) -> MonthCounts:
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
        counts.add(_month(month), **row)
    return counts


def _activities_in(start, end):
    return Activity.objects.between(start, end).exclude(status=ActivityStatus.CANCELLED)


def _activities_by_month(start: date, end: date) -> MonthCounts:
    """Activities per month and level, with evening, weekend and informal counts. One query."""
    rows = (
        _activities_in(*day_bounds(start, end))
        .order_by()
        .annotate(in_month=TruncMonth("starts_at"))
        .values("in_month", "level")
        .annotate(
            n=Count("pk"),
            evening=Count("pk", filter=Q(is_evening=True)),
            weekend=Count("pk", filter=Q(is_weekend=True)),
            informal=Count("pk", filter=Q(setting__in=INFORMAL_SETTINGS)),
        )
    )
    counts = MonthCounts()
    for row in rows:
        level = row["level"]
        counts.add(
            _month(row["in_month"]),
            **{
                f"activities_{level}": row["n"],
                "activities": row["n"],
                "evening": row["evening"],
                "weekend": row["weekend"],
                "informal": row["informal"],
            },
        )
    return counts


def _attendance_by_month(start: date, end: date) -> MonthCounts:
    """Hours per month and level (people who came). One query.

    Whether the hours may be shown depends on how many different people they come from, which
    month sums cannot give: that is `_attenders`.
    """
    rows = (
        Attendance.objects.filter(
            status=AttendanceStatus.ATTENDED, activity__in=_activities_in(*day_bounds(start, end))
        )
        .order_by()
        .annotate(in_month=TruncMonth("activity__starts_at"))
        .values("in_month", "activity__level")
        .annotate(hours=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField()))
    )
    counts = MonthCounts()
    for row in rows:
        level = row["activity__level"]
        hours = Decimal(str(row["hours"]))
        counts.add(
            _month(row["in_month"]),
            **{
                f"hours_{level}": hours,
                "hours": hours,
                "level_hours": hours * level,
            },
        )
    return counts


def _attenders(periods: list[Period]) -> list[dict[int | None, int]]:
    """For each period: different people who attended, in all (key None) and at each level.

    One query. Participant-hours and the centre of gravity are shown only where these reach 8,
    so that one person at 8 sessions cannot reveal their own hours.
    """
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    attended = Attendance.objects.filter(
        status=AttendanceStatus.ATTENDED, activity__in=_activities_in(*day_bounds(start, end))
    ).order_by()
    aggregates = {}
    for i, period in enumerate(periods):
        lower, upper = period.bounds()
        in_period = Q(activity__starts_at__gte=lower, activity__starts_at__lt=upper)
        aggregates[f"p{i}"] = Count("cocreator", distinct=True, filter=in_period)
        for level in EngagementLevel:
            aggregates[f"p{i}_{int(level)}"] = Count(
                "cocreator", distinct=True, filter=in_period & Q(activity__level=level)
            )
    totals = attended.aggregate(**aggregates)
    return [
        {None: totals[f"p{i}"]}
        | {int(level): totals[f"p{i}_{int(level)}"] for level in EngagementLevel}
        for i in range(len(periods))
    ]


def _under_represented_groups() -> tuple[list, dict[str, set[str]]]:
    """For each characteristic, the groups the representation gap of the whole community flags."""
    gaps = representation_gap()
    flagged = {
        gap.characteristic: {group.key for group in gap.groups if group.under_represented}
        for gap in gaps
    }
    return gaps, flagged


def _in_flagged_group(values: dict, flagged: dict[str, set[str]]) -> bool:
    for characteristic, spec in SPECS.items():
        group = spec.to_group(tuple(values[lookup] for lookup in spec.lookups))
        if group in flagged.get(str(characteristic), set()):
            return True
    return False


def _participation(period: Period, flagged: dict[str, set[str]]) -> tuple[int, int]:
    """(different co-creators who attended in the period, those in a flagged group). One query.

    Counted per combination of demographic answers in the database, then each combination is
    mapped to its groups with the representation gap's own rules.
    """
    start, end = period.bounds()
    came = Attendance.objects.filter(
        cocreator=OuterRef("pk"),
        status=AttendanceStatus.ATTENDED,
        activity__in=_activities_in(start, end),
    )
    rows = (
        CoCreator.objects.filter(Exists(came))
        .order_by()
        .values_list(*DEMOGRAPHIC_LOOKUPS)
        .annotate(n=Count("pk"))
    )
    attended = in_group = 0
    for *values, n in rows:
        attended += n
        if _in_flagged_group(dict(zip(DEMOGRAPHIC_LOOKUPS, values, strict=True)), flagged):
            in_group += n
    return attended, in_group


def _new_cocreators(periods: list[Period]) -> list[int]:
    """People who joined in each period. One query."""
    totals = CoCreator.objects.aggregate(
        **{
            f"p{i}": Count("pk", filter=Q(date_joined__gte=p.start, date_joined__lt=p.end))
            for i, p in enumerate(periods)
        }
    )
    return [totals[f"p{i}"] for i in range(len(periods))]


def _wellbeing(period: Period, threshold: Decimal) -> tuple[int, int]:
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


IMPROVED_EVIDENCE = Q(better=BetterDirection.HIGHER, followup_value__gt=F("baseline_value")) | Q(
    better=BetterDirection.LOWER, followup_value__lt=F("baseline_value")
)


def _projects(periods: list[Period]) -> list[tuple[int, int]]:
    """For each period: (projects with a record published in it, those showing improvement). One query."""
    improving = EvidenceItem.objects.filter(record=OuterRef("pk")).filter(IMPROVED_EVIDENCE)
    records = (
        ImpactRecord.objects.published()
        .filter(project__isnull=False)
        .order_by()
        .annotate(improves=Exists(improving))
    )
    aggregates = {}
    for i, period in enumerate(periods):
        start, end = period.bounds()
        in_period = Q(published_at__gte=start, published_at__lt=end)
        aggregates[f"projects{i}"] = Count("project", distinct=True, filter=in_period)
        aggregates[f"improved{i}"] = Count(
            "project", distinct=True, filter=in_period & Q(improves=True)
        )
    totals = records.aggregate(**aggregates)
    return [(totals[f"projects{i}"], totals[f"improved{i}"]) for i in range(len(periods))]


def _experience_scores(periods: list[Period]) -> list[tuple[int, Decimal, Decimal]]:
    """For each period: (FFT measures followed up in it, sum of baselines, sum of follow-ups). One query."""
    items = EvidenceItem.objects.filter(
        source=EvidenceSource.FFT, record__status=ImpactStatus.PUBLISHED
    ).order_by()
    aggregates = {}
    for i, period in enumerate(periods):
        in_period = Q(followup_date__gte=period.start, followup_date__lt=period.end)
        aggregates[f"n{i}"] = Count("pk", filter=in_period)
        aggregates[f"baseline{i}"] = Sum("baseline_value", filter=in_period)
        aggregates[f"followup{i}"] = Sum("followup_value", filter=in_period)
    totals = items.aggregate(**aggregates)
    return [
        (
            totals[f"n{i}"],
            Decimal(str(totals[f"baseline{i}"] or 0)),
            Decimal(str(totals[f"followup{i}"] or 0)),
        )
        for i in range(len(periods))
    ]


def _triangulation(period: Period) -> tuple[int, int]:
    """(themes with any data in the period, those where insight and other sources agree)."""
    readings = [r for r in triangulation_for(period) if r.counts.insight or r.counts.source_total]
    agree = sum(1 for r in readings if r.reading in (AGREE_TOP, AGREE_SIMILAR))
    return len(readings), agree


# --- The figures ---------------------------------------------------------------------------------


def _figure(key: str, kind: str, current: dict, previous: dict, *, unit: str = "", **how_args):
    return {
        "key": key,
        "label": LABELS[key],
        "kind": kind,
        "unit": unit,
        "current": current,
        "previous": previous,
        "how": HOW[key].format(**how_args),
    }


def _score_change(n: int, baseline_total: Decimal, followup_total: Decimal) -> dict:
    baseline = safe_mean(baseline_total, n)
    followup = safe_mean(followup_total, n)
    return {
        "value": shown_difference(baseline, followup),
        "numerator": _count(n),
        "denominator": "",
        "n": _count(n),
        "baseline_mean": baseline,
        "followup_mean": followup,
    }


def _activity_blocks(
    period: Period, activities: MonthCounts, attendance: MonthCounts, people: int
) -> dict:
    """Every activity figure's block for one period, by figure key.

    `people`: the different people who attended in the period, which the hours are shown by.
    """
    n = activities.total(period, "activities")
    hours = Decimal(attendance.total(period, "hours"))
    level_hours = Decimal(attendance.total(period, "level_hours"))
    return {
        "act_activities": _plain_count(n),
        "act_participant_hours": {
            "value": safe_hours(hours, people),
            "numerator": safe_hours(hours, people),
            "denominator": "",
        },
        "act_centre_of_gravity": {
            "value": safe_mean(level_hours, people, divisor=hours, places="0.01"),
            "numerator": safe_hours(level_hours, people),
            "denominator": safe_hours(hours, people),
        },
        "act_evening_share": _percentage(activities.total(period, "evening"), n),
        "act_weekend_share": _percentage(activities.total(period, "weekend"), n),
        "act_informal_share": _percentage(activities.total(period, "informal"), n),
    }


def _levels(
    period: Period,
    previous: Period,
    activities: MonthCounts,
    attendance: MonthCounts,
    attenders: list[dict[int | None, int]],
):
    """Each level's activities and participant-hours; `attenders` is `_attenders([period, previous])`."""
    levels = []
    for level in EngagementLevel:
        row = {"level": int(level), "name": str(level.label)}
        for prefix, p, people in (
            ("", period, attenders[0]),
            ("previous_", previous, attenders[1]),
        ):
            row[f"{prefix}activities"] = _count(activities.total(p, f"activities_{int(level)}"))
            row[f"{prefix}participant_hours"] = safe_hours(
                attendance.total(p, f"hours_{int(level)}"), people[int(level)]
            )
        levels.append(row)
    return levels


def _representation(gaps) -> list[dict]:
    rows = []
    for gap in gaps:
        for group in gap.groups:
            shown = safe_share(group.count, gap.answered).rstrip("%")
            population = (
                str(group.population_pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
                if group.population_pct is not None
                else ""
            )
            rows.append(
                {
                    "characteristic": gap.label,
                    "characteristic_key": gap.characteristic,
                    "group": group.label,
                    "group_key": group.key,
                    "community_pct": shown,
                    "population_pct": population,
                    "under_represented": bool(
                        group.under_represented and shown not in (SUPPRESSED, "")
                    ),
                }
            )
    return rows


# Bump when the figures' definitions change, so reports cached by an older release are not used.
# 2: participant-hours and the centre of gravity are shown by different people, not records.
DEFINITIONS_VERSION = 2


def figures_by_key(report: dict) -> dict[str, dict]:
    """Every figure of a report dict (live or frozen in a pack), by its key."""
    return {
        figure.get("key"): figure
        for section in report.get("sections", [])
        for figure in section.get("figures", [])
    }


def report_for(period: Period) -> dict:
    """The report for one period, from the cache unless the data behind it has changed.

    The cache key holds the data version (moved on by database triggers whenever any table the
    figures read changes: cocreation/lib/cached.py) and the settings the figures depend on.
    """
    from cocreation.lib.cached import cached_figures

    key = (
        f"report:{DEFINITIONS_VERSION}:{period.slug}:{swemwbs.default_threshold()}:"
        f"{settings.REPRESENTATION_UNDER_THRESHOLD}"
    )
    return cached_figures(key, lambda: compute_report(period))


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
    return periods


def compute_report(period: Period) -> dict:
    """The whole report for one period, every figure already through the small-number rule.

    A fixed number of queries (27 today) whatever the number of rows: every count is an
    aggregate in the database, the months and quarters are added up from grouped rows.
    """
    previous = period.previous()
    year_before = period.same_period_a_year_before()
    previous_year_before = previous.same_period_a_year_before()
    pair = [period, previous]
    mix_quarters = _quarters_ending(period, LEVEL_MIX_QUARTERS)
    trend_quarters = mix_quarters[-TREND_QUARTERS:]
    earliest = min(previous.start, mix_quarters[0].start)
    threshold = swemwbs.default_threshold()

    experience = _experience_by_month(earliest, period.end)
    activities = _activities_by_month(earliest, period.end)
    attendance = _attendance_by_month(previous.start, period.end)
    attenders = _attenders(pair)
    gaps, flagged = _under_represented_groups()
    participation = {
        p: _participation(p, flagged) for p in (period, previous, year_before, previous_year_before)
    }
    new_people = _new_cocreators(pair)
    projects = _projects(pair)
    scores = _experience_scores(pair)

    blocks: dict[str, list[dict]] = {}  # figure key -> [current block, previous block]

    def add(key: str, block: dict) -> None:
        blocks.setdefault(key, []).append(block)

    for i, p in enumerate(pair):
        add(
            "o1_confidence_connection_purpose",
            _percentage(experience.total(p, "ccp_agreed"), experience.total(p, "ccp_answered")),
        )
        add(
            "o1_input_led_to_change",
            _percentage(
                experience.total(p, "change_agreed"), experience.total(p, "change_answered")
            ),
        )
        pairs, improved = _wellbeing(p, threshold)
        add("o1_wellbeing_improved", _percentage(improved, pairs))
        add(
            "o1_case_studies_published",
            _plain_count(published_case_studies_count(p.start, p.last_day)),
        )

        with_record, improving = projects[i]
        add("o2_projects_measurable_change", _percentage(improving, with_record))
        add("o2_experience_score_change", _score_change(*scores[i]))

        attended, in_group = participation[p]
        share = _percentage(in_group, attended)
        before = p.same_period_a_year_before()
        before_attended, before_in_group = participation[before]
        year_before_share = _percentage(before_in_group, before_attended)
        add(
            "o2_under_represented_participation",
            {**share, "year_before": {"period": _period_info(before), **year_before_share}},
        )
        add(
            "o2_under_represented_change",
            {
                "value": shown_difference(year_before_share["value"], share["value"]),
                "numerator": share["value"],
                "denominator": year_before_share["value"],
            },
        )
        themes, agree = _triangulation(p)
        add(
            "o2_triangulation_agree",
            {"value": _count(agree), "numerator": _count(agree), "denominator": _count(themes)},
        )
        add(
            "o2_staff_understanding",
            _percentage(experience.total(p, "staff_agreed"), experience.total(p, "staff_answered")),
        )

        for key, block in _activity_blocks(p, activities, attendance, attenders[i][None]).items():
            add(key, block)
        add("act_new_cocreators", _plain_count(new_people[i]))
        add("act_active_cocreators", _plain_count(participation[p][0]))

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
            figures.append(_figure(figure_key, kind, current, before, unit=unit, **how_args))
        sections.append({"key": key, "title": title, "figures": figures})

    return {
        "version": VERSION,
        "period": _period_info(period),
        "previous_period": _period_info(previous),
        "year_before_period": _period_info(year_before),
        "computed_at": timezone.now().isoformat(),
        "sections": sections,
        "levels": _levels(period, previous, activities, attendance, attenders),
        "series": {
            "level_mix": {
                "periods": [_short_label(q) for q in mix_quarters],
                "slugs": [q.slug for q in mix_quarters],
                "levels": [str(level.label) for level in EngagementLevel],
                "activities": [
                    [
                        _chart_count(activities.total(q, f"activities_{int(level)}"))
                        for level in EngagementLevel
                    ]
                    for q in mix_quarters
                ],
            },
            "representation": _representation(gaps),
            "outcome_trends": {
                "periods": [_short_label(q) for q in trend_quarters],
                "slugs": [q.slug for q in trend_quarters],
                "measures": [
                    {
                        "key": key,
                        "label": LABELS[key],
                        "values": [
                            safe_share(
                                experience.total(q, f"{short}_agreed"),
                                experience.total(q, f"{short}_answered"),
                            ).rstrip("%")
                            for q in trend_quarters
                        ],
                    }
                    for key, short in TREND_MEASURES
                ],
            },
        },
    }
