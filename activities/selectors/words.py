"""Activities in words, as people say them: when, where, how long, at what level."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from ..models import LEVEL_MEANINGS, Activity, ActivityFormat, EngagementLevel


def clock_in_words(moment) -> str:
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def day_in_words(moment) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def when_in_words(starts_at, ends_at=None) -> str:
    """A session's time as people say it, in UK time: "Tuesday 2 March 2027, 6pm to 8pm"."""
    start = timezone.localtime(starts_at)
    text = f"{day_in_words(start)}, {clock_in_words(start)}"
    if ends_at is None:
        return text
    end = timezone.localtime(ends_at)
    # A session ending at midnight ends "at midnight" on its own day, as people say it.
    end_day = (end - timedelta(microseconds=1)).date() if end.time() == time(0) else end.date()
    if end_day == start.date():
        return f"{text} to {clock_in_words(end)}"
    return f"{text} to {day_in_words(end)}, {clock_in_words(end)}"


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
