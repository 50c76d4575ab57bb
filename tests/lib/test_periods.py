"""NHS financial-year periods."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreation.lib.periods import make_period, parse_slug, period_containing


@pytest.mark.parametrize(
    ("day", "kind", "label"),
    [
        (date(2026, 4, 1), "quarter", "2026/27 Q1 (April to June 2026)"),
        (date(2026, 11, 26), "quarter", "2026/27 Q3 (October to December 2026)"),
        (date(2027, 3, 31), "quarter", "2026/27 Q4 (January to March 2027)"),
        (date(2027, 1, 15), "half", "2026/27 H2 (October 2026 to March 2027)"),
        (date(2026, 6, 30), "year", "2026/27 (April 2026 to March 2027)"),
        (date(2000, 3, 31), "year", "1999/00 (April 1999 to March 2000)"),
    ],
)
def test_labels_read_as_the_steering_group_expects(day, kind, label):
    assert period_containing(day, kind).label == label


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["quarter", "half", "year"]),
)
def test_every_day_falls_in_exactly_its_period(day, kind):
    period = period_containing(day, kind)
    assert period.start <= day < period.end
    assert period.previous().end == period.start
    assert parse_slug(period.slug) == period


def test_the_same_period_a_year_before():
    assert make_period("quarter", 2026, 2).same_period_a_year_before() == make_period(
        "quarter", 2025, 2
    )


@pytest.mark.parametrize("bad", ["2026-q5", "2026-h3", "x-q1", "2026", "2026-week"])
def test_a_bad_period_slug_is_refused(bad):
    with pytest.raises(ValueError):
        parse_slug(bad)
