"""The representation gap: the community compared with the population it serves (staff only).

Reads for the gap page and for the population benchmarks staff edit. For each protected
characteristic the community's share of each group is worked out from the people who answered
(blank and "Prefer not to say" left out) and set beside the population's share from a
`PopulationBenchmark` row: the chosen locality's row when there is one, otherwise the Kent and
Medway row. Counting is done in the database, in one query grouped by every answer the
characteristics read, whatever the number of people; each characteristic's rows are summed from it.

Who counts as under-represented: a group the trust is trying to reach (no more than half of the
population is in it, or staff have marked it a priority) whose share of the community is below
`REPRESENTATION_UNDER_THRESHOLD` times its share of the population. A group that most of the
population is in ("Not disabled", "White") is shown with its share and gap but never flagged
unless staff mark it a priority: otherwise more of a majority would raise the report's measure of
participation from under-represented groups (`reporting.reports.outcome2`), which reads the flag.

These figures are for the involvement team, so small numbers are shown as they are; groups with
fewer than `RELIABLE_MINIMUM` people are marked as unreliable instead.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from cocreation.lib.cached import cached_figures

from .models import (
    AgeBand,
    Characteristic,
    CoCreator,
    Disability,
    Locality,
    PopulationBenchmark,
    PriorityGroup,
    Religion,
    Sex,
    SexualOrientation,
    YesNo,
)
from .reference import BROAD_GROUP_ORDER

AREA_WIDE = "Kent and Medway"
# Below this many people a share says little; the page marks such groups.
RELIABLE_MINIMUM = 8
# A set of benchmarks for one characteristic and area should add up to 100, give or take this.
TOTAL_TOLERANCE = Decimal("1")

PREFER_NOT = "prefer_not"
# An answer that is given but has no population figure to compare with (e.g. "another religion").
NOT_COMPARED = "not_compared"

# A group with more than this share of the population is most of it: not one the trust is trying
# to reach, so not flagged under-represented unless staff mark it a priority. At exactly half
# (a 50/50 split) neither group is most of the population, so either may be flagged.
MAJORITY_PCT = Decimal(50)

ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")

ETHNIC_LABELS = {
    "White": "White",
    "Mixed": "Mixed or multiple ethnic groups",
    "Asian": "Asian",
    "Black": "Black",
    "Other": "Other ethnic group",
}


def _choices(enum, *, leave_out=()) -> tuple[tuple[str, str], ...]:
    return tuple(
        (value, str(label))
        for value, label in enum.choices
        if value != PREFER_NOT and value not in leave_out
    )


@dataclass(frozen=True)
class _Spec:
    """How one characteristic is read from the demographics answers and which groups it has."""

    lookups: tuple[str, ...]
    groups: tuple[tuple[str, str], ...]
    to_group: Callable[[tuple], str | None]
    not_compared_label: str = ""


def _simple(mapping: dict[str, str]) -> Callable[[tuple], str | None]:
    """Map one stored answer to its group: None when not answered, PREFER_NOT, or NOT_COMPARED."""

    def to_group(values: tuple) -> str | None:
        (raw,) = values
        if raw in ("", None):
            return None
        if raw == PREFER_NOT:
            return PREFER_NOT
        return mapping.get(raw, NOT_COMPARED)

    return to_group


def _ethnic_group(values: tuple) -> str | None:
    broad_group, nhs_code = values
    if nhs_code is None:
        return None
    if nhs_code == "Z":  # the "Prefer not to say" row: NHS code Z, not stated
        return PREFER_NOT
    return broad_group if broad_group in BROAD_GROUP_ORDER else NOT_COMPARED


def _identity(choices) -> dict[str, str]:
    return {value: value for value, _ in choices}


_AGE = _choices(AgeBand)
_SEX = _choices(Sex)
_RELIGION = _choices(Religion, leave_out=(Religion.OTHER,))
_ORIENTATION = _choices(SexualOrientation)

SPECS: dict[str, _Spec] = {
    Characteristic.AGE: _Spec(("demographics__age_band",), _AGE, _simple(_identity(_AGE))),
    Characteristic.SEX: _Spec(("demographics__sex",), _SEX, _simple(_identity(_SEX))),
    Characteristic.ETHNIC_GROUP: _Spec(
        ("demographics__ethnic_group__broad_group", "demographics__ethnic_group__nhs_code"),
        tuple((group, ETHNIC_LABELS[group]) for group in BROAD_GROUP_ORDER),
        _ethnic_group,
        not_compared_label="an ethnic group outside the five broad groups",
    ),
    Characteristic.RELIGION: _Spec(
        ("demographics__religion",),
        _RELIGION,
        _simple(_identity(_RELIGION)),
        not_compared_label=f"“{Religion.OTHER.label}”",
    ),
    Characteristic.DISABILITY: _Spec(
        ("demographics__disability",),
        (("disabled", "Disabled"), ("not_disabled", "Not disabled")),
        _simple(
            {
                Disability.YES_A_LOT: "disabled",
                Disability.YES_A_LITTLE: "disabled",
                Disability.NO: "not_disabled",
            }
        ),
    ),
    Characteristic.SEXUAL_ORIENTATION: _Spec(
        ("demographics__sexual_orientation",), _ORIENTATION, _simple(_identity(_ORIENTATION))
    ),
    Characteristic.GENDER_IDENTITY: _Spec(
        ("demographics__gender_same_as_birth",),
        (
            ("same", "Same as sex registered at birth"),
            ("different", "Different from sex registered at birth"),
        ),
        _simple({YesNo.YES: "same", YesNo.NO: "different"}),
    ),
}


def benchmark_groups(characteristic: str) -> tuple[tuple[str, str], ...]:
    """The groups a benchmark may be given for a characteristic, as (value, label) pairs."""
    spec = SPECS.get(characteristic)
    return spec.groups if spec else ()


def group_label(characteristic: str, group: str) -> str:
    """The plain-English name of a group, or the stored value when it is not one we know."""
    return dict(benchmark_groups(characteristic)).get(group, group)


# --- The representation gap ----------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkSource:
    area: str
    source: str
    source_date: date


@dataclass(frozen=True)
class GroupGap:
    """One group of one characteristic: the community beside the population."""

    key: str
    label: str
    count: int
    community_pct: Decimal | None  # of those who answered, 1 decimal place; None if nobody did
    population_pct: Decimal | None  # None when there is no benchmark for the group
    benchmark_area: str
    gap: Decimal | None  # percentage points, community minus population, 1 decimal place
    ratio: Decimal | None  # community divided by population, 2 decimal places
    under_represented: bool  # below the threshold and a group the trust is trying to reach
    few_answers: bool  # fewer than RELIABLE_MINIMUM people: not a reliable figure
    below_threshold: bool  # ratio below the threshold, whoever the group is
    majority: bool  # more than half of the population is in this group
    priority: bool  # staff have marked it a group the trust is trying to reach

    @property
    def trying_to_reach(self) -> bool:
        """A minority of the population, or a group staff have marked a priority."""
        return self.priority or not self.majority

    @property
    def majority_not_flagged(self) -> bool:
        """Below the threshold, but not flagged because most of the population is in the group."""
        return self.below_threshold and not self.under_represented


@dataclass(frozen=True)
class CharacteristicGap:
    """Every group of one characteristic, with who answered and which benchmark was used."""

    characteristic: str
    label: str
    groups: list[GroupGap]
    current: int  # current co-creators in the selection
    answered: int  # gave an answer that is compared with the population
    prefer_not: int
    not_compared: int  # gave an answer the population figures leave out
    not_compared_label: str
    locality_name: str  # the locality chosen, or "" for all of Kent and Medway
    benchmark_areas: tuple[str, ...]
    sources: tuple[BenchmarkSource, ...]
    # year joined -> group key (or PREFER_NOT, NOT_COMPARED, None) -> people
    counts_by_year: dict[int, dict[str | None, int]] = field(repr=False)

    @property
    def not_answered(self) -> int:
        return self.current - self.answered - self.prefer_not - self.not_compared

    @property
    def few_answers(self) -> bool:
        return self.answered < RELIABLE_MINIMUM

    @property
    def uses_area_wide_fallback(self) -> bool:
        """A locality was chosen but some or all figures are Kent and Medway's."""
        return bool(self.locality_name) and AREA_WIDE in self.benchmark_areas

    @property
    def under_represented_groups(self) -> list[GroupGap]:
        return [g for g in self.groups if g.under_represented]

    @property
    def majority_not_flagged_groups(self) -> list[GroupGap]:
        """Groups below the threshold that are not flagged: most of the population is in them."""
        return [g for g in self.groups if g.majority_not_flagged]


