"""Loading the shipped reference data: localities, interests, ethnic groups, population benchmarks.

The files in community/reference_data/ are published figures (see SOURCES.md there). They load as
rows that staff can change or add to; nothing here is used as a constant elsewhere. Every loader
takes `get_model` so a data migration can call it with its historical models.
"""

import csv
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "reference_data"
CENSUS_DATE = date(2021, 3, 21)
CENSUS_SOURCE = "ONS Census 2021"

INTERESTS = {
    "service_area": [
        "Adult community mental health",
        "Crisis and urgent care",
        "Early intervention in psychosis",
        "Eating disorders",
        "Forensic and secure services",
        "Inpatient wards",
        "Learning disability and autism",
        "Older adults' mental health",
        "Perinatal mental health",
        "Psychological therapies",
        "Drug and alcohol services",
    ],
    "topic": [
        "Access and waiting times",
        "Carers' support",
        "Communication and information",
        "Digital services",
        "Equality and inclusion",
        "Physical health",
        "Buildings and environments",
        "Recruitment and training",
        "Research",
    ],
}

# The 19 Census 2021 categories and the NHS Data Dictionary code each is stored as. The NHS codes
# follow the 2001 categories, so four 2021 categories share a code with a neighbour (our mapping).
NHS_CODE_FOR_CENSUS = {
    "White: English, Welsh, Scottish, Northern Irish or British": "A",
    "White: Irish": "B",
    "White: Gypsy or Irish Traveller": "C",
    "White: Roma": "C",
    "White: Other White": "C",
    "Mixed or Multiple ethnic groups: White and Black Caribbean": "D",
    "Mixed or Multiple ethnic groups: White and Black African": "E",
    "Mixed or Multiple ethnic groups: White and Asian": "F",
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups": "G",
    "Asian, Asian British or Asian Welsh: Indian": "H",
    "Asian, Asian British or Asian Welsh: Pakistani": "J",
    "Asian, Asian British or Asian Welsh: Bangladeshi": "K",
    "Asian, Asian British or Asian Welsh: Other Asian": "L",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean": "M",
    "Black, Black British, Black Welsh, Caribbean or African: African": "N",
    "Black, Black British, Black Welsh, Caribbean or African: Other Black": "P",
    "Asian, Asian British or Asian Welsh: Chinese": "R",
    "Other ethnic group: Arab": "S",
    "Other ethnic group: Any other ethnic group": "S",
}
BROAD_GROUP_ORDER = ["White", "Mixed", "Asian", "Black", "Other"]
PREFER_NOT_ETHNIC_LABEL = "Prefer not to say"

AGE_COLUMNS = {
    "15_24": "age_15_24_pct",
    "25_34": "age_25_34_pct",
    "35_44": "age_35_44_pct",
    "45_54": "age_45_54_pct",
    "55_64": "age_55_64_pct",
    "65_74": "age_65_74_pct",
    "75_plus": "age_75_plus_pct",
}
ETHNIC_COLUMNS = {
    "Asian": "ethnic_asian_pct",
    "Black": "ethnic_black_pct",
    "Mixed": "ethnic_mixed_pct",
    "White": "ethnic_white_pct",
    "Other": "ethnic_other_pct_residual",
}
RELIGION_COLUMNS = {
    "christian": "religion_christian_pct",
    "none": "religion_none_pct",
    "buddhist": "religion_buddhist_pct",
    "hindu": "religion_hindu_pct",
    "jewish": "religion_jewish_pct",
    "muslim": "religion_muslim_pct",
    "sikh": "religion_sikh_pct",
}
ENGLAND_WALES_GROUPS = {
    ("TS038 disability", "Disabled under the Equality Act"): ("disability", "disabled"),
    ("TS038 disability", "Not disabled under the Equality Act"): ("disability", "not_disabled"),
    ("TS077 sexual orientation (16+)", "Straight or Heterosexual"): (
        "sexual_orientation",
        "straight",
    ),
    ("TS077 sexual orientation (16+)", "Gay or Lesbian"): ("sexual_orientation", "gay_lesbian"),
    ("TS077 sexual orientation (16+)", "Bisexual"): ("sexual_orientation", "bisexual"),
    ("TS077 sexual orientation (16+)", "All other sexual orientations"): (
        "sexual_orientation",
        "other",
    ),
    ("TS078 gender identity (16+)", "Same as sex registered at birth"): ("gender_identity", "same"),
    ("TS078 gender identity (16+)", "Different from sex registered at birth"): (
        "gender_identity",
        "different",
    ),
}


