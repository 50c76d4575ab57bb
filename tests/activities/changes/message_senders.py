"""How each change and cancelling message is sent in real life, for
tests/community/test_every_message_kind.py: to someone who chose email and someone who chose
text messages, about an activity whose title, venue and reason are typed with an apostrophe, an
ampersand, a "<" and quotes."""

import datetime as dt

from activities.changes.services import activity_cancel, activity_snapshot, activity_update_told
from activities.models import SignUpStatus
from tests.activities.bookings.message_senders import TYPED, _activity, _people
from tests.activities.factories import SignUpFactory


def _booked_activity():
    activity = _activity()
    for person in _people():
        SignUpFactory(activity=activity, cocreator=person, status=SignUpStatus.BOOKED)
    return activity


def send_changed(staff_client, host):
    activity = _booked_activity()
    before = activity_snapshot(activity)
    activity.starts_at += dt.timedelta(days=1)
    activity.ends_at += dt.timedelta(days=1)
    activity_update_told(activity=activity, before=before, reason=TYPED, actor=None)


def send_activity_cancelled(staff_client, host):
    activity_cancel(activity=_booked_activity(), reason=TYPED, actor=None)


CHANGES_SENDERS = {
    "activities/email/activity_changed": send_changed,
    "activities/email/activity_cancelled": send_activity_cancelled,
}
