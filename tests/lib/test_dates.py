"""Dates and times in words, in UK time, one way everywhere (cocreation.lib.dates)."""

import datetime
from datetime import UTC

import pytest
from django.template import Context, Template
from django.utils import timezone

from cocreation.lib.dates import (
    date_text,
    day_text,
    moment_text,
    month_text,
    session_text,
    time_text,
)


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        # Winter: UK time is GMT, the same as UTC.
        (utc(2026, 11, 17, 14, 0), "Tue 17 Nov 2026, 2pm"),
        (utc(2026, 11, 17, 14, 30), "Tue 17 Nov 2026, 2:30pm"),
        (utc(2026, 11, 17, 9, 5), "Tue 17 Nov 2026, 9:05am"),
        # Summer: UK time is BST, an hour ahead of UTC.
        (utc(2026, 7, 14, 13, 0), "Tue 14 Jul 2026, 2pm"),
        (utc(2026, 7, 14, 13, 45), "Tue 14 Jul 2026, 2:45pm"),
        # Midday and midnight, in words, in both seasons.
        (utc(2026, 11, 17, 12, 0), "Tue 17 Nov 2026, midday"),
        (utc(2026, 7, 14, 11, 0), "Tue 14 Jul 2026, midday"),
        (utc(2026, 11, 17, 0, 0), "Tue 17 Nov 2026, midnight"),
        # 11pm UTC on a summer Monday is midnight on Tuesday in the UK.
        (utc(2026, 7, 13, 23, 0), "Tue 14 Jul 2026, midnight"),
        (utc(2026, 11, 17, 0, 30), "Tue 17 Nov 2026, 12:30am"),
        (utc(2026, 11, 17, 12, 15), "Tue 17 Nov 2026, 12:15pm"),
    ],
)
def test_a_moment_is_said_in_uk_time(moment, words):
    assert moment_text(moment) == words


@pytest.mark.parametrize(
    ("starts", "ends", "words"),
    [
        (utc(2026, 11, 17, 14), utc(2026, 11, 17, 16), "Tue 17 Nov 2026, 2pm to 4pm"),
        (utc(2026, 7, 14, 13), utc(2026, 7, 14, 15), "Tue 14 Jul 2026, 2pm to 4pm"),
        (utc(2026, 7, 14, 9, 30), utc(2026, 7, 14, 11), "Tue 14 Jul 2026, 10:30am to midday"),
        # Across the clocks going back (2am BST on 25 October 2026 becomes 1am GMT): 2pm to
        # 4pm is 1pm to 3pm UTC on the Saturday, and 2pm to 4pm UTC on the Sunday.
        (utc(2026, 10, 24, 13), utc(2026, 10, 24, 15), "Sat 24 Oct 2026, 2pm to 4pm"),
        (utc(2026, 10, 25, 14), utc(2026, 10, 25, 16), "Sun 25 Oct 2026, 2pm to 4pm"),
        # A session that spans the change itself: 12:30am BST to 2am GMT.
        (utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 2), "Sun 25 Oct 2026, 12:30am to 2am"),
        # Across the clocks going forward (1am GMT on 29 March 2026 becomes 2am BST).
        (utc(2026, 3, 28, 14), utc(2026, 3, 28, 16), "Sat 28 Mar 2026, 2pm to 4pm"),
        (utc(2026, 3, 29, 13), utc(2026, 3, 29, 15), "Sun 29 Mar 2026, 2pm to 4pm"),
        # Ending at midnight ends on its own day; going past it names the next day.
        (utc(2026, 11, 17, 22), utc(2026, 11, 18, 0), "Tue 17 Nov 2026, 10pm to midnight"),
        (
            utc(2026, 11, 20, 22),
            utc(2026, 11, 21, 2),
            "Fri 20 Nov 2026, 10pm to Sat 21 Nov 2026, 2am",
        ),
        (utc(2026, 11, 17, 14), None, "Tue 17 Nov 2026, 2pm"),
    ],
)
def test_a_session_is_said_from_start_to_end(starts, ends, words):
    assert session_text(starts, ends) == words


def test_a_date_a_day_and_a_month():
    day = datetime.date(2026, 11, 17)
    assert date_text(day) == "17 November 2026"
    assert day_text(day) == "Tue 17 Nov 2026"
    assert month_text(day) == "November 2026"
    # A moment's date is its UK date: 11:30pm UTC on 30 June is 1 July in the UK.
    assert date_text(utc(2026, 6, 30, 23, 30)) == "1 July 2026"
    assert month_text(utc(2026, 6, 30, 23, 30)) == "July 2026"


def test_a_clock_time_alone():
    assert time_text(datetime.time(14)) == "2pm"
    assert time_text(datetime.time(0)) == "midnight"
    assert time_text(datetime.time(12)) == "midday"
    assert time_text(utc(2026, 7, 14, 13, 5)) == "2:05pm"


def test_uk_time_whatever_time_zone_is_active():
    with timezone.override("America/New_York"):
        assert moment_text(utc(2026, 11, 17, 14)) == "Tue 17 Nov 2026, 2pm"


def test_the_filters_are_on_every_template_without_loading():
    template = Template(
        "{{ when|uk_moment }}|{{ when|uk_session:until }}|{{ when|uk_date }}|{{ when|uk_day }}"
        "|{{ when|uk_time }}|{{ when|uk_month }}|{{ nothing|uk_date|default:'Not given' }}"
    )
    html = template.render(
        Context({"when": utc(2026, 7, 14, 13), "until": utc(2026, 7, 14, 15), "nothing": None})
    )
    assert html == (
        "Tue 14 Jul 2026, 2pm|Tue 14 Jul 2026, 2pm to 4pm|14 July 2026|Tue 14 Jul 2026"
        "|2pm|July 2026|Not given"
    )
