"""representation_gap, checked figure by figure against the hand-counted world in conftest.py."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from community.gap import representation_gap, representation_gap_by_year
from community.models import Characteristic, Locality

from .conftest import benchmark, many_people

D = Decimal


def by_characteristic(gaps):
    return {gap.characteristic: gap for gap in gaps}


def row(gap, key):
    return next(group for group in gap.groups if group.key == key)


def figures(group):
    return (
        group.count,
        group.community_pct,
        group.population_pct,
        group.gap,
        group.ratio,
        group.under_represented,
    )


@pytest.fixture
def overall(world):
    return by_characteristic(representation_gap())


def test_ethnic_group_shares_are_of_those_who_answered(overall):
    ethnic = overall["ethnic_group"]
    # 10 current co-creators: 8 answered, E preferred not to say, F gave no answers.
    assert (ethnic.current, ethnic.answered, ethnic.prefer_not, ethnic.not_answered) == (
        10,
        8,
        1,
        1,
    )
    # White 6 of 8 = 75%, against 70%: +5 points, ratio 75/70 = 1.07.
    assert figures(row(ethnic, "White")) == (6, D("75.0"), D("70.00"), D("5.0"), D("1.07"), False)
    # Black 1 of 8 = 12.5%, against 20%: -7.5 points, ratio 0.625, rounded half up to 0.63.
    assert figures(row(ethnic, "Black")) == (1, D("12.5"), D("20.00"), D("-7.5"), D("0.63"), True)
    assert figures(row(ethnic, "Asian")) == (1, D("12.5"), D("5.00"), D("7.5"), D("2.50"), False)
    # Nobody in Mixed or Other: a ratio of 0, under-represented.
    assert figures(row(ethnic, "Mixed")) == (0, D("0.0"), D("2.50"), D("-2.5"), D("0.00"), True)
    assert figures(row(ethnic, "Other")) == (0, D("0.0"), D("2.50"), D("-2.5"), D("0.00"), True)
    assert ethnic.benchmark_areas == ("Kent and Medway",)
    assert not ethnic.uses_area_wide_fallback


def test_sex_flags_men_as_under_represented_below_a_ratio_of_0_8(overall):
    sex = overall["sex"]
    # Answered 8 (H preferred not to say, F did not answer): 5 women, 3 men.
    assert (sex.answered, sex.prefer_not, sex.not_answered) == (8, 1, 1)
    assert figures(row(sex, "female")) == (5, D("62.5"), D("51.00"), D("11.5"), D("1.23"), False)
    # 37.5 / 49 = 0.765...: 0.77, below 0.8.
    assert figures(row(sex, "male")) == (3, D("37.5"), D("49.00"), D("-11.5"), D("0.77"), True)


def test_disability_counts_limited_a_lot_and_a_little_as_disabled(overall):
    disability = overall["disability"]
    assert (disability.answered, disability.not_answered) == (4, 6)
    assert figures(row(disability, "disabled")) == (
        2,
        D("50.0"),
        D("17.50"),
        D("32.5"),
        D("2.86"),
        False,
    )
    # 50 / 82.5 = 0.61, below 0.8, but most of the population is not disabled: shown, not flagged.
    assert figures(row(disability, "not_disabled")) == (
        2,
        D("50.0"),
        D("82.50"),
        D("-32.5"),
        D("0.61"),
        False,
    )
    not_disabled = row(disability, "not_disabled")
    assert (not_disabled.below_threshold, not_disabled.majority) == (True, True)
    assert not_disabled.majority_not_flagged
    assert disability.majority_not_flagged_groups == [not_disabled]


def test_fewer_than_8_answers_are_marked_as_not_reliable(overall):
    assert overall["disability"].few_answers  # 4 answered
    assert not overall["sex"].few_answers  # 8 answered
    assert row(overall["sex"], "male").few_answers  # 3 people
    assert row(overall["ethnic_group"], "White").few_answers  # 6 people


def test_another_religion_is_counted_apart_because_the_population_figures_leave_it_out(overall):
    religion = overall["religion"]
    # A answered "another religion": not in the shares; B Christian and C no religion are.
    assert (religion.answered, religion.not_compared, religion.not_answered) == (2, 1, 7)
    christian = row(religion, "christian")
    assert (christian.count, christian.community_pct) == (1, D("50.0"))
    # No religion benchmarks in this world: no population figure, no ratio, no flag.
    assert (christian.population_pct, christian.ratio, christian.under_represented) == (
        None,
        None,
        False,
    )


def test_gender_identity_maps_yes_to_same_and_no_to_different(overall):
    identity = overall["gender_identity"]
    assert [(g.key, g.count) for g in identity.groups] == [("same", 1), ("different", 1)]


def test_a_characteristic_nobody_answered_has_no_shares(overall):
    age = overall["age"]
    assert age.answered == 0
    assert all(g.community_pct is None and not g.under_represented for g in age.groups)


def test_people_who_have_left_are_not_counted(overall):
    # K (left, Black, male) would make 11 people and 2 Black co-creators.
    assert overall["ethnic_group"].current == 10
    assert row(overall["ethnic_group"], "Black").count == 1
    assert row(overall["sex"], "male").count == 3


def test_a_locality_uses_its_own_benchmark_when_there_is_one(world, medway):
    medway_gap = by_characteristic(representation_gap(locality_id=medway.pk))
    ethnic = medway_gap["ethnic_group"]
    # Medway: A, B, C White, D Black, E prefer not, F nothing.
    assert (ethnic.current, ethnic.answered, ethnic.prefer_not) == (6, 4, 1)
    assert ethnic.benchmark_areas == ("Medway",)
    assert not ethnic.uses_area_wide_fallback
    assert [s.source for s in ethnic.sources] == ["Medway Council 2023"]
    # 3 of 4 = 75% against Medway's 84%: -9 points, ratio 0.89.
    assert figures(row(ethnic, "White")) == (3, D("75.0"), D("84.00"), D("-9.0"), D("0.89"), False)
    assert figures(row(ethnic, "Black")) == (1, D("25.0"), D("6.00"), D("19.0"), D("4.17"), False)
    assert row(ethnic, "White").benchmark_area == "Medway"


def test_a_locality_without_a_benchmark_falls_back_to_kent_and_medway(world, medway, swale):
    sex = by_characteristic(representation_gap(locality_id=medway.pk))["sex"]
    assert sex.benchmark_areas == ("Kent and Medway",)
    assert sex.uses_area_wide_fallback
    # Medway: women A, B, D; men C, E. 2 of 5 = 40% against 49%: ratio 0.82, not flagged.
    assert figures(row(sex, "male")) == (2, D("40.0"), D("49.00"), D("-9.0"), D("0.82"), False)

    ethnic = by_characteristic(representation_gap(locality_id=swale.pk))["ethnic_group"]
    assert ethnic.locality_name == "Swale"
    assert ethnic.uses_area_wide_fallback
    assert figures(row(ethnic, "Black")) == (0, D("0.0"), D("20.00"), D("-20.0"), D("0.00"), True)
    assert row(ethnic, "Asian").ratio == D("5.00")  # 1 of 4 = 25% against 5%


def test_a_locality_with_some_groups_uses_kent_and_medway_for_the_rest(world, medway):
    benchmark("sex", "female", "52", locality=medway)
    sex = by_characteristic(representation_gap(locality_id=medway.pk))["sex"]
    assert sex.benchmark_areas == ("Medway", "Kent and Medway")
    assert (row(sex, "female").population_pct, row(sex, "female").benchmark_area) == (
        D("52.00"),
        "Medway",
    )
    assert (row(sex, "male").population_pct, row(sex, "male").benchmark_area) == (
        D("49.00"),
        "Kent and Medway",
    )


def test_the_date_joined_filter_counts_only_people_who_joined_in_the_window(world):
    since_2025 = by_characteristic(representation_gap(joined_from=datetime.date(2025, 1, 1)))
    sex = since_2025["sex"]
    # F, G, H, I, J: women G and J, man I, H preferred not to say, F did not answer.
    assert (sex.current, sex.answered, sex.prefer_not) == (5, 3, 1)
    assert row(sex, "female").community_pct == D("66.7")
    assert row(sex, "male").community_pct == D("33.3")

    spring_2024 = representation_gap(
        joined_from=datetime.date(2024, 3, 1), joined_to=datetime.date(2024, 5, 1)
    )
    assert spring_2024[0].current == 3  # B, C and D: both ends of the window count
    before_2025 = representation_gap(joined_to=datetime.date(2024, 12, 31))
    assert before_2025[0].current == 5  # A to E


def test_the_threshold_is_a_setting(world, settings):
    settings.REPRESENTATION_UNDER_THRESHOLD = 0.5
    gaps = by_characteristic(representation_gap())
    assert not row(gaps["sex"], "male").under_represented  # 0.77
    assert not row(gaps["ethnic_group"], "Black").under_represented  # 0.63
    assert row(gaps["ethnic_group"], "Mixed").under_represented  # 0.00


def test_by_year_follows_each_under_represented_group(world):
    by_year = representation_gap_by_year(representation_gap())
    assert [(c.characteristic_label, c.group_label) for c in by_year.columns] == [
        ("Sex", "Male"),
        ("Ethnic group", "Mixed or multiple ethnic groups"),
        ("Ethnic group", "Black"),
        ("Ethnic group", "Other ethnic group"),
    ]
    assert [(r.year, r.joined) for r in by_year.rows] == [(2024, 5), (2025, 5)]
    black = [r.cells[2] for r in by_year.rows]
    # 2024: D of A-D who answered; 2025: nobody of G-J.
    assert [(c.count, c.answered, c.pct, c.below_population) for c in black] == [
        (1, 4, D("25.0"), False),
        (0, 4, D("0.0"), True),
    ]
    male = [r.cells[0] for r in by_year.rows]
    assert [(c.count, c.answered, c.pct) for c in male] == [(2, 5, D("40.0")), (1, 3, D("33.3"))]


@pytest.mark.parametrize("in_medway", [False, True], ids=["everywhere", "one-locality"])
def test_the_number_of_queries_does_not_grow_with_people(
    benchmarks, django_assert_num_queries, in_medway
):
    medway = Locality.objects.get(name="Medway")
    locality_id = medway.pk if in_medway else None
    many_people(10, medway)
    # The locality's name (when one is chosen), the benchmarks, the priority groups, and one
    # grouped query for every characteristic (on PostgreSQL between giving it room to count in
    # memory and putting the setting back).
    room = 2 if connection.vendor == "postgresql" else 0
    expected = (1 if in_medway else 0) + 1 + 1 + room + 1
    with django_assert_num_queries(expected):
        few = representation_gap(locality_id=locality_id)
    many_people(290, medway)
    with django_assert_num_queries(expected):
        many = representation_gap(locality_id=locality_id)
        representation_gap_by_year(many)
    assert (few[0].current, many[0].current) == (10, 300)


def test_every_shipped_census_benchmark_is_for_a_group_the_gap_knows(db):
    from community.gap import benchmark_groups
    from community.models import PopulationBenchmark

    shipped = set(PopulationBenchmark.objects.values_list("characteristic", "group"))
    assert shipped, "the Census 2021 benchmarks are loaded by a data migration"
    unknown = {(c, g) for c, g in shipped if g not in dict(benchmark_groups(c))}
    assert not unknown
    # And every group the gap compares has a Kent and Medway figure out of the box.
    area_wide = set(
        PopulationBenchmark.objects.filter(locality__isnull=True).values_list(
            "characteristic", "group"
        )
    )
    for characteristic in Characteristic.values:
        for group, _ in benchmark_groups(characteristic):
            assert (characteristic, group) in area_wide
