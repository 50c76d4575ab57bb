"""iCalendar (RFC 5545) text for the public calendar feed and each person's private feed.

Times are written in UTC (a trailing Z), which every calendar app shows in its own time zone, so
no VTIMEZONE is needed. Awareness dates are all-day events that do not mark anyone as busy.
Nothing here names a person: no lead, no attendees, no counts.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vDuration

from .models import (
    LEVEL_MEANINGS,
    Activity,
    ActivityStatus,
    AwarenessDate,
    EngagementLevel,
    SignUp,
    SignUpStatus,
)
from .selectors.words import when_in_words, where_in_words

REFRESH = datetime.timedelta(hours=6)


def _base_calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.ORGANISATION_NAME}//{settings.SERVICE_NAME}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def _calendar(name: str, description: str) -> Calendar:
    cal = _base_calendar("PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", description)
    # How often a subscribed calendar app should look again (RFC 7986, and Outlook's own name).
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    return cal


def _activity_description(activity: Activity, url: str | None, extra: str = "") -> str:
    level = EngagementLevel(activity.level)
    parts = [extra, activity.summary.strip()]
    parts.append(f"How you take part: {level.label}. {LEVEL_MEANINGS[level]}")
    if activity.audience:
        parts.append(f"Who it is for: {activity.audience}")
    if activity.access_provisions:
        parts.append(f"Help to take part: {activity.access_provisions.strip()}")
    if activity.recognition:
        parts.append(f"Recognition: {activity.recognition}")
    if url:
        parts.append(f"More about this activity: {url}")
    return "\n\n".join(p for p in parts if p)


def activity_event(
    activity: Activity,
    *,
    uid: str,
    stamp: datetime.datetime,
    url: str | None,
    status: str | None = None,
    extra: str = "",
) -> Event:
    """One activity as a VEVENT, times in UTC."""
    cancelled = activity.status == ActivityStatus.CANCELLED
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("last-modified", activity.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", activity.starts_at.astimezone(datetime.UTC))
    event.add("dtend", activity.ends_at.astimezone(datetime.UTC))
    event.add("summary", f"Cancelled: {activity.title}" if cancelled else activity.title)
    event.add("description", _activity_description(activity, url, extra))
    event.add("location", where_in_words(activity))
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else (status or "CONFIRMED"))
    # One more with each change of time, place or link and on cancelling, so calendars that
    # already hold the event replace it (RFC 5545 3.8.7.4).
    event.add("sequence", activity.sequence)
    event.add("transp", "OPAQUE")
    return event


def awareness_event(awareness: AwarenessDate, *, uid: str, stamp: datetime.datetime) -> Event:
    """An awareness or community date as an all-day VEVENT that does not make anyone busy."""
    last_day = awareness.ends_on or awareness.starts_on
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", awareness.starts_on)
    # DTEND of an all-day event is the day after the last day (RFC 5545 3.6.1).
    event.add("dtend", last_day + datetime.timedelta(days=1))
    event.add("summary", awareness.name)
    if awareness.description:
        event.add("description", awareness.description)
    event.add("categories", ["Awareness date"])
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def public_calendar(
    *,
    activities: Iterable[Activity],
    awareness_dates: Iterable[AwarenessDate],
    host: str,
    activity_url,
) -> bytes:
    """The public feed: public activities (cancelled ones marked so) and awareness dates.

    `activity_url(activity)` gives the absolute address of an activity's public page.
    """
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    cal = _calendar(
        f"{settings.SERVICE_NAME} events",
        f"Public co-creation activities and awareness dates from {settings.ORGANISATION_NAME}.",
    )
    for activity in activities:
        cancelled = activity.status == ActivityStatus.CANCELLED
        cal.add_component(
            activity_event(
                activity,
                uid=f"activity-{activity.pk}@{host}",
                stamp=stamp,
                url=None if cancelled else activity_url(activity),
            )
        )
    for awareness in awareness_dates:
        cal.add_component(
            awareness_event(awareness, uid=f"awareness-{awareness.pk}@{host}", stamp=stamp)
        )
    return cal.to_ical()


def personal_calendar(*, signups: Iterable[SignUp], host: str, activity_url) -> bytes:
    """A person's private feed: the activities they hold a place for, and (as tentative) those
    they are waiting for. `activity_url(activity)` gives a page address, or None."""
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    cal = _calendar(
        f"My {settings.SERVICE_NAME} bookings",
        "The co-creation activities you have signed up for. This calendar is private to you.",
    )
    for signup in signups:
        activity = signup.activity
        waiting = signup.status == SignUpStatus.WAITING
        extra = (
            "You are on the waiting list for this activity. We will let you know if a "
            "place becomes free."
            if waiting
            else f"You have a place at this activity: {when_in_words(activity.starts_at, activity.ends_at)}."
        )
        cal.add_component(
            activity_event(
                activity,
                uid=f"signup-{signup.pk}@{host}",
                stamp=stamp,
                url=activity_url(activity),
                status="TENTATIVE" if waiting else "CONFIRMED",
                extra=extra,
            )
        )
    return cal.to_ical()


def _attachment_ics(activities: Iterable[Activity], *, method: str, event_for) -> str:
    """Activities as a small .ics file to attach to an email, each event under the public feed's
    UID for the activity at the site's own address (so a calendar that took it from the feed or an
    earlier email updates it) with the activity's SEQUENCE; `event_for(activity)` gives the extra
    text and whether the event is cancelled."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    cal = _base_calendar(method)
    for activity in activities:
        extra, cancelled = event_for(activity)
        event = activity_event(
            activity, uid=f"activity-{activity.pk}@{host}", stamp=stamp, url=None, extra=extra
        )
        if cancelled:
            event.pop("status")
            event.add("status", "CANCELLED")
        cal.add_component(event)
    return cal.to_ical().decode()


def _joining_text(activity: Activity) -> str:
    return f"Join online: {activity.joining_link}" if activity.joining_link else ""


def activity_ics(
    activity: Activity, *, cancelled: bool = False, with_joining_link: bool = False
) -> str:
    """One activity as a small .ics file to attach to an email (a booking, a change, a cancelling).

    A cancelled one (or `cancelled=True`) carries METHOD:CANCEL and STATUS:CANCELLED, which mail
    and calendar apps read as "remove this event". The joining link only for someone who holds a
    place (`with_joining_link`): never in the public feed.
    """
    cancelled = cancelled or activity.status == ActivityStatus.CANCELLED
    extra = _joining_text(activity) if with_joining_link and not cancelled else ""
    return _attachment_ics(
        [activity],
        method="CANCEL" if cancelled else "PUBLISH",
        event_for=lambda _activity: (extra, cancelled),
    )


def activities_ics(activities: Iterable[Activity]) -> str:
    """Several activities a person holds places at (a series booked whole) as one .ics file, each
    event with its joining link, as `activity_ics`."""
    return _attachment_ics(
        activities, method="PUBLISH", event_for=lambda activity: (_joining_text(activity), False)
    )
