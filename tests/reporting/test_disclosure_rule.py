"""The small-number rule every report figure goes through, as properties (hypothesis).

0 shows as 0, 1 to 7 as "*", 8 and above rounded to the nearest 5; a percentage from the rounded
figures, "*" if either is suppressed; a mean only where n is 8 or more.
"""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreation.lib.disclosure import (
    SUPPRESSED,
    safe_count,
    safe_hours,
    safe_mean,
    safe_percentage,
    safe_share,
    shown_difference,
)
from reporting.reports.shaping import percentage, plain_count

counts = st.integers(min_value=0, max_value=10**7)
small = st.integers(min_value=1, max_value=7)
big = st.integers(min_value=8, max_value=10**7)
hours = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


def _number(text: str) -> Decimal:
    return Decimal(text.rstrip("%").replace(",", ""))


@given(counts)
def test_a_shown_count_is_0_a_star_or_a_multiple_of_5_within_2_and_a_half(n):
    shown = safe_count(n).shown
    if n == 0:
        assert shown == 0
    elif n <= 7:
        assert shown == SUPPRESSED
    else:
        assert shown % 5 == 0
        assert abs(shown - n) <= Decimal("2.5")


@given(counts)
def test_no_count_from_1_to_7_is_ever_shown(n):
    shown = safe_count(n).shown
    assert shown not in range(1, 8)
    assert str(safe_count(n)) not in {str(i) for i in range(1, 8)}


@given(counts, counts)
def test_rounding_never_reverses_the_order_of_two_counts(a, b):
    low, high = sorted((a, b))
    shown_low, shown_high = safe_count(low).shown, safe_count(high).shown
    if SUPPRESSED not in (shown_low, shown_high):
        assert shown_low <= shown_high


@given(counts, counts)
def test_a_percentage_is_a_star_whenever_either_count_is_suppressed(numerator, denominator):
    num, den = safe_count(numerator), safe_count(denominator)
    if num.suppressed or den.suppressed:
        assert safe_percentage(numerator, denominator) == SUPPRESSED
        assert safe_share(numerator, denominator) in (SUPPRESSED, "")


@given(big, big)
def test_a_percentage_is_worked_out_from_the_rounded_counts(a, b):
    numerator, denominator = sorted((a, b))
    shown = safe_share(numerator, denominator)
    assert shown.endswith("%")
    expected = Decimal(safe_count(numerator).shown * 100) / Decimal(safe_count(denominator).shown)
    assert abs(_number(shown) - expected) <= Decimal("0.05")
    # One decimal place, and never more than 100% when the part is no bigger than the whole.
    assert len(shown.split(".")[1]) == 2
    assert _number(shown) <= 100


@given(counts)
def test_with_nothing_to_divide_by_there_is_no_percentage(numerator):
    assert safe_share(numerator, 0) == ""


@given(st.integers(min_value=0, max_value=10**6), small)
def test_a_mean_is_not_shown_below_8(total, n):
    assert safe_mean(total, n) == SUPPRESSED
    assert safe_mean(total, 0) == ""


@given(st.integers(min_value=0, max_value=10**6), big)
def test_a_mean_from_8_or_more_is_the_true_mean_to_one_place(total, n):
    shown = safe_mean(total, n)
    assert abs(Decimal(shown) - Decimal(total) / n) <= Decimal("0.05")


@given(hours, st.integers(min_value=0, max_value=10**4))
def test_a_weighted_mean_needs_8_people_and_some_weight(total, people):
    shown = safe_mean(total, people, divisor=Decimal(10), places="0.01")
    if people == 0:
        assert shown == ""
    elif people < 8:
        assert shown == SUPPRESSED
    else:
        assert Decimal(shown) == (total / 10).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert safe_mean(total, max(people, 8), divisor=0) == ""


@given(hours, st.integers(min_value=0, max_value=10**4))
def test_hours_follow_the_rule_by_the_number_of_different_people(total, people):
    shown = safe_hours(total, people)
    if people == 0:
        assert shown == "0"
    elif people < 8:
        assert shown == SUPPRESSED
    else:
        value = _number(shown)
        assert value % 5 == 0
        assert abs(value - total) <= Decimal("2.5")


@given(counts, counts)
def test_a_change_is_worked_out_from_the_shown_figures(a, b):
    earlier, later = safe_share(min(a, b), max(a, b)), safe_share(min(a, b) // 2, max(a, b))
    change = shown_difference(earlier, later)
    if SUPPRESSED in (earlier, later):
        assert change == SUPPRESSED
    elif "" in (earlier, later):
        assert change == ""
    else:
        assert Decimal(change) == _number(later) - _number(earlier)
        assert change == "0.0" or change[0] in "+-"


@given(counts, counts)
def test_a_report_percentage_shows_its_own_numerator_and_denominator(a, b):
    numerator, denominator = sorted((a, b))
    shown = percentage(numerator, denominator)
    assert shown["numerator"] == str(safe_count(numerator))
    assert shown["denominator"] == str(safe_count(denominator))
    if SUPPRESSED in (shown["numerator"], shown["denominator"]):
        assert shown["value"] == SUPPRESSED
    count = plain_count(a)
    assert count["value"] == count["numerator"] == str(safe_count(a))
    assert count["denominator"] == ""


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, "0"), (1, "*"), (7, "*"), (8, "10"), (12, "10"), (13, "15"), (1003, "1,005")],
)
def test_worked_examples(n, shown):
    assert str(safe_count(n)) == shown


def test_worked_examples_for_hours_means_and_changes():
    assert safe_hours(Decimal("232.00"), 22) == "230"
    assert safe_hours(Decimal("6"), 3) == "*"
    # One person at 9 two-hour sessions: 9 records, but 1 person, so their hours are not shown.
    assert safe_hours(Decimal("18"), 1) == "*"
    assert safe_mean(Decimal("232"), 22, divisor=Decimal("70"), places="0.01") == "3.31"
    assert safe_mean(Decimal("630"), 9) == "70.0"
    assert shown_difference("66.7%", "50.0%") == "-16.7"
    assert shown_difference("70.0", "74.0") == "+4.0"
    assert shown_difference("*", "50.0%") == SUPPRESSED
    assert shown_difference("", "50.0%") == ""


def test_negative_counts_are_mistakes():
    with pytest.raises(ValueError):
        safe_hours(Decimal(1), -1)
    with pytest.raises(ValueError):
        safe_mean(1, -1)
