"""A small, hand-counted world for the representation gap.

Ten current co-creators, six in Medway and four in Swale, and one who has left; their answers
are chosen so every figure on the page can be worked out by hand (see each test).

  who  area    joined      ethnic group   sex         disability    religion   gender identity
  A    Medway  2024-02-01  White          female      yes_a_lot     other      yes (same)
  B    Medway  2024-03-01  White          female      yes_a_little  christian  no (different)
  C    Medway  2024-04-01  White          male        no            none       -
  D    Medway  2024-05-01  Black          female      no            -          -
  E    Medway  2024-06-01  prefer not     male        -             -          -
  F    Medway  2025-01-15  (no answers at all)
  G    Swale   2025-02-01  White          female      -             -          -
  H    Swale   2025-03-01  White          prefer not  -             -          -
  I    Swale   2025-04-01  Asian          male        -             -          -
  J    Swale   2025-05-01  White          female      -             -          -
  K    Medway  2024-01-01  Black          male        (has left: never counted)

Benchmarks (all others deleted):
  Kent and Medway  ethnic: White 70, Mixed 2.5, Asian 5, Black 20, Other 2.5
                   sex: female 51, male 49;  disability: disabled 17.5, not_disabled 82.5
  Medway           ethnic: White 84, Mixed 2, Asian 6, Black 6, Other 2
  Swale            none: Kent and Medway figures are used.
"""

import datetime
from decimal import Decimal

import pytest

from community.models import (
    CoCreator,
    CoCreatorStatus,
    Demographics,
    EthnicGroup,
    Locality,
    PopulationBenchmark,
)
from tests.community.factories import CoCreatorFactory

CENSUS = datetime.date(2021, 3, 21)


@pytest.fixture
def medway(db):
    return Locality.objects.get(name="Medway")


@pytest.fixture
def swale(db):
    return Locality.objects.get(name="Swale")


def ethnic(broad_group: str) -> EthnicGroup:
    if broad_group == "prefer_not":
        return EthnicGroup.objects.get(nhs_code="Z")
    return EthnicGroup.objects.filter(broad_group=broad_group).order_by("position").first()


def benchmark(characteristic, group, percentage, locality=None, source="ONS Census 2021"):
    return PopulationBenchmark.objects.create(
        characteristic=characteristic,
        group=group,
        locality=locality,
        percentage=Decimal(percentage),
        source=source,
        source_date=CENSUS,
    )


@pytest.fixture
def benchmarks(medway):
    PopulationBenchmark.objects.all().delete()
    for group, pct in (("White", "70"), ("Mixed", "2.5"), ("Asian", "5"), ("Black", "20")):
        benchmark("ethnic_group", group, pct)
    benchmark("ethnic_group", "Other", "2.5")
    benchmark("sex", "female", "51")
    benchmark("sex", "male", "49")
    benchmark("disability", "disabled", "17.5")
    benchmark("disability", "not_disabled", "82.5")
    for group, pct in (("White", "84"), ("Mixed", "2"), ("Asian", "6"), ("Black", "6")):
        benchmark("ethnic_group", group, pct, locality=medway, source="Medway Council 2023")
    benchmark("ethnic_group", "Other", "2", locality=medway, source="Medway Council 2023")


def person(name, locality, joined, *, status=CoCreatorStatus.ACTIVE, **answers):
    """A row of the table above: no email; answers given (with consent) only if any."""
    if "ethnic_group" in answers:
        answers["ethnic_group"] = ethnic(answers["ethnic_group"])
    return CoCreatorFactory(
        full_name=name,
        email="",
        locality=locality,
        date_joined=datetime.date.fromisoformat(joined),
        status=status,
        answers=answers,
    )


@pytest.fixture
def world(benchmarks, medway, swale):
    W, F, M = "White", "female", "male"
    person(
        "A",
        medway,
        "2024-02-01",
        ethnic_group=W,
        sex=F,
        disability="yes_a_lot",
        religion="other",
        gender_same_as_birth="yes",
    )
    person(
        "B",
        medway,
        "2024-03-01",
        ethnic_group=W,
        sex=F,
        disability="yes_a_little",
        religion="christian",
        gender_same_as_birth="no",
    )
    person("C", medway, "2024-04-01", ethnic_group=W, sex=M, disability="no", religion="none")
    person("D", medway, "2024-05-01", ethnic_group="Black", sex=F, disability="no")
    person("E", medway, "2024-06-01", ethnic_group="prefer_not", sex=M)
    person("F", medway, "2025-01-15")
    person("G", swale, "2025-02-01", ethnic_group=W, sex=F)
    person("H", swale, "2025-03-01", ethnic_group=W, sex="prefer_not")
    person("I", swale, "2025-04-01", ethnic_group="Asian", sex=M)
    person("J", swale, "2025-05-01", ethnic_group=W, sex=F)
    person("K", medway, "2024-01-01", status=CoCreatorStatus.LEFT, ethnic_group="Black", sex=M)


def many_people(n: int, locality) -> None:
    """n more co-creators with answers, made in bulk (for query counts)."""
    groups = list(EthnicGroup.objects.exclude(nhs_code="Z"))
    people = CoCreator.objects.bulk_create(
        CoCreator(
            full_name=f"Person {i}",
            locality=locality,
            date_joined=datetime.date(2020 + i % 6, 1 + i % 12, 1),
        )
        for i in range(n)
    )
    Demographics.objects.bulk_create(
        Demographics(
            cocreator=p,
            age_band=("15_24", "25_34", "45_54", "prefer_not", "")[i % 5],
            sex=("female", "male", "prefer_not")[i % 3],
            ethnic_group=groups[i % len(groups)],
            religion=("none", "christian", "muslim", "other")[i % 4],
            disability=("no", "yes_a_lot", "")[i % 3],
            sexual_orientation=("straight", "bisexual")[i % 2],
            gender_same_as_birth=("yes", "no")[i % 2],
        )
        for i, p in enumerate(people)
    )