def _threshold() -> Decimal:
    return Decimal(str(settings.REPRESENTATION_UNDER_THRESHOLD))


def _people(*, locality_id=None, joined_from=None, joined_to=None):
    people = CoCreator.objects.current().order_by()
    if locality_id is not None:
        people = people.filter(locality_id=locality_id)
    if joined_from is not None:
        people = people.filter(date_joined__gte=joined_from)
    if joined_to is not None:
        people = people.filter(date_joined__lte=joined_to)
    return people


def priority_groups() -> set[tuple[str, str]]:
    """The (characteristic, group) pairs staff have marked as groups the trust is trying to reach."""
    return set(PriorityGroup.objects.order_by().values_list("characteristic", "group"))


def _group_gap(
    key, label, count, answered, benchmark, area, threshold, *, priority: bool
) -> GroupGap:
    share = Decimal(count * 100) / Decimal(answered) if answered else None
    population = benchmark.percentage if benchmark is not None else None
    gap = ratio = None
    if share is not None and population is not None:
        gap = (share - population).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
        if population > 0:
            ratio = (share / population).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    below_threshold = ratio is not None and ratio < threshold
    majority = population is not None and population > MAJORITY_PCT
    return GroupGap(
        key=key,
        label=label,
        count=count,
        community_pct=share.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
        if share is not None
        else None,
        population_pct=population,
        benchmark_area=area if benchmark is not None else "",
        gap=gap,
        ratio=ratio,
        under_represented=below_threshold and (priority or not majority),
        few_answers=answered > 0 and count < RELIABLE_MINIMUM,
        below_threshold=below_threshold,
        majority=majority,
        priority=priority,
    )


