"""Small-number suppression: the one rule for every figure shown outside the staff team."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreation.lib.disclosure import SUPPRESSED, safe_count, safe_percentage


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (0, 0),
        (1, "*"),
        (7, "*"),
        (8, 10),
        (12, 10),
        (13, 15),
        (17, 15),
        (18, 20),
        (22, 20),
        (23, 25),
        (1003, 1005),
    ],
)
def test_worked_examples(n, shown):
    assert safe_count(n).shown == shown


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_is_zero_suppressed_or_a_multiple_of_five_within_two_and_a_half(n):
    shown = safe_count(n).shown
    if n == 0:
        assert shown == 0
    elif n <= 7:
        assert shown == SUPPRESSED
    else:
        assert shown % 5 == 0
        assert abs(shown - n) <= 2.5
        assert shown >= 10


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_a_percentage_is_suppressed_when_either_count_is_and_otherwise_uses_the_rounded_counts(
    num, den
):
    result = safe_percentage(num, den)
    n, d = safe_count(num), safe_count(den)
    if n.suppressed or d.suppressed or d.shown == 0:
        assert result == SUPPRESSED
    else:
        assert result.endswith("%")
        assert abs(Decimal(result[:-1]) - Decimal(n.shown * 100) / Decimal(d.shown)) <= Decimal(
            "0.05"
        )


def test_a_negative_count_is_a_mistake():
    with pytest.raises(ValueError):
        safe_count(-1)


def test_counts_print_with_thousands_separators():
    assert str(safe_count(12345)) == "12,345"
    assert str(safe_count(3)) == "*"
