"""Outcome 2, better services through co-creation: projects, experience scores,
under-represented groups taking part, triangulation, and the representation series.

Definitions are in `definitions`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus
from cocreation.lib.dates import date_text
from cocreation.lib.disclosure import SUPPRESSED, Disclosure, shown_difference
from cocreation.lib.periods import Period
from community.gap import DEMOGRAPHIC_LOOKUPS, SPECS, representation_gap
from community.models import CoCreator
from impact.models import BetterDirection, EvidenceItem, EvidenceSource, ImpactRecord, ImpactStatus
from impact.selectors import triangulation_for_periods
from impact.triangulation import AGREE_SIMILAR, AGREE_TOP

from .activity import activities_in
from .shaping import records_percentage


def under_represented_groups(
    counted: dict[str, list] | None = None,
) -> tuple[list, dict[str, set[str]]]:
    """For each characteristic, the groups the representation gap of the whole community flags.

    `counted`: the community's make-up (`community.gap.people_by_answers`) already counted, as
    the rollups keep it; otherwise it is counted now.
    """
    gaps = representation_gap(counted=counted)
    return gaps, flagged_groups(gaps)


def flagged_groups(gaps: list) -> dict[str, set[str]]:
    """Each characteristic's groups the gaps flag as under-represented, by key."""
    return {
        gap.characteristic: {group.key for group in gap.groups if group.under_represented}
        for gap in gaps
    }


class InFlaggedGroup:
    """Whether a combination of demographic answers (a tuple of the `DEMOGRAPHIC_LOOKUPS`
    values) puts someone in a group the representation gap flags, by the gap's own rules.

    Each characteristic's answers are mapped once, however many combinations share them.
    """

    def __init__(self, flagged: dict[str, set[str]]):
        # A characteristic with no flagged group can put nobody in one: it is not looked at.
        # Each check: the rule, its flagged groups, what picks its answers out of a combination,
        # whether that is one answer (not a tuple), and the answers already mapped.
        self._checks = [
            (spec, groups, itemgetter(*indexes), len(indexes) == 1, {})
            for characteristic, spec in SPECS.items()
            if (groups := flagged.get(str(characteristic), set()))
            for indexes in [tuple(DEMOGRAPHIC_LOOKUPS.index(lookup) for lookup in spec.lookups)]
        ]
        self._combinations: dict[tuple, bool] = {}

    def __call__(self, values: tuple) -> bool:
        found = self._combinations.get(values)
        if found is not None:
            return found
        found = False
        for spec, groups, pick, single, mapped in self._checks:
            answers = pick(values)
            flagged = mapped.get(answers)
            if flagged is None:
                flagged = mapped[answers] = (
                    spec.to_group((answers,) if single else answers) in groups
                )
            if flagged:
                found = True
                break
        self._combinations[values] = found
        return found


def participation(period: Period, flagged: dict[str, set[str]]) -> tuple[int, int]:
    """(different co-creators who attended in the period, those in a flagged group). One query.

    Counted per combination of demographic answers in the database, then each combination is
    mapped to its groups with the representation gap's own rules.
    """
    start, end = period.bounds()
    came = Attendance.objects.filter(
        cocreator=OuterRef("pk"),
        status=AttendanceStatus.ATTENDED,
        activity__in=activities_in(start, end),
    )
    rows = (
        CoCreator.objects.filter(Exists(came))
        .order_by()
        .values_list(*DEMOGRAPHIC_LOOKUPS)
        .annotate(n=Count("pk"))
    )
    return count_in_flagged(((tuple(values), n) for *values, n in rows), InFlaggedGroup(flagged))


def count_in_flagged(
    combinations: Iterable[tuple[tuple, int]], in_flagged: InFlaggedGroup
) -> tuple[int, int]:
    """(people, those in a flagged group) from counts of people by their demographic answers."""
    attended = in_group = 0
    for values, n in combinations:
        attended += n
        if in_flagged(values):
            in_group += n
    return attended, in_group


IMPROVED_EVIDENCE = Q(better=BetterDirection.HIGHER, followup_value__gt=F("baseline_value")) | Q(
    better=BetterDirection.LOWER, followup_value__lt=F("baseline_value")
)


@dataclass(frozen=True)
class ProjectCounts:
    """One period's projects with a record published in it, and those showing improvement: now,
    and counting only evidence recorded before the period ended (`improving_at_end`), with the
    day the latest evidence recorded after it was recorded (`late_evidence_on`)."""

    with_record: int
    improving: int
    improving_at_end: int
    late_evidence_on: date | None


