"""The triangulation rule, worked through with a hand-made example."""

from decimal import Decimal

from impact.triangulation import (
    AGREE_SIMILAR,
    AGREE_TOP,
    COCREATORS_MORE,
    LITTLE_DATA,
    OTHERS_MORE,
    ThemeCounts,
    triangulate,
)


def counts(name, insight, complaints=0, pals=0, incidents=0, fft=0):
    sources = {"complaints": complaints, "pals": pals, "incidents": incidents, "fft": fft}
    return ThemeCounts(name=name, insight=insight, sources=sources)


# 20 insight tags and 100 source counts in all.
EXAMPLE = [
    counts("Access", insight=8, complaints=20, pals=10),  # 40% and 30%: rank 1 and 1 → top 3
    counts("Waiting", insight=4, complaints=10, pals=5, fft=5),  # 20% and 20%: 2 and 2 → top 3
    counts("Carers", insight=5, incidents=2),  # 25% and 2%: co-creators raise it more
    counts("Food", insight=1, fft=25),  # 5% and 25%: others raise it more
    counts("Parking", insight=2, complaints=5, pals=3),  # 10% and 8%: similar
    counts("Signage", insight=0, incidents=15),  # 0% and 15%: others raise it more
]


def by_name(readings):
    return {r.name: r for r in readings}


def test_the_rule_reads_a_hand_made_example():
    readings = by_name(triangulate(EXAMPLE))
    assert readings["Access"].insight_share == Decimal("0.4")
    assert readings["Access"].source_share == Decimal("0.3")
    assert (readings["Access"].insight_rank, readings["Access"].source_rank) == (1, 1)
    assert readings["Access"].reading == AGREE_TOP
    # Carers ranks 2nd in insight but 6th in other sources, 23 points apart.
    assert (readings["Carers"].insight_rank, readings["Carers"].source_rank) == (2, 6)
    assert readings["Carers"].reading == COCREATORS_MORE
    # Waiting ranks 3rd in insight (4 tags) and joint 3rd in other sources (20).
    assert readings["Waiting"].insight_rank == 3
    assert readings["Waiting"].reading == AGREE_TOP
    assert readings["Food"].reading == OTHERS_MORE
    assert readings["Parking"].reading == AGREE_SIMILAR
    assert readings["Signage"].insight_rank is None
    assert readings["Signage"].reading == OTHERS_MORE


def test_the_readings_keep_the_order_given():
    assert [r.name for r in triangulate(EXAMPLE)] == [t.name for t in EXAMPLE]


def test_fewer_than_five_items_on_either_side_is_little_data():
    few_tags = [counts("Access", insight=4, complaints=50), counts("Food", insight=0, pals=50)]
    assert {r.reading for r in triangulate(few_tags)} == {LITTLE_DATA}
    few_counts = [counts("Access", insight=40, complaints=2), counts("Food", insight=9, pals=2)]
    assert {r.reading for r in triangulate(few_counts)} == {LITTLE_DATA}


def test_five_items_on_each_side_is_enough_to_read():
    enough = [counts("Access", insight=5, complaints=5)]
    assert triangulate(enough)[0].reading == AGREE_TOP


def test_no_themes_and_no_data_give_no_readings_and_no_errors():
    assert triangulate([]) == []
    reading = triangulate([counts("Access", insight=0)])[0]
    assert reading.insight_share == 0 and reading.reading == LITTLE_DATA
