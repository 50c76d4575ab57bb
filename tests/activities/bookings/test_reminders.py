"""Reminders: the day before after REMINDER_HOUR, on the morning after MORNING_REMINDER_HOUR for
people who asked, once each however often the beat runs."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from activities.bookings.services import reminders_send
from activities.models import ActivityStatus, SignUpStatus
from activities.tasks import send_reminders
from community.models import Message
from tests.activities.factories import ActivityFactory, SignUpFactory
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(day, hour, minute=0):
    return dt.datetime(2027, 1, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def tomorrow_session(db):
    """A session on Tuesday 12 January 2027 at 2pm, seen from Monday the 11th."""
    return ActivityFactory(title="Carers' group", starts_at=at(12, 14))


def _book(activity, person=None, status=SignUpStatus.BOOKED):
    return SignUpFactory(activity=activity, cocreator=person or CoCreatorFactory(), status=status)


def test_two_beat_runs_send_one_reminder_the_day_before(
    tomorrow_session, mailoutbox, django_capture_on_commit_callbacks
):
    signup = _book(tomorrow_session)
    with time_machine.travel(at(11, 10, 5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders()
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders()
    (message,) = Message.objects.filter(kind="reminder_day_before")
    assert message.key == f"reminder-day-before:{signup.pk}:2027-01-12"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Reminder: Carers' group is tomorrow"


def test_nothing_before_the_hour_set(tomorrow_session, settings):
    _book(tomorrow_session)
    settings.REMINDER_HOUR = 16
    assert reminders_send(now=at(11, 15, 59)) == 0
    assert not Message.objects.exists()
    reminders_send(now=at(11, 16))
    assert Message.objects.filter(kind="reminder_day_before").count() == 1


def test_the_default_hour_is_ten():
    assert settings.REMINDER_HOUR == 10 and settings.MORNING_REMINDER_HOUR == 7


def test_not_for_waiting_withdrawn_or_cancelled(tomorrow_session):
    _book(tomorrow_session, status=SignUpStatus.WAITING)
    _book(tomorrow_session, status=SignUpStatus.WITHDRAWN)
    cancelled = ActivityFactory(starts_at=at(12, 15))
    _book(cancelled)
    cancelled.status = ActivityStatus.CANCELLED
    cancelled.save()
    reminders_send(now=at(11, 12))
    assert not Message.objects.exists()


def test_not_for_sessions_later_than_tomorrow(db):
    _book(ActivityFactory(starts_at=at(13, 9)))
    reminders_send(now=at(11, 12))
    assert not Message.objects.exists()


def test_a_morning_reminder_only_for_those_who_asked(db):
    session = ActivityFactory(starts_at=at(12, 14))
    asked = _book(session, CoCreatorFactory(morning_reminder=True))
    _book(session, CoCreatorFactory(morning_reminder=False))
    assert reminders_send(now=at(12, 6, 59)) == 0  # before MORNING_REMINDER_HOUR
    assert reminders_send(now=at(12, 7, 30)) == 1
    assert reminders_send(now=at(12, 8)) == 0
    (message,) = Message.objects.filter(kind="reminder_morning")
    assert message.key == f"reminder-morning:{asked.pk}:2027-01-12"
    assert message.context["day_word"] == "today"


def test_no_morning_reminder_once_the_session_has_started(db):
    session = ActivityFactory(starts_at=at(12, 8))
    _book(session, CoCreatorFactory(morning_reminder=True))
    reminders_send(now=at(12, 9))
    assert not Message.objects.filter(kind="reminder_morning").exists()


def test_the_beat_runs_the_reminders_every_few_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["booking-reminders"]
    assert entry["task"] == "activities.send_reminders"
    assert entry["schedule"] <= 600


def test_a_session_moved_to_another_day_is_reminded_of_again_before_its_new_day(
    tomorrow_session,
):
    _book(tomorrow_session)
    assert reminders_send(now=at(11, 12)) == 1
    # Staff move it from Tuesday the 12th to Thursday the 14th after the reminder went.
    tomorrow_session.starts_at, tomorrow_session.ends_at = at(14, 14), at(14, 16)
    tomorrow_session.save()
    assert reminders_send(now=at(13, 12)) == 1
    assert reminders_send(now=at(13, 13)) == 0
    assert Message.objects.filter(kind="reminder_day_before").count() == 2
