"""Confirmations: a place booked, waiting, moved, offered or cancelled is told once, by the
person's own channel (email with the event's .ics, text message, or the "to contact" list)."""

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from activities.bookings.notices import booking_confirmation_send
from activities.bookings.services import booking_cancel, booking_make, booking_move
from activities.models import SignUpStatus
from activities.services import signup_create, signup_withdraw
from community import notify
from community.models import (
    CoCreatorStatus,
    HandContactMethod,
    Message,
    MessageChannel,
    MessageStatus,
    ToContact,
)
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_sms():
    notify.sms_outbox.clear()
    yield
    notify.sms_outbox.clear()


def _ics(email, name="event.ics") -> Calendar:
    (content,) = [content for filename, content, _ in email.attachments if filename == name]
    return Calendar.from_ical(content)


def test_booking_sends_one_confirmation_by_email_with_the_event(
    emailer, staff_member, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(title="Carers' group", venue="Room 4")
    with django_capture_on_commit_callbacks(execute=True):
        booked = booking_make(activity=activity, cocreator=emailer, actor=staff_member)
    signup = booked.signup
    (message,) = Message.objects.filter(kind="booking_confirmed")
    assert message.key.startswith(f"booking-confirmed:{signup.pk}:")
    (email,) = mail.outbox
    assert email.to == [emailer.email]
    assert email.subject == "Your place is booked: Carers' group"
    assert "We have booked a place for you" in email.body
    cal = _ics(email)
    assert str(cal["METHOD"]) == "PUBLISH"
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Carers' group"
    assert event["SEQUENCE"] == activity.sequence
    assert event["DTSTART"].dt == activity.starts_at.replace(microsecond=0)
    # Asked again for the same booking: still one message.
    booking_confirmation_send(signup=signup)
    assert Message.objects.filter(kind="booking_confirmed").count() == 1


def test_the_portal_booking_is_confirmed_too(emailer):
    signup_create(activity_id=ActivityFactory().pk, cocreator=emailer)
    (message,) = Message.objects.filter(cocreator=emailer)
    assert message.kind == "booking_confirmed"
    assert message.template == "activities/email/booking_confirmed"


def test_a_place_on_the_waiting_list_is_confirmed_as_waiting(emailer):
    activity = ActivityFactory(capacity=1)
    signup_create(activity_id=activity.pk, cocreator=CoCreatorFactory())
    signup_create(activity_id=activity.pk, cocreator=emailer)
    (message,) = Message.objects.filter(cocreator=emailer)
    assert message.kind == "booking_waiting"


def test_a_person_who_chose_texts_gets_a_text_message(
    texter, staff_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking_make(
            activity=ActivityFactory(title="Walk and talk"), cocreator=texter, actor=staff_member
        )
    (message,) = Message.objects.filter(cocreator=texter)
    assert message.channel == MessageChannel.SMS
    (sms,) = notify.sms_outbox
    assert "your place is booked" in sms["body"] and "Walk and talk" in sms["body"]
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("person", "method"), [("caller", HandContactMethod.PHONE), ("poster", HandContactMethod.POST)]
)
def test_people_who_asked_for_a_call_or_post_go_on_the_to_contact_list(
    request, person, method, staff_member
):
    person = request.getfixturevalue(person)
    booked = booking_make(
        activity=ActivityFactory(title="Art group"), cocreator=person, actor=staff_member
    )
    (row,) = ToContact.objects.all()
    assert row.cocreator == person and row.method == method
    assert row.key.startswith(f"booking-confirmed:{booked.signup.pk}:")
    assert row.due_on == timezone.localdate()
    assert "Art group" in row.what_to_say
    # Once per booking: asked again, no second row.
    booking_confirmation_send(signup=booked.signup)
    assert ToContact.objects.count() == 1


def test_cancelling_sends_a_calendar_cancel(
    emailer, staff_member, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(title="Carers' group")
    booked = booking_make(activity=activity, cocreator=emailer, actor=staff_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(signup=booked.signup, actor=staff_member)
    (email,) = mail.outbox
    assert email.subject == "Your place is cancelled: Carers' group"
    cal = _ics(email, "cancelled-event.ics")
    assert str(cal["METHOD"]) == "CANCEL"
    (event,) = cal.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == activity.sequence


def test_the_person_who_gives_up_a_place_and_the_one_who_gets_it_are_both_told(emailer):
    activity = ActivityFactory(capacity=1)
    mine = signup_create(activity_id=activity.pk, cocreator=emailer)
    next_person = CoCreatorFactory()
    signup_create(activity_id=activity.pk, cocreator=next_person)
    signup_withdraw(signup=mine)
    assert Message.objects.filter(cocreator=emailer, kind="booking_cancelled").count() == 1
    assert Message.objects.filter(cocreator=next_person, kind="waiting_list_place").count() == 1


def test_taking_someone_off_the_waiting_list_says_so(emailer, staff_member):
    activity = ActivityFactory(capacity=1)
    signup_create(activity_id=activity.pk, cocreator=CoCreatorFactory())
    waiting = signup_create(activity_id=activity.pk, cocreator=emailer)
    booking_cancel(signup=waiting, actor=staff_member)
    (message,) = Message.objects.filter(cocreator=emailer, kind="booking_cancelled")
    assert message.context["was_waiting"] is True
    assert "attachments" not in message.context  # no place, no event to take out


def test_a_move_is_one_message_with_both_events(
    emailer, staff_member, django_capture_on_commit_callbacks
):
    here = ActivityFactory(title="Monday group")
    there = ActivityFactory(title="Tuesday group")
    booked = booking_make(activity=here, cocreator=emailer, actor=staff_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_move(signup=booked.signup, to=there, actor=staff_member)
    (email,) = mail.outbox
    assert email.subject == "Your booking has moved to Tuesday group"
    assert str(_ics(email)["METHOD"]) == "PUBLISH"
    assert str(_ics(email, "cancelled-event.ics")["METHOD"]) == "CANCEL"
    assert not Message.objects.filter(kind="booking_cancelled").exists()


def test_nothing_about_a_withdrawn_place(emailer):
    signup = signup_create(activity_id=ActivityFactory().pk, cocreator=emailer, notify=False)
    signup.status = SignUpStatus.WITHDRAWN
    signup.save()
    assert booking_confirmation_send(signup=signup) is None
    assert not Message.objects.exists()


def test_nothing_to_someone_who_unsubscribed_and_not_on_the_list(caller, staff_member):
    caller.email_unsubscribed_at = timezone.now()
    caller.save()
    booking_make(activity=ActivityFactory(), cocreator=caller, actor=staff_member)
    (message,) = Message.objects.filter(cocreator=caller)
    assert message.status == MessageStatus.SKIPPED
    assert not ToContact.objects.exists()


def test_nothing_to_someone_who_left(caller):
    signup = signup_create(activity_id=ActivityFactory().pk, cocreator=caller, notify=False)
    caller.status = CoCreatorStatus.LEFT
    caller.save()
    message, row = booking_confirmation_send(signup=signup)
    assert message.status == MessageStatus.SKIPPED and row is None
    assert not ToContact.objects.exists()