def projects(periods: list[Period]) -> list[ProjectCounts]:
    """For each period: its `ProjectCounts`. Two queries."""
    improving = EvidenceItem.objects.filter(record=OuterRef("pk")).filter(IMPROVED_EVIDENCE)
    records = ImpactRecord.objects.published().filter(project__isnull=False).order_by()
    annotations = {"improves": Exists(improving)}
    aggregates, late = {}, {}
    for i, period in enumerate(periods):
        start, end = period.bounds()
        on_time = Q(recorded_at__isnull=True) | Q(recorded_at__lt=end)
        annotations[f"improved_by_end{i}"] = Exists(improving.filter(on_time))
        in_period = Q(published_at__gte=start, published_at__lt=end)
        aggregates[f"projects{i}"] = Count("project", distinct=True, filter=in_period)
        aggregates[f"improved{i}"] = Count(
            "project", distinct=True, filter=in_period & Q(improves=True)
        )
        aggregates[f"at_end{i}"] = Count(
            "project", distinct=True, filter=in_period & Q(**{f"improved_by_end{i}": True})
        )
        late[f"late{i}"] = Max(
            "recorded_at",
            filter=Q(
                recorded_at__gte=end,
                record__published_at__gte=start,
                record__published_at__lt=end,
            ),
        )
    # Only the records published in the periods: every count is of those, and the database
    # then plans the query as the small one it is.
    first = min(p.bounds()[0] for p in periods)
    last = max(p.bounds()[1] for p in periods)
    records = records.filter(published_at__gte=first, published_at__lt=last)
    totals = records.annotate(**annotations).aggregate(**aggregates)
    latest = (
        EvidenceItem.objects.filter(
            record__status=ImpactStatus.PUBLISHED, record__project__isnull=False
        )
        .filter(IMPROVED_EVIDENCE)
        .aggregate(**late)
    )
    return [
        ProjectCounts(
            totals[f"projects{i}"],
            totals[f"improved{i}"],
            totals[f"at_end{i}"],
            timezone.localdate(latest[f"late{i}"]) if latest[f"late{i}"] else None,
        )
        for i in range(len(periods))
    ]


def projects_block(d: Disclosure, period: Period, counts: ProjectCounts) -> dict:
    """The projects-with-measurable-change block for one period: projects, never suppressed.

    When evidence recorded after the period ended moved the figure, the block's note says so,
    what it was at the end of the period, and when the latest such evidence was recorded.
    """
    block = records_percentage(d, counts.improving, counts.with_record)
    if counts.improving != counts.improving_at_end and counts.late_evidence_on:
        block["note"] = (
            f"Moved by evidence recorded after the period ended, most recently on "
            f"{date_text(counts.late_evidence_on)}. When the period "
            f"ended it was {d.records(counts.improving_at_end)} of {d.records(counts.with_record)}."
        )
    return block


def experience_scores(periods: list[Period]) -> list[tuple[int, Decimal, Decimal]]:
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


def triangulation(period: Period) -> tuple[int, int]:
    """(themes with any data in the period, those where insight and other sources agree)."""
    return triangulation_by_period([period])[0]


def triangulation_by_period(periods: list[Period]) -> list[tuple[int, int]]:
    """`triangulation` for each of the periods. Two queries."""
    counts = []
    for readings in triangulation_for_periods(periods):
        with_data = [r for r in readings if r.counts.insight or r.counts.source_total]
        agree = sum(1 for r in with_data if r.reading in (AGREE_TOP, AGREE_SIMILAR))
        counts.append((len(with_data), agree))
    return counts


def score_change(d: Disclosure, n: int, baseline_total: Decimal, followup_total: Decimal) -> dict:
    """The experience score change block: the difference of the shown means, with both.

    Friends and Family Test scores are measures of services, not of people, so they are shown as
    they are.
    """
    baseline = d.records_mean(baseline_total, n)
    followup = d.records_mean(followup_total, n)
    return {
        "value": shown_difference(baseline, followup),
        "numerator": d.records(n),
        "denominator": "",
        "n": d.records(n),
        "baseline_mean": baseline,
        "followup_mean": followup,
    }


def representation(d: Disclosure, gaps) -> list[dict]:
    """The representation chart's rows: each group's shown share of the community and population."""
    rows = []
    for gap in gaps:
        for group in gap.groups:
            shown = d.people_share(group.count, gap.answered).rstrip("%")
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
