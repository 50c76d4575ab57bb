import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impact import swemwbs
from impact.models import SurveyKind, WellbeingResponse
from impact.swemwbs import ChangeClass
from tests.community.factories import CoCreatorFactory

PROJECT_CONVERSION_CSV = (
    Path(swemwbs.__file__).resolve().parent / "reference_data" / "swemwbs_conversion.csv"
)
SHARED_CONVERSION_CSV = Path("/work/shared/reference/swemwbs_conversion.csv")


def _csv_rows():
    with PROJECT_CONVERSION_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            (int(row["raw_score"]), Decimal(row["metric_score"])) for row in csv.DictReader(handle)
        ]


CSV_ROWS = _csv_rows()


def answers_summing_to(total):
    """Seven answers from 1 to 5 that add up to `total`, filled from the first statement."""
    answers = [1] * 7
    extra = total - 7
    for index in range(7):
        step = min(4, extra)
        answers[index] += step
        extra -= step
    assert extra == 0 and sum(answers) == total
    return answers


answer = st.integers(min_value=1, max_value=5)
answer_sets = st.lists(answer, min_size=7, max_size=7)


# The conversion table


def test_project_csv_has_the_29_raw_totals_7_to_35():
    assert [raw for raw, _ in CSV_ROWS] == list(range(7, 36))


@pytest.mark.skipif(not SHARED_CONVERSION_CSV.exists(), reason="shared reference copy not present")
def test_project_csv_is_byte_identical_to_the_shared_reference():
    assert PROJECT_CONVERSION_CSV.read_bytes() == SHARED_CONVERSION_CSV.read_bytes()


@pytest.mark.parametrize(("raw", "expected"), CSV_ROWS, ids=[f"raw-{raw}" for raw, _ in CSV_ROWS])
def test_metric_score_matches_every_row_of_the_csv(raw, expected):
    answers = answers_summing_to(raw)
    assert swemwbs.raw_total(answers) == raw
    assert swemwbs.metric_score(answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([1, 1, 1, 1, 1, 1, 1], Decimal("7.00")),
        ([5, 5, 5, 5, 5, 5, 5], Decimal("35.00")),
        ([3, 3, 3, 3, 3, 3, 3], Decimal("19.25")),
        ([5, 4, 3, 3, 2, 2, 2], Decimal("19.25")),
        ([1, 1, 1, 1, 1, 1, 2], Decimal("9.51")),
        ([5, 5, 5, 5, 5, 5, 4], Decimal("32.55")),
    ],
)
def test_known_metric_scores_checked_by_hand(answers, expected):
    assert swemwbs.metric_score(answers) == expected


def test_conversion_table_keeps_two_decimal_places():
    assert str(swemwbs.conversion_table()[7]) == "7.00"


def test_changing_the_returned_table_does_not_change_the_cache():
    table = swemwbs.conversion_table()
    table[7] = Decimal("99")
    assert swemwbs.conversion_table()[7] == Decimal("7.00")


@given(answer_sets, answer_sets)
def test_metric_score_never_falls_as_the_raw_total_rises_and_stays_within_7_to_35(first, second):
    low, high = sorted([first, second], key=sum)
    low_score, high_score = swemwbs.metric_score(low), swemwbs.metric_score(high)
    assert Decimal(7) <= low_score <= high_score <= Decimal(35)
    if sum(low) == sum(high):
        assert low_score == high_score


# Checking the table on load


def _write(tmp_path, text):
    path = tmp_path / "conversion.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _table_text(rows):
    return "raw_score,metric_score\n" + "".join(f"{raw},{metric}\n" for raw, metric in rows)


def test_loading_the_projects_table_passes_its_checks():
    assert swemwbs.load_conversion_table(PROJECT_CONVERSION_CSV) == dict(CSV_ROWS)


def test_a_table_missing_a_row_is_rejected(tmp_path):
    path = _write(tmp_path, _table_text([row for row in CSV_ROWS if row[0] != 20]))
    with pytest.raises(swemwbs.ReferenceDataError, match=r"missing \[20\]"):
        swemwbs.load_conversion_table(path)