def _rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _pct(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _normalised(shares: dict[str, Decimal]) -> dict[str, Decimal]:
    """Shares re-based to 100 over the groups given (people who answered, or adults only)."""
    total = sum(shares.values())
    return {k: _pct(v * 100 / total) for k, v in shares.items()}


def load_localities(get_model) -> None:
    """Medway and Kent's 12 districts, with their Census 2021 populations."""
    Locality = get_model("community", "Locality")
    for row in _rows("census2021_districts.csv"):
        if row["area"] == "England":
            continue
        Locality.objects.update_or_create(
            name=row["area"],
            defaults={"ons_code": row["ons_code"], "usual_residents": int(row["usual_residents"])},
        )


def load_interests(get_model) -> None:
    Interest = get_model("community", "Interest")
    for kind, names in INTERESTS.items():
        for name in names:
            Interest.objects.get_or_create(name=name, defaults={"kind": kind})


def load_ethnic_groups(get_model) -> None:
    EthnicGroup = get_model("community", "EthnicGroup")
    rows = _rows("census2021_ethnic_groups.csv")
    rows.sort(key=lambda r: BROAD_GROUP_ORDER.index(r["broad_group"]))
    for position, row in enumerate(rows, start=1):
        EthnicGroup.objects.update_or_create(
            label=row["category"],
            defaults={
                "broad_group": row["broad_group"],
                "nhs_code": NHS_CODE_FOR_CENSUS[row["category"]],
                "position": position,
            },
        )
    EthnicGroup.objects.update_or_create(
        label=PREFER_NOT_ETHNIC_LABEL, defaults={"broad_group": "", "nhs_code": "Z", "position": 99}
    )


def district_benchmarks() -> list[dict]:
    """Benchmarks for each district and for Kent and Medway as a whole (population-weighted)."""
    districts = [r for r in _rows("census2021_districts.csv") if r["area"] != "England"]
    note_adults = "Share of residents aged 15 or over (children under 15 left out)."
    note_answered = "Share of residents who answered the question."
    specs = [
        ("sex", {"female": "female_pct", "male": "male_pct"}, ""),
        ("age", AGE_COLUMNS, note_adults),
        ("ethnic_group", ETHNIC_COLUMNS, ""),
        ("religion", RELIGION_COLUMNS, note_answered),
    ]
    out = []
    weights = {r["area"]: Decimal(r["usual_residents"]) for r in districts}
    total_residents = sum(weights.values())
    for characteristic, columns, note in specs:
        area_wide: dict[str, Decimal] = {group: Decimal(0) for group in columns}
        for row in districts:
            raw = {group: Decimal(row[col]) for group, col in columns.items()}
            shares = _normalised(raw) if note else {g: _pct(v) for g, v in raw.items()}
            for group, share in shares.items():
                out.append(
                    {
                        "characteristic": characteristic,
                        "group": group,
                        "locality": row["area"],
                        "percentage": share,
                        "notes": note,
                    }
                )
                area_wide[group] += share * weights[row["area"]] / total_residents
        for group, share in area_wide.items():
            out.append(
                {
                    "characteristic": characteristic,
                    "group": group,
                    "locality": None,
                    "percentage": _pct(share),
                    "notes": (note + " " if note else "")
                    + "Kent and Medway: districts weighted by population.",
                }
            )
    return out


def england_wales_benchmarks() -> list[dict]:
    """Disability, sexual orientation and gender identity: England and Wales until local figures are entered."""
    grouped: dict[str, dict[str, Decimal]] = {}
    for row in _rows("census2021_england_wales_other.csv"):
        key = ENGLAND_WALES_GROUPS.get((row["table"], row["category"]))
        if key:
            grouped.setdefault(key[0], {})[key[1]] = Decimal(row["pct"])
    out = []
    for characteristic, shares in grouped.items():
        for group, share in _normalised(shares).items():
            out.append(
                {
                    "characteristic": characteristic,
                    "group": group,
                    "locality": None,
                    "percentage": share,
                    "notes": "England and Wales figure, share of those who answered; replace with Kent and Medway figures when available.",
                }
            )
    return out


def load_benchmarks(get_model) -> None:
    """Create each benchmark that is missing; never overwrite one staff may have edited."""
    Benchmark = get_model("community", "PopulationBenchmark")
    Locality = get_model("community", "Locality")
    localities = {loc.name: loc for loc in Locality.objects.all()}
    for item in district_benchmarks() + england_wales_benchmarks():
        locality = localities.get(item["locality"]) if item["locality"] else None
        Benchmark.objects.get_or_create(
            characteristic=item["characteristic"],
            group=item["group"],
            locality=locality,
            defaults={
                "percentage": item["percentage"],
                "source": CENSUS_SOURCE,
                "source_date": CENSUS_DATE,
                "notes": item["notes"],
            },
        )


def load_all(get_model) -> None:
    load_localities(get_model)
    load_interests(get_model)
    load_ethnic_groups(get_model)
    load_benchmarks(get_model)
