"""Changes of time, place or joining link, and cancelling: who is told, what, and how often."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from activities.changes.services import (
    activity_cancel,
    activity_snapshot,
    activity_update_told,
    changes_in_words,
)
from activities.models import (
    ActivityChange,
    ActivityChangeKind,
    ActivityFormat,
    ActivityStatus,
    SignUpStatus,
)
from activities.services import calendar_feed_reset
from community.messaging.sending import ATTACHMENTS
from community.models import Locality, Message
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory, SignUpFactory

NOW = at(2027, 2, 24, 9)


@pytest.fixture
def frozen(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def session(frozen, people):
    activity = ActivityFactory(
        title="Carers' peer group",
        starts_at=at(2027, 3, 2, 14),
        ends_at=at(2027, 3, 2, 16),
        capacity=2,
        venue="Gillingham library",
    )
    booked = people(2, "booked")
    waiting = people(1, "waiting")
    for person in booked:
        SignUpFactory(activity=activity, cocreator=person, status=SignUpStatus.BOOKED)
    for person in waiting:
        SignUpFactory(activity=activity, cocreator=person, status=SignUpStatus.WAITING)
    SignUpFactory(activity=activity, status=SignUpStatus.WITHDRAWN)
    return activity


def _move(activity, **fields):
    before = activity_snapshot(activity)
    for name, value in fields.items():
        setattr(activity, name, value)
    return before


def test_a_new_time_is_said_old_and_new_in_words(session):
    before = _move(session, starts_at=at(2027, 3, 4, 10), ends_at=at(2027, 3, 4, 12))
    assert changes_in_words(before, activity_snapshot(session)) == [
        "The time changed from Tue 2 Mar 2027, 2pm to 4pm to Thu 4 Mar 2027, 10am to midday."
    ]


def test_a_new_place_and_link_are_said_in_words(session):
    before = _move(
        session,
        venue="Chatham hub",
        locality=Locality.objects.get(name="Medway"),
        joining_link="https://meet.example.org/x",
    )
    words = changes_in_words(before, activity_snapshot(session))
    assert words == [
        "The place changed from Gillingham library to Chatham hub, Medway.",
        "There is now a link to join online.",
    ]


def test_a_change_of_time_tells_everyone_booked_and_waiting_once(session, staff_member):
    before = _move(session, starts_at=at(2027, 3, 4, 10), ends_at=at(2027, 3, 4, 12))
    _moved, change = activity_update_told(
        activity=session, before=before, reason="The room was double-booked.", actor=staff_member
    )
    session.refresh_from_db()
    assert session.sequence == 1
    assert change.kind == ActivityChangeKind.CHANGED
    assert change.reason == "The room was double-booked."
    assert "Thu 4 Mar 2027, 10am to midday" in change.what_changed
    told = Message.objects.filter(kind="activity_changed")
    assert told.count() == 3
    keys = {m.key for m in told}
    signups = session.signups.filter(status__in=[SignUpStatus.BOOKED, SignUpStatus.WAITING])
    assert keys == {f"activity-changed:{change.pk}:{s.pk}" for s in signups}
    booked = told.get(cocreator__full_name="Booked 0")
    ics = Calendar.from_ical(booked.context[ATTACHMENTS][0]["content"])
    event = ics.walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1
    # Someone waiting has no place to put in their calendar.
    assert ATTACHMENTS not in told.get(cocreator__full_name="Waiting 0").context


def test_the_joining_link_goes_only_to_people_with_a_place(session, staff_member):
    session.format = ActivityFormat.ONLINE
    before = _move(session, joining_link="https://meet.example.org/abc")
    activity_update_told(activity=session, before=before, reason="Now online.", actor=staff_member)
    told = Message.objects.filter(kind="activity_changed")
    assert told.get(cocreator__full_name="Booked 0").context["joining_link"] == (
        "https://meet.example.org/abc"
    )
    assert told.get(cocreator__full_name="Waiting 0").context["joining_link"] == ""


def test_a_change_nobody_is_booked_on_tells_nobody_but_moves_the_sequence(frozen, staff_member):
    activity = ActivityFactory(starts_at=at(2027, 3, 2, 14), ends_at=at(2027, 3, 2, 16))
    before = _move(activity, starts_at=at(2027, 3, 3, 14), ends_at=at(2027, 3, 3, 16))
    _moved, change = activity_update_told(
        activity=activity, before=before, reason="", actor=staff_member
    )
    assert change is None
    assert not ActivityChange.objects.exists()
    activity.refresh_from_db()
    assert activity.sequence == 1


def test_a_change_of_something_else_is_not_told(session, staff_member):
    before = _move(session, summary="A new summary.")
    _moved, change = activity_update_told(
        activity=session, before=before, reason="", actor=staff_member
    )
    assert change is None
    session.refresh_from_db()
    assert session.sequence == 0
    assert not Message.objects.filter(kind="activity_changed").exists()


def test_a_told_change_without_a_reason_is_refused(session, staff_member):
    before = _move(session, venue="Somewhere else")
    with pytest.raises(ValidationError):
        activity_update_told(activity=session, before=before, reason=" ", actor=staff_member)


def test_cancelling_tells_each_person_booked_and_waiting_exactly_once(session, staff_member):
    activity_cancel(activity=session, reason="The facilitator is ill.", actor=staff_member)
    activity_cancel(activity=session, reason="Again", actor=staff_member)
    session.refresh_from_db()
    assert session.status == ActivityStatus.CANCELLED
    assert session.sequence == 1
    assert ActivityChange.objects.filter(kind=ActivityChangeKind.CANCELLED).count() == 1
    told = Message.objects.filter(kind="activity_cancelled")
    assert told.count() == 3
    assert sorted(told.values_list("cocreator__full_name", flat=True)) == [
        "Booked 0",
        "Booked 1",
        "Waiting 0",
    ]
    for message in told:
        ics = Calendar.from_ical(message.context[ATTACHMENTS][0]["content"])
        assert ics["METHOD"] == "CANCEL"
        assert ics.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
        assert message.key.startswith(f"activity-cancelled:{session.pk}:")


def test_a_past_activity_cannot_be_cancelled(frozen, staff_member):
    past = ActivityFactory(starts_at=NOW - datetime.timedelta(days=2))
    with pytest.raises(ValidationError):
        activity_cancel(activity=past, reason="Too late", actor=staff_member)


def test_a_cancelled_event_leaves_both_feeds_with_a_higher_sequence(session, staff_member, client):
    feed = calendar_feed_reset(cocreator=session.signups.first().cocreator)
    public = reverse("activities:calendar-ics")
    personal = reverse("activities:personal-feed", args=[feed.token])

    def event(url):
        response = client.get(url)
        assert response.status_code == 200
        cal = Calendar.from_ical(response.content)
        mine = [e for e in cal.walk("VEVENT") if "Carers' peer group" in str(e["SUMMARY"])]
        assert len(mine) == 1
        return mine[0], response["ETag"]

    before_public, public_etag = event(public)
    before_personal, personal_etag = event(personal)
    assert before_public["STATUS"] == "CONFIRMED"
    activity_cancel(activity=session, reason="The facilitator is ill.", actor=staff_member)
    for url, old, old_etag in (
        (public, before_public, public_etag),
        (personal, before_personal, personal_etag),
    ):
        new, etag = event(url)
        assert new["STATUS"] == "CANCELLED"
        assert new["SEQUENCE"] > old["SEQUENCE"]
        assert etag != old_etag