def test_a_table_with_an_extra_row_is_rejected(tmp_path):
    path = _write(tmp_path, _table_text([*CSV_ROWS, (36, Decimal("36.00"))]))
    with pytest.raises(swemwbs.ReferenceDataError, match=r"unexpected \[36\]"):
        swemwbs.load_conversion_table(path)


def test_a_table_with_a_repeated_row_is_rejected(tmp_path):
    path = _write(tmp_path, _table_text([*CSV_ROWS, CSV_ROWS[3]]))
    with pytest.raises(swemwbs.ReferenceDataError, match="more than once"):
        swemwbs.load_conversion_table(path)


@pytest.mark.parametrize("bad_metric", [Decimal("14.08"), Decimal("14.00")])
def test_a_table_whose_scores_do_not_strictly_increase_is_rejected(tmp_path, bad_metric):
    rows = [(raw, bad_metric if raw == 13 else metric) for raw, metric in CSV_ROWS]
    path = _write(tmp_path, _table_text(rows))
    with pytest.raises(swemwbs.ReferenceDataError, match="strictly increase"):
        swemwbs.load_conversion_table(path)


def test_a_table_with_text_for_a_score_is_rejected(tmp_path):
    rows = [(raw, "high" if raw == 30 else metric) for raw, metric in CSV_ROWS]
    path = _write(tmp_path, _table_text(rows))
    with pytest.raises(swemwbs.ReferenceDataError, match="decimal metric score"):
        swemwbs.load_conversion_table(path)


def test_a_table_with_the_wrong_header_is_rejected(tmp_path):
    path = _write(tmp_path, _table_text(CSV_ROWS).replace("raw_score", "raw", 1))
    with pytest.raises(swemwbs.ReferenceDataError, match="header"):
        swemwbs.load_conversion_table(path)


# Answers that cannot be scored


@pytest.mark.parametrize("count", [0, 1, 6, 8, 14])
def test_the_wrong_number_of_answers_is_a_value_error(count):
    with pytest.raises(ValueError, match=f"exactly 7 answers.*got {count}"):
        swemwbs.raw_total([3] * count)


@pytest.mark.parametrize("bad", [0, 6, -1, 100])
def test_an_answer_out_of_range_is_a_value_error(bad):
    answers = [3, 3, 3, bad, 3, 3, 3]
    with pytest.raises(ValueError, match=r"Answer 4 must be from 1 \(None of the time\) to 5"):
        swemwbs.raw_total(answers)
    with pytest.raises(ValueError):
        swemwbs.metric_score(answers)


@pytest.mark.parametrize("bad", [3.0, 2.5, "3", None, True, Decimal("3")])
def test_an_answer_that_is_not_a_whole_number_is_a_value_error(bad):
    answers = [3, 3, bad, 3, 3, 3, 3]
    with pytest.raises(ValueError, match="Answer 3 must be a whole number"):
        swemwbs.raw_total(answers)


@pytest.mark.parametrize("bad", ["3333333", None, 21, {1, 2, 3, 4, 5}])
def test_answers_that_are_not_a_list_are_a_value_error(bad):
    with pytest.raises(ValueError, match="needs a list of 7 answers"):
        swemwbs.raw_total(bad)


def test_a_tuple_of_answers_is_accepted():
    assert swemwbs.raw_total((1, 2, 3, 4, 5, 1, 2)) == 18


# Classifying change


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("20.00", "23.00", ChangeClass.IMPROVED),
        ("20.00", "25.50", ChangeClass.IMPROVED),
        ("20.00", "22.99", ChangeClass.NO_CHANGE),
        ("20.00", "20.00", ChangeClass.NO_CHANGE),
        ("20.00", "17.01", ChangeClass.NO_CHANGE),
        ("20.00", "17.00", ChangeClass.WORSE),
        ("20.00", "12.40", ChangeClass.WORSE),
    ],
)
def test_classify_change_with_threshold_3(before, after, expected):
    result = swemwbs.classify_change(Decimal(before), Decimal(after), threshold=Decimal("3"))
    assert result == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("19.25", "20.28", ChangeClass.IMPROVED),
        ("19.25", "20.27", ChangeClass.NO_CHANGE),
        ("19.25", "18.23", ChangeClass.NO_CHANGE),
        ("19.25", "18.22", ChangeClass.WORSE),
        ("19.25", "22.35", ChangeClass.IMPROVED),
    ],
)
def test_classify_change_with_a_threshold_of_one_sem(before, after, expected):
    result = swemwbs.classify_change(Decimal(before), Decimal(after), threshold=Decimal("1.03"))
    assert result == expected