# Every equality answer the characteristics read, once each (the ethnic group's two are shared).
DEMOGRAPHIC_LOOKUPS = tuple(
    dict.fromkeys(lookup for spec in SPECS.values() for lookup in spec.lookups)
)
# On PostgreSQL, memory for counting the combinations with a hash rather than by sorting them
# on disk by nine columns of text: 182 ms to 67 ms at 50,000 people.
ROOM_TO_COUNT = "16MB"


@contextmanager
def _room_to_count():
    """Raise PostgreSQL's `work_mem` to ROOM_TO_COUNT (never lower it) for the query inside,
    then put it back, so the rest of the request's transaction runs as it would have."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "SELECT old.value, set_config('work_mem', CASE WHEN pg_size_bytes(old.value) < "
            "pg_size_bytes(%s) THEN %s ELSE old.value END, true) "
            "FROM (SELECT current_setting('work_mem') AS value) AS old",
            [ROOM_TO_COUNT, ROOM_TO_COUNT],
        )
        before = cursor.fetchone()[0]
        yield
        cursor.execute("SELECT set_config('work_mem', %s, true)", [before])


def people_by_answers(people=None) -> dict[str, list[tuple]]:
    """For each characteristic: (year joined, its answers..., people) rows of the current
    co-creators (or of `people`), as the representation gap counts them.

    One query: people counted by year joined and every answer the characteristics read, then
    each characteristic's rows summed from those (one scan of the community, not one each).
    """
    people = _people() if people is None else people
    with _room_to_count():
        combinations = list(
            people.values_list(ExtractYear("date_joined"), *DEMOGRAPHIC_LOOKUPS).annotate(
                n=Count("pk")
            )
        )
    counted = {}
    for characteristic, spec in SPECS.items():
        pick = itemgetter(0, *(1 + DEMOGRAPHIC_LOOKUPS.index(lookup) for lookup in spec.lookups))
        totals: dict[tuple, int] = {}
        for row in combinations:
            key = pick(row)
            totals[key] = totals.get(key, 0) + row[-1]
        counted[str(characteristic)] = [(*key, n) for key, n in totals.items()]
    return counted


def representation_gap(
    *,
    locality_id: int | None = None,
    joined_from: date | None = None,
    joined_to: date | None = None,
    counted: dict[str, list[tuple]] | None = None,
) -> list[CharacteristicGap]:
    """Each characteristic's groups: community share of those who answered against the population.

    A group is flagged under-represented only when it is one the trust is trying to reach (see
    the module's docstring); a majority group's gap is still worked out and shown. `counted`:
    `people_by_answers()` of the whole community, already made (the reports keep it), for the
    gap with no filters.
    """
    if counted is not None and (locality_id or joined_from or joined_to):
        raise ValueError("Counts made already are for the whole community, with no filters.")
    locality_name = ""
    if locality_id is not None:
        locality_name = Locality.objects.values_list("name", flat=True).get(pk=locality_id)
    benchmarks: dict[tuple[str, str], dict[bool, PopulationBenchmark]] = {}
    for row in PopulationBenchmark.objects.filter(
        Q(locality__isnull=True) | Q(locality_id=locality_id)
    ).order_by():
        benchmarks.setdefault((row.characteristic, row.group), {})[row.locality_id is None] = row
    priorities = priority_groups()
    if counted is None:
        people = _people(locality_id=locality_id, joined_from=joined_from, joined_to=joined_to)
        counted = people_by_answers(people)
    threshold = _threshold()
    result = []
    for characteristic, spec in SPECS.items():
        counts_by_year: dict[int, dict[str | None, int]] = {}
        totals: dict[str | None, int] = {}
        for year, *values, n in counted[str(characteristic)]:
            key = spec.to_group(tuple(values))
            totals[key] = totals.get(key, 0) + n
            by_key = counts_by_year.setdefault(year, {})
            by_key[key] = by_key.get(key, 0) + n
        answered = sum(totals.get(key, 0) for key, _ in spec.groups)
        groups, areas, sources = [], [], []
        for key, label in spec.groups:
            found = benchmarks.get((characteristic, key), {})
            # The chosen locality's figure when there is one, else Kent and Medway's.
            benchmark = found.get(False) or found.get(True)
            area = ""
            if benchmark is not None:
                area = locality_name if benchmark.locality_id is not None else AREA_WIDE
                if area not in areas:
                    areas.append(area)
                source = BenchmarkSource(area, benchmark.source, benchmark.source_date)
                if source not in sources:
                    sources.append(source)
            groups.append(
                _group_gap(
                    key,
                    label,
                    totals.get(key, 0),
                    answered,
                    benchmark,
                    area,
                    threshold,
                    priority=(str(characteristic), key) in priorities,
                )
            )
        result.append(
            CharacteristicGap(
                characteristic=str(characteristic),
                label=str(Characteristic(characteristic).label),
                groups=groups,
                current=sum(totals.values()),
                answered=answered,
                prefer_not=totals.get(PREFER_NOT, 0),
                not_compared=totals.get(NOT_COMPARED, 0),
                not_compared_label=spec.not_compared_label,
                locality_name=locality_name,
                benchmark_areas=tuple(areas),
                sources=tuple(sources),
                counts_by_year=counts_by_year,
            )
        )
    return result


# --- Over time: are the people joining closing the gap? -------------------------------------------


@dataclass(frozen=True)
class YearColumn:
    characteristic_label: str
    group_label: str
    population_pct: Decimal | None


@dataclass(frozen=True)
class YearCell:
    count: int
    answered: int
    pct: Decimal | None  # 1 decimal place; None when nobody who joined that year answered
    below_population: bool


@dataclass(frozen=True)
class YearRow:
    year: int
    joined: int
    cells: list[YearCell]


@dataclass(frozen=True)
class GapByYear:
    columns: list[YearColumn]
    rows: list[YearRow]


def representation_gap_cached(
    *,
    locality_id: int | None = None,
    joined_from: date | None = None,
    joined_to: date | None = None,
) -> list[CharacteristicGap]:
    """`representation_gap`, worked out again only when the people, their answers, the benchmarks
    or the priority groups have changed (the figures' data version). The gap page and everything
    that asks which groups the whole community's gap flags share it."""
    key = f"gap:{locality_id}:{joined_from}:{joined_to}:{settings.REPRESENTATION_UNDER_THRESHOLD}"
    return cached_figures(
        key,
        lambda: representation_gap(
            locality_id=locality_id, joined_from=joined_from, joined_to=joined_to
        ),
    )


def representation_gap_by_year(gaps: list[CharacteristicGap]) -> GapByYear:
    """For each year joined, each under-represented group's share of that year's joiners who answered.

    Works from the counts `representation_gap` already made: no further queries.
    """
    flagged = [(gap, group) for gap in gaps for group in gap.groups if group.under_represented]
    columns = [YearColumn(gap.label, group.label, group.population_pct) for gap, group in flagged]
    years = sorted({year for gap in gaps for year in gap.counts_by_year})
    rows = []
    for year in years:
        cells = []
        for gap, group in flagged:
            counts = gap.counts_by_year.get(year, {})
            answered = sum(counts.get(key, 0) for key, _ in SPECS[gap.characteristic].groups)
            count = counts.get(group.key, 0)
            pct = (
                (Decimal(count * 100) / Decimal(answered)).quantize(
                    ONE_PLACE, rounding=ROUND_HALF_UP
                )
                if answered
                else None
            )
            below = (
                pct is not None and group.population_pct is not None and pct < group.population_pct
            )
            cells.append(YearCell(count=count, answered=answered, pct=pct, below_population=below))
        joined = sum(gaps[0].counts_by_year.get(year, {}).values()) if gaps else 0
        rows.append(YearRow(year=year, joined=joined, cells=cells))
    return GapByYear(columns=columns, rows=rows)


# --- Population benchmarks, as staff see and edit them ------------------------------------------


@dataclass(frozen=True)
class BenchmarkSet:
    """The benchmarks for one characteristic in one area, and whether they add up to 100."""

    characteristic: str
    label: str
    rows: list[PopulationBenchmark]
    total: Decimal

    @property
    def adds_up(self) -> bool:
        return abs(self.total - 100) <= TOTAL_TOLERANCE


def _group_order(characteristic: str, group: str) -> tuple[int, str]:
    keys = [key for key, _ in benchmark_groups(characteristic)]
    return (keys.index(group) if group in keys else len(keys), group)


def benchmarks_for_area(*, locality_id: int | None) -> list[BenchmarkSet]:
    """One area's benchmarks (None: Kent and Medway as a whole), by characteristic, in one query."""
    rows = PopulationBenchmark.objects.filter(
        **({"locality_id": locality_id} if locality_id is not None else {"locality__isnull": True})
    )
    by_characteristic: dict[str, list[PopulationBenchmark]] = {}
    for row in rows:
        row.group_label = group_label(row.characteristic, row.group)
        by_characteristic.setdefault(row.characteristic, []).append(row)
    sets = []
    for characteristic, label in Characteristic.choices:
        found = sorted(
            by_characteristic.get(characteristic, []),
            key=lambda r: _group_order(r.characteristic, r.group),
        )
        sets.append(
            BenchmarkSet(
                characteristic=characteristic,
                label=str(label),
                rows=found,
                total=sum((r.percentage for r in found), Decimal(0)),
            )
        )
    return sets


@dataclass(frozen=True)
class BenchmarkTotal:
    characteristic_label: str
    area: str
    locality_id: int | None
    total: Decimal


def benchmark_totals_not_adding_up() -> list[BenchmarkTotal]:
    """Every characteristic and area whose figures do not add up to 100 (give or take 1), in one query."""
    totals = (
        PopulationBenchmark.objects.order_by()
        .values_list("characteristic", "locality_id", "locality__name")
        .annotate(total=Sum("percentage"))
        .order_by("locality__name", "characteristic")
    )
    return [
        BenchmarkTotal(
            characteristic_label=str(Characteristic(characteristic).label)
            if characteristic in Characteristic.values
            else characteristic,
            area=name or AREA_WIDE,
            locality_id=locality_id,
            total=Decimal(total).quantize(TWO_PLACES),
        )
        for characteristic, locality_id, name, total in totals
        if abs(Decimal(total) - 100) > TOTAL_TOLERANCE
    ]
