"""Telling a person about their place: booked, on the waiting list, moved, offered from the
waiting list, cancelled, and reminders before the session.

Each goes through `person_notify` (community's one pipeline), by the person's own channel: an
email with the event's `.ics`, a text message, or a line on the staff's "to contact" list for
people who asked for post or a phone call. Keys make each one once per booking and kind: a
booking is a place's id and the moment it was made (re-booking after cancelling makes a new one).
Nothing is sent about a place that is not in the state the message is about.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from cocreation.lib.dates import session_text
from cocreation.lib.links import absolute_url
from community.messaging.notices import person_notify

from ..ical import activities_ics, activity_ics
from ..models import Activity, ActivityStatus, SignUp, SignUpStatus
from ..selectors.words import where_in_words

TEMPLATES = "activities/email/"
ICS_MIMETYPE = "text/calendar"


def ics_attachment(activity: Activity, *, cancelled: bool = False) -> dict:
    """The event's `.ics` as `person_notify` attaches it (METHOD:CANCEL when cancelled)."""
    return {
        "filename": "cancelled-event.ics" if cancelled else "event.ics",
        "content": activity_ics(activity, cancelled=cancelled, with_joining_link=not cancelled),
        "mimetype": ICS_MIMETYPE,
    }


def booking_stamp(signup: SignUp) -> str:
    """Which booking of this place: the moment it was made, to the microsecond."""
    return signup.created_at.strftime("%Y%m%dT%H%M%S%f")


def activity_context(activity: Activity) -> dict:
    """What every booking message says about the activity, as plain values for the worker."""
    return {
        "activity_title": activity.title,
        "activity_when": session_text(activity.starts_at, activity.ends_at),
        "activity_venue": where_in_words(activity),
        "joining_link": activity.joining_link or "",
        "my_activities_url": absolute_url(reverse("activities:my-activities")),
    }


def _send(signup: SignUp, *, kind, key, template, context=None, files=(), due_on=None):
    return person_notify(
        cocreator_id=signup.cocreator_id,
        kind=kind,
        key=key,
        template=TEMPLATES + template,
        context={**activity_context(signup.activity), **(context or {})},
        attachments=list(files) or None,
        due_on=due_on,
    )


def booking_confirmation_send(*, signup: SignUp, by_staff: bool = False):
    """A place booked, or a place on the waiting list: say which, with the event attached."""
    if signup.status not in (SignUpStatus.BOOKED, SignUpStatus.WAITING):
        return None
    waiting = signup.status == SignUpStatus.WAITING
    name = "booking-waiting" if waiting else "booking-confirmed"
    return _send(
        signup,
        kind=name.replace("-", "_"),
        key=f"{name}:{signup.pk}:{booking_stamp(signup)}",
        template="booking_waiting" if waiting else "booking_confirmed",
        context={"by_staff": by_staff},
        # Someone waiting holds no place yet: their calendar gets the event when they do.
        files=[] if waiting else [ics_attachment(signup.activity)],
    )


def booking_cancelled_send(*, signup: SignUp, was_waiting: bool, by_staff: bool = False):
    """A place (or a place on the waiting list) cancelled; the attachment removes the event."""
    if signup.status != SignUpStatus.WITHDRAWN:
        return None
    return _send(
        signup,
        kind="booking_cancelled",
        key=f"booking-cancelled:{signup.pk}:{booking_stamp(signup)}",
        template="booking_cancelled",
        context={"was_waiting": was_waiting, "by_staff": by_staff},
        files=[] if was_waiting else [ics_attachment(signup.activity, cancelled=True)],
    )


def booking_moved_send(*, signup: SignUp, old: SignUp, old_was_booked: bool = True):
    """Moved from one activity to another: the new place (or waiting place) and the old one gone."""
    if signup.status not in (SignUpStatus.BOOKED, SignUpStatus.WAITING):
        return None
    waiting = signup.status == SignUpStatus.WAITING
    old_activity = old.activity
    return _send(
        signup,
        kind="booking_moved",
        key=f"booking-moved:{signup.pk}:{booking_stamp(signup)}",
        template="booking_moved",
        context={
            "waiting": waiting,
            "old_title": old_activity.title,
            "old_when": session_text(old_activity.starts_at, old_activity.ends_at),
        },
        files=[
            *([] if waiting else [ics_attachment(signup.activity)]),
            *([ics_attachment(old_activity, cancelled=True)] if old_was_booked else []),
        ],
    )


def series_booking_send(*, series, booked: list[SignUp], waiting: list[SignUp], by_staff=False):
    """One message for a series booked whole (not one a session): the sessions with a place and
    those on a waiting list, with every booked session in one `.ics` file."""
    signups = [*booked, *waiting]
    if not signups:
        return None
    latest = max(signups, key=lambda s: (s.created_at, s.pk))
    return person_notify(
        cocreator_id=latest.cocreator_id,
        kind="series_booked",
        key=f"series-booked:{series.pk}:{latest.cocreator_id}:{booking_stamp(latest)}",
        template=TEMPLATES + "series_booked",
        context={
            "series_title": series.title,
            "booked": [session_text(s.activity.starts_at, s.activity.ends_at) for s in booked],
            "waiting": [session_text(s.activity.starts_at, s.activity.ends_at) for s in waiting],
            "activity_venue": where_in_words(latest.activity),
            "by_staff": by_staff,
            "my_activities_url": absolute_url(reverse("activities:my-activities")),
        },
        attachments=[
            {
                "filename": "events.ics",
                "content": activities_ics(s.activity for s in booked),
                "mimetype": ICS_MIMETYPE,
            }
        ]
        if booked
        else None,
    )


def place_offered_send(*, signup: SignUp):
    """A place that came up, given to the next person waiting."""
    if signup.status != SignUpStatus.BOOKED:
        return None
    return _send(
        signup,
        kind="waiting_list_place",
        key=f"waiting-list-place:{signup.pk}:{booking_stamp(signup)}",
        template="place_freed",
        files=[ics_attachment(signup.activity)],
    )


def reminder_key(signup: SignUp, *, morning: bool) -> str:
    """One reminder of each kind per place and session day: a session moved to another day
    (activities/changes) is reminded of again, on its new day."""
    day = timezone.localdate(signup.activity.starts_at).isoformat()
    return f"{'reminder-morning' if morning else 'reminder-day-before'}:{signup.pk}:{day}"


def reminder_send(*, signup: SignUp, morning: bool, due_on: datetime.date | None = None):
    """The reminder the day before a session, or on its morning; once per place and kind."""
    activity = signup.activity
    if signup.status != SignUpStatus.BOOKED or activity.status == ActivityStatus.CANCELLED:
        return None
    return _send(
        signup,
        kind="reminder_morning" if morning else "reminder_day_before",
        key=reminder_key(signup, morning=morning),
        template="reminder",
        context={"day_word": "today" if morning else "tomorrow"},
        due_on=due_on,
    )