def test_classify_change_uses_the_threshold_given_not_the_default():
    # +2.87 counts with the 2.77-SEM threshold but not with the default of 3.
    before, after = Decimal("19.25"), Decimal("22.12")
    assert swemwbs.classify_change(before, after, threshold=Decimal("2.87")) == ChangeClass.IMPROVED
    assert swemwbs.classify_change(before, after, threshold=Decimal("3")) == ChangeClass.NO_CHANGE


def test_classify_change_needs_the_threshold_by_keyword():
    with pytest.raises(TypeError):
        swemwbs.classify_change(Decimal("19.25"), Decimal("22.35"), Decimal("3"))


@pytest.mark.parametrize("bad", [Decimal("0"), Decimal("-3"), Decimal("NaN")])
def test_classify_change_rejects_a_threshold_that_is_not_positive(bad):
    with pytest.raises(ValueError, match="positive number"):
        swemwbs.classify_change(Decimal("19.25"), Decimal("22.35"), threshold=bad)


def test_change_class_labels_are_plain_english():
    assert [label for _, label in ChangeClass.choices] == [
        "Improved",
        "No meaningful change",
        "Worse",
    ]


def test_default_threshold_is_3_when_the_setting_is_absent(settings):
    if hasattr(settings, "SWEMWBS_CHANGE_THRESHOLD"):
        del settings.SWEMWBS_CHANGE_THRESHOLD
    assert swemwbs.default_threshold() == Decimal("3")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2.87"), Decimal("2.87")),
        (2.87, Decimal("2.87")),
        ("1.03", Decimal("1.03")),
        (3, Decimal("3")),
    ],
)
def test_default_threshold_reads_the_setting(settings, value, expected):
    settings.SWEMWBS_CHANGE_THRESHOLD = value
    assert swemwbs.default_threshold() == expected


# The items and wording shown with the scale


def test_items_are_the_seven_statements_in_order():
    assert swemwbs.items() == [
        (1, "I've been feeling optimistic about the future"),
        (2, "I've been feeling useful"),
        (3, "I've been feeling relaxed"),
        (4, "I've been dealing with problems well"),
        (5, "I've been thinking clearly"),
        (6, "I've been feeling close to other people"),
        (7, "I've been able to make up my own mind about things"),
    ]


