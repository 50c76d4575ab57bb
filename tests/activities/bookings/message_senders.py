"""How each booking message is sent in real life, for tests/community/test_every_message_kind.py:
each to someone who chose email and someone who chose text messages, about an activity whose
title and venue are typed with an apostrophe, an ampersand, a "<" and quotes."""

import datetime as dt

from django.utils import timezone

from activities.bookings.services import booking_move, reminders_send
from activities.models import SignUpStatus
from activities.services import signup_create, signup_withdraw
from tests.activities.factories import ActivityFactory, SignUpFactory
from tests.community.factories import CoCreatorFactory, UserFactory

TYPED = 'Carers\' pack & <more> "soon"'


def _people():
    return [
        CoCreatorFactory(
            full_name="Siobhán O'Neil & Co", email="siobhan@example.org", prefers_email=True
        ),
        CoCreatorFactory(
            full_name="Tomás D'Arcy & family",
            email="",
            prefers_email=False,
            prefers_sms=True,
            phone="07700 900123",
        ),
    ]


def _activity(**fields):
    return ActivityFactory(title=TYPED, venue=TYPED, **fields)


def send_confirmed(staff_client, host):
    activity = _activity()
    for person in _people():
        signup_create(activity_id=activity.pk, cocreator=person)


def send_waiting(staff_client, host):
    activity = _activity(capacity=1)
    SignUpFactory(activity=activity, status=SignUpStatus.BOOKED)
    for person in _people():
        signup_create(activity_id=activity.pk, cocreator=person)


def send_cancelled(staff_client, host):
    activity = _activity()
    for person in _people():
        signup_withdraw(signup=signup_create(activity_id=activity.pk, cocreator=person))


def send_moved(staff_client, host):
    here, there = _activity(), _activity()
    actor = UserFactory()
    for person in _people():
        signup = signup_create(activity_id=here.pk, cocreator=person, notify=False)
        booking_move(signup=signup, to=there, actor=actor)


def send_place_freed(staff_client, host):
    activity = _activity(capacity=2)
    booked = [SignUpFactory(activity=activity, status=SignUpStatus.BOOKED) for _ in range(2)]
    for person in _people():
        SignUpFactory(activity=activity, cocreator=person, status=SignUpStatus.WAITING)
    for signup in booked:
        signup_withdraw(signup=signup, notify=False)


def send_reminder(staff_client, host):
    now = timezone.localtime()
    tomorrow_noon = (now + dt.timedelta(days=1)).replace(hour=12, minute=0, second=0)
    activity = _activity(starts_at=tomorrow_noon)
    for person in _people():
        SignUpFactory(activity=activity, cocreator=person, status=SignUpStatus.BOOKED)
    reminders_send(now=now.replace(hour=11, minute=0))


def send_series_booked(staff_client, host):
    from activities.models import ActivitySeries, SeriesFrequency
    from activities.series.services import series_book

    series = ActivitySeries.objects.create(title=TYPED, frequency=SeriesFrequency.WEEKLY)
    for weeks in (1, 2):
        _activity(series=series, starts_at=timezone.now() + dt.timedelta(weeks=weeks))
    for person in _people():
        series_book(series=series, cocreator=person)


BOOKING_SENDERS = {
    "activities/email/series_booked": send_series_booked,
    "activities/email/booking_confirmed": send_confirmed,
    "activities/email/booking_waiting": send_waiting,
    "activities/email/booking_cancelled": send_cancelled,
    "activities/email/booking_moved": send_moved,
    "activities/email/place_freed": send_place_freed,
    "activities/email/reminder": send_reminder,
}
