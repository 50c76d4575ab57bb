"""Activities in words, as people say them: when, where, how long, at what level."""

from datetime import date
from decimal import Decimal

from cocreation.lib.dates import day_text, session_text, time_text

from ..models import LEVEL_MEANINGS, Activity, ActivityFormat, EngagementLevel


def clock_in_words(moment) -> str:
    return time_text(moment)


def day_in_words(moment) -> str:
    return day_text(moment)


def when_in_words(starts_at, ends_at=None) -> str:
    """A session's time as people say it, in UK time: "Tue 2 Mar 2027, 6pm to 8pm"."""
    return session_text(starts_at, ends_at)


def hours_in_words(hours: Decimal) -> str:
    """2.50 -> "2.5 hours", 1 -> "1 hour"."""
    number = f"{Decimal(hours).normalize():f}"
    return f"{number} hour" if number == "1" else f"{number} hours"


def level_in_words(level: int) -> str:
    """The level's meaning, with its name: "People help shape the process and the outcomes (Involve)"."""
    meaning = LEVEL_MEANINGS[EngagementLevel(level)]
    return f"{meaning.rstrip('.')} ({EngagementLevel(level).label})."


def where_in_words(activity: Activity) -> str:
    """Where an activity happens, for the public: "Online", or the venue and area."""
    place = ", ".join(p for p in (activity.venue, str(activity.locality or "")) if p)
    if activity.format == ActivityFormat.ONLINE:
        return "Online"
    if activity.format == ActivityFormat.HYBRID:
        return f"{place}, or online" if place else "In person or online"
    return place or "To be confirmed"


def date_range_in_words(starts_on: date, ends_on: date | None) -> str:
    """A span of days in words: "10 October 2026", "11 to 17 May 2026", "23 February to 1 March 2026"."""
    end = ends_on or starts_on
    if end == starts_on:
        return f"{starts_on.day} {starts_on:%B %Y}"
    if (starts_on.year, starts_on.month) == (end.year, end.month):
        return f"{starts_on.day} to {end.day} {end:%B %Y}"
    if starts_on.year == end.year:
        return f"{starts_on.day} {starts_on:%B} to {end.day} {end:%B %Y}"
    return f"{starts_on.day} {starts_on:%B %Y} to {end.day} {end:%B %Y}"
