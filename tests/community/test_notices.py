"""person_notify: one message by the person's channel, files on the email, by hand when asked."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from community.messaging import sending
from community.messaging.notices import by_hand_method, person_notify
from community.models import CoCreatorStatus, HandContactMethod, MessageStatus, ToContact
from tests.community.delivery_support import NOTE, delivery_templates, sms_outbox  # noqa: F401
from tests.community.factories import CoCreatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("delivery_templates")]

ICS = {
    "filename": "session.ics",
    "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    "mimetype": "text/calendar",
}


def _notify(person, key="booking:1", **kwargs):
    message, row = person_notify(
        cocreator_id=person.pk,
        kind="booking",
        key=key,
        template=NOTE,
        context={"title": "Carers' group"},
        **kwargs,
    )
    sending.batch_deliver([message.pk])
    message.refresh_from_db()
    return message, row


def test_an_email_carries_its_attachment_and_is_sent_once(mailoutbox):
    person = CoCreatorFactory(prefers_email=True, email="ana@example.org")
    message, row = _notify(person, attachments=[ICS])
    again, _ = _notify(person, attachments=[ICS])
    assert message.status == MessageStatus.SENT and row is None
    assert again.pk == message.pk
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments == [(ICS["filename"], ICS["content"], ICS["mimetype"])]


def test_a_person_who_chose_texts_gets_a_text_without_the_file(sms_outbox):  # noqa: F811
    person = CoCreatorFactory(email="", prefers_email=False, prefers_sms=True, phone="07700 900123")
    message, row = _notify(person, attachments=[ICS])
    assert message.status == MessageStatus.SENT and message.channel == "sms"
    assert len(sms_outbox) == 1 and row is None


@pytest.mark.parametrize(
    "fields, method",
    [
        ({"prefers_phone": True, "phone": "01632 960001"}, HandContactMethod.PHONE),
        ({"prefers_post": True, "address": "1 High Street"}, HandContactMethod.POST),
    ],
)
def test_someone_who_asked_for_a_call_or_a_letter_goes_on_the_to_contact_list(fields, method):
    person = CoCreatorFactory(email="", prefers_email=False, **fields)
    due = timezone.localdate() + dt.timedelta(days=1)
    message, row = _notify(person, due_on=due)
    _, again = _notify(person, due_on=due)
    assert message.status == MessageStatus.SKIPPED
    assert row is not None and row.method == method and row.due_on == due
    assert again.pk == row.pk and ToContact.objects.count() == 1
    assert "Carers' group" in row.what_to_say  # the text version, not HTML-escaped


@pytest.mark.parametrize(
    "fields",
    [
        {"status": CoCreatorStatus.LEFT},
        {"email_unsubscribed_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
        {"prefers_phone": False, "prefers_post": False},
    ],
)
def test_nobody_is_listed_who_left_opted_out_or_asked_for_nothing(fields):
    person = CoCreatorFactory(
        **{
            "email": "",
            "prefers_email": False,
            "prefers_phone": True,
            "phone": "01632 960001",
            **fields,
        }
    )
    assert by_hand_method(person) == ""
    message, row = _notify(person)
    assert message.status == MessageStatus.SKIPPED and row is None
    assert not ToContact.objects.exists()
