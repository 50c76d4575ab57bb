"""Dates and times in words, in UK time, one way everywhere.

- a day: "17 November 2026" (`date_text`), or "Tue 17 Nov 2026" with its weekday (`day_text`);
- a moment: "Tue 17 Nov 2026, 2:30pm" (`moment_text`);
- a session: "Tue 17 Nov 2026, 2pm to 4pm" (`session_text`);
- a month: "November 2026" (`month_text`).

Times are said as people say them ("2pm", "2:30pm", "midday", "midnight"), and every aware
datetime is first turned into UK time (Europe/London: GMT in winter, BST in summer), whatever
time zone is active, so a page, an email and a download all say the same.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from .periods import MONTH_NAMES

UK = ZoneInfo("Europe/London")
# Spelt out here rather than taken from strftime, which follows the machine's locale.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def in_uk(moment: datetime.datetime) -> datetime.datetime:
    """An aware datetime in UK time; a naive one is taken to be UK time already."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment
    return moment.astimezone(UK)


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return in_uk(value).date()
    return value


def time_text(value: datetime.datetime | datetime.time) -> str:
    """A clock time as people say it: "2pm", "2:30pm", "midday", "midnight"."""
    if isinstance(value, datetime.datetime):
        value = in_uk(value).time()
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def date_text(value: datetime.date | datetime.datetime) -> str:
    """A date in full: "17 November 2026"."""
    day = _day(value)
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def day_text(value: datetime.date | datetime.datetime) -> str:
    """A date with its weekday, short: "Tue 17 Nov 2026"."""
    day = _day(value)
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def month_text(value: datetime.date | datetime.datetime) -> str:
    """A month: "November 2026"."""
    day = _day(value)
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def moment_text(value: datetime.datetime) -> str:
    """A moment: "Tue 17 Nov 2026, 2:30pm"."""
    local = in_uk(value)
    return f"{day_text(local)}, {time_text(local)}"


def session_text(starts_at: datetime.datetime, ends_at: datetime.datetime | None = None) -> str:
    """A session's time: "Tue 17 Nov 2026, 2pm to 4pm".

    One ending on another day names that day too ("Fri 20 Nov 2026, 10pm to Sat 21 Nov 2026,
    2am"); one ending at midnight ends "to midnight" on its own day, as people say it.
    """
    start = in_uk(starts_at)
    text = moment_text(start)
    if ends_at is None:
        return text
    end = in_uk(ends_at)
    end_day = end.date()
    if end.time() == datetime.time(0) and end_day > start.date():
        end_day -= datetime.timedelta(days=1)
    if end_day == start.date():
        return f"{text} to {time_text(end)}"
    return f"{text} to {moment_text(end)}"
