"""Times, hours and levels in the words people use."""

from datetime import timedelta
from decimal import Decimal

import pytest

from activities.selectors.words import hours_in_words, level_in_words, when_in_words
from tests.activities.conftest import at


@pytest.mark.parametrize(
    ("starts", "hours", "words"),
    [
        (at(2027, 3, 2, 18), 2, "Tue 2 Mar 2027, 6pm to 8pm"),
        (at(2027, 3, 2, 10, 30), 1.5, "Tue 2 Mar 2027, 10:30am to midday"),
        (at(2027, 7, 3, 9), 3, "Sat 3 Jul 2027, 9am to midday"),  # summer time
        (at(2027, 3, 2, 22), 2, "Tue 2 Mar 2027, 10pm to midnight"),
        (at(2027, 3, 2, 23), 2, "Tue 2 Mar 2027, 11pm to Wed 3 Mar 2027, 1am"),
    ],
)
def test_a_session_time_reads_as_people_say_it_in_uk_time(starts, hours, words):
    assert when_in_words(starts, starts + timedelta(hours=hours)) == words


def test_a_time_given_in_utc_is_shown_in_uk_summer_time():
    from datetime import UTC, datetime

    assert when_in_words(datetime(2027, 7, 3, 17, 0, tzinfo=UTC)) == "Sat 3 Jul 2027, 6pm"


@pytest.mark.parametrize(
    ("hours", "words"),
    [
        (Decimal("1.00"), "1 hour"),
        (Decimal("2.50"), "2.5 hours"),
        (Decimal("10.00"), "10 hours"),
        (Decimal("0.25"), "0.25 hours"),
        (Decimal("0"), "0 hours"),
    ],
)
def test_hours_read_without_trailing_noughts(hours, words):
    assert hours_in_words(hours) == words


def test_a_level_reads_as_its_meaning_with_its_name():
    assert level_in_words(1) == (
        "One-way information: we tell people what is happening and why (Inform)."
    )