def test_items_with_a_gap_in_the_numbering_are_rejected(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("item,wording\n1,One\n2,Two\n4,Four\n", encoding="utf-8")
    with pytest.raises(swemwbs.ReferenceDataError, match="items 1 to 7 in order"):
        swemwbs.load_items(path)


def test_answer_choices_run_from_none_of_the_time_to_all_of_the_time():
    assert swemwbs.ANSWER_CHOICES == [
        (1, "None of the time"),
        (2, "Rarely"),
        (3, "Some of the time"),
        (4, "Often"),
        (5, "All of the time"),
    ]
    assert swemwbs.RECALL_PERIOD == "over the last 2 weeks"


def test_licence_notice_is_the_exact_registered_wording():
    assert swemwbs.LICENCE_NOTICE == (
        "Short Warwick Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, "
        "University of Warwick and University of Edinburgh, 2008, all rights reserved."
    )


@pytest.mark.skipif(
    not Path("/work/shared/reference/SOURCES.md").exists(),
    reason="shared reference notes not present",
)
def test_licence_notice_matches_the_shared_sources_note():
    assert swemwbs.LICENCE_NOTICE in Path("/work/shared/reference/SOURCES.md").read_text(
        encoding="utf-8"
    )


def test_project_sources_note_carries_the_licence_notice():
    sources = PROJECT_CONVERSION_CSV.parent / "SOURCES.md"
    text = " ".join(sources.read_text(encoding="utf-8").replace(">", " ").split())
    assert swemwbs.LICENCE_NOTICE in text
    assert "Warwick Medical School" in text


# Pairing "before" and follow-up answers: one rule for the staff results and the report

APRIL, JULY = date(2026, 4, 1), date(2026, 7, 1)  # 2026/27 Q1
BEFORE, FOLLOWUP = SurveyKind.WELLBEING_BEFORE, SurveyKind.WELLBEING_FOLLOWUP


def answered(person, kind, score, on):
    """A SWEMWBS answer with the metric score given (the seven answers do not matter here)."""
    WellbeingResponse.objects.create(
        cocreator=person,
        kind=kind,
        answers=[3] * 7,
        raw_total=21,
        metric_score=Decimal(score),
        answered_on=on,
    )


@pytest.mark.django_db
def test_a_before_answered_on_or_after_the_follow_up_is_not_paired():
    same_day, later = CoCreatorFactory(), CoCreatorFactory()
    answered(same_day, BEFORE, "10.00", date(2026, 5, 1))
    answered(same_day, FOLLOWUP, "20.00", date(2026, 5, 1))
    answered(later, FOLLOWUP, "20.00", date(2026, 5, 1))
    answered(later, BEFORE, "10.00", date(2026, 5, 2))

    assert swemwbs.wellbeing_pairs(APRIL, JULY, Decimal("3")) == (0, 0)


@pytest.mark.django_db
def test_the_latest_follow_up_in_the_period_pairs_with_the_first_before_it():
    person = CoCreatorFactory()
    answered(person, BEFORE, "10.00", date(2026, 1, 1))  # first: used
    answered(person, BEFORE, "18.00", date(2026, 2, 1))
    answered(person, FOLLOWUP, "11.00", date(2026, 4, 10))
    answered(person, FOLLOWUP, "13.00", date(2026, 6, 30))  # latest in the period: used
    answered(person, FOLLOWUP, "5.00", date(2026, 7, 1))  # the next period

    change = swemwbs.wellbeing_change(APRIL, JULY, Decimal("3"))

    assert (change.pairs, change.improved, change.no_change, change.worse) == (1, 1, 0, 0)


@pytest.mark.django_db
def test_a_change_of_exactly_the_threshold_counts_either_way():
    up, down, nearly = CoCreatorFactory(), CoCreatorFactory(), CoCreatorFactory()
    for person, after in ((up, "23.03"), (down, "17.03"), (nearly, "23.02")):
        answered(person, BEFORE, "20.03", date(2026, 1, 1))
        answered(person, FOLLOWUP, after, date(2026, 5, 1))

    change = swemwbs.wellbeing_change(APRIL, JULY, Decimal("3"))

    assert (change.pairs, change.improved, change.no_change, change.worse) == (3, 1, 1, 1)
    assert swemwbs.wellbeing_pairs(APRIL, JULY, Decimal("3")) == (3, 1)


@pytest.mark.django_db
def test_follow_ups_outside_the_period_or_without_a_before_are_not_paired():
    early, alone = CoCreatorFactory(), CoCreatorFactory()
    answered(early, BEFORE, "10.00", date(2026, 1, 1))
    answered(early, FOLLOWUP, "20.00", date(2026, 3, 31))
    answered(alone, FOLLOWUP, "20.00", date(2026, 5, 1))

    assert swemwbs.wellbeing_pairs(APRIL, JULY, Decimal("3")) == (0, 0)


@pytest.mark.django_db
def test_the_pairing_takes_one_query_however_many_people(django_assert_num_queries):
    for _ in range(5):
        person = CoCreatorFactory()
        answered(person, BEFORE, "10.00", date(2026, 1, 1))
        answered(person, FOLLOWUP, "20.00", date(2026, 5, 1))

    with django_assert_num_queries(1):
        assert swemwbs.wellbeing_pairs(APRIL, JULY, Decimal("3")) == (5, 5)


@pytest.mark.parametrize("threshold", ["0", "-1", "NaN"])
def test_the_pairing_refuses_a_threshold_that_is_not_positive(threshold):
    with pytest.raises(ValueError, match="positive"):
        swemwbs.wellbeing_pairs(APRIL, JULY, Decimal(threshold))
