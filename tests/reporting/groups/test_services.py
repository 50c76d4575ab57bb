"""Who a group message reaches and who not (and why), and sending it once through the pipeline."""

import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community import notify
from community.messaging.channels import channel_for
from community.messaging.queueing import broadcast_add
from community.models import (
    AccessNeed,
    Broadcast,
    CoCreator,
    CoCreatorStatus,
    Locality,
    Message,
    MessageChannel,
    MessageStatus,
)
from reporting.groups import selectors, services
from reporting.groups.models import GroupChannel, GroupMessage
from reporting.newsletters import building
from tests.community.factories import CoCreatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def medway():
    return Locality.objects.get(name="Medway")


def in_medway(medway, name, **fields):
    fields.setdefault("email", f"{name.lower().replace(' ', '.')}@example.org")
    fields.setdefault("prefers_email", bool(fields["email"]))
    return CoCreatorFactory(full_name=name, locality=medway, **fields)


def crowd(medway):
    """One person for each way a message can reach someone or not."""
    return {
        "email": in_medway(medway, "Email"),
        "both": in_medway(medway, "Both", prefers_sms=True, phone="07700900001"),
        "text": in_medway(medway, "Text", email="", prefers_sms=True, phone="07700900002"),
        "left": in_medway(medway, "Left", status=CoCreatorStatus.LEFT),
        "unsubscribed": in_medway(medway, "Unsub", email_unsubscribed_at=timezone.now()),
        "post": in_medway(medway, "Post", email="", prefers_post=True),
        "phone": in_medway(medway, "Phone", email="", prefers_phone=True, phone="07700900003"),
        "easy read": in_medway(medway, "Easy", email="", access_needs=[AccessNeed.EASY_READ]),
        "nothing": in_medway(medway, "Nothing", email=""),
        "chose email, no address": in_medway(medway, "No address", email="", prefers_email=True),
    }


def reasons(summary):
    return {key: count for key, _label, count in summary["reasons"]}


def test_email_and_text_counts_everyone_by_reason(medway, settings):
    settings.SMS_BACKEND = "locmem"
    crowd(medway)
    summary = selectors.group_summary({"localities": [medway.pk]}, GroupChannel.BOTH)
    assert summary["total"] == 10 and summary["send"] == 3
    assert reasons(summary) == {
        "left": 1,
        "unsubscribed": 1,
        "by_hand": 3,
        "no_channel": 2,
    }
    assert summary["excluded"] == 7


def test_email_only_and_text_only(medway, settings):
    settings.SMS_BACKEND = "locmem"
    crowd(medway)
    criteria = {"localities": [medway.pk]}
    email = selectors.group_summary(criteria, GroupChannel.EMAIL)
    assert email["send"] == 2  # Email and Both
    assert reasons(email)["other_channel"] == 1  # Text
    text = selectors.group_summary(criteria, GroupChannel.SMS)
    assert text["send"] == 1  # Text: Both can be emailed, so the pipeline would email them
    assert reasons(text)["other_channel"] == 2
    names = set(
        selectors.group_recipients(criteria, GroupChannel.SMS).values_list("full_name", flat=True)
    )
    assert names == {"Text"}


def test_without_text_messages_set_up_nobody_is_reached_by_text(medway, settings):
    settings.SMS_BACKEND = "none"
    crowd(medway)
    summary = selectors.group_summary({"localities": [medway.pk]}, GroupChannel.BOTH)
    assert summary["send"] == 2


def test_the_by_hand_list(medway, settings):
    settings.SMS_BACKEND = "locmem"
    crowd(medway)
    names = set(
        selectors.group_by_hand({"localities": [medway.pk]}).values_list("full_name", flat=True)
    )
    assert names == {"Post", "Phone", "Easy"}


@pytest.mark.parametrize("sms", ["locmem", "none"])
def test_the_database_agrees_with_the_pipelines_own_rules(medway, settings, sms):
    """Every mix of choices: sendable in the database exactly when channel_for says a message
    can go, by the channel channel_for picks."""
    settings.SMS_BACKEND = sms
    for n, (email, pe, phone, ps, left, unsub) in enumerate(
        itertools.product([True, False], repeat=6)
    ):
        in_medway(
            medway,
            f"Mix {n}",
            email=f"mix{n}@example.org" if email else "",
            prefers_email=pe,
            phone="07700900999" if phone else "",
            prefers_sms=ps,
            status=CoCreatorStatus.LEFT if left else CoCreatorStatus.ACTIVE,
            email_unsubscribed_at=timezone.now() if unsub else None,
        )
    criteria = {"localities": [medway.pk]}
    for channel in GroupChannel.values:
        sendable = set(selectors.group_recipients(criteria, channel).values_list("pk", flat=True))
        for person in CoCreator.objects.filter(locality=medway):
            picked, reason = channel_for(person, kind=services.KIND, has_sms_version=True)
            if channel == GroupChannel.BOTH:
                expected = not reason
            elif channel == GroupChannel.EMAIL:
                expected = not reason and picked == MessageChannel.EMAIL
            else:
                expected = not reason and picked == MessageChannel.SMS
            assert (person.pk in sendable) == expected, (channel, person.full_name)


# --- Saving and equality -------------------------------------------------------------------------


def test_saving_an_empty_group_is_refused():
    with pytest.raises(ValidationError):
        services.saved_group_save(group=None, actor=None, name="All", criteria={"x": 1})


def test_equality_criteria_need_the_permission(db):
    staff = UserFactory(email="plain.staff@example.org")
    with pytest.raises(PermissionDenied):
        services.saved_group_save(
            group=None, actor=staff, name="Women", criteria={"equality": {"sex": ["female"]}}
        )


# --- Sending --------------------------------------------------------------------------------------


def write(criteria, **fields):
    fields = {
        "channel": GroupChannel.BOTH,
        "subject": "Carers' catch-up & more",
        "body": "Hello.\nWe meet on Tuesday.\n\n<b>Come along</b>.",
        "sms_body": "We meet on Tuesday. Come along.",
        **fields,
    }
    return services.group_message_save(
        message=None, actor=None, criteria=criteria, saved_group=None, **fields
    )


def test_a_message_needs_its_text_for_the_channel():
    with pytest.raises(ValidationError) as error:
        write({"champions": True}, sms_body="")
    assert "sms_body" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        write({"champions": True}, channel=GroupChannel.EMAIL, subject="", body="")
    assert set(error.value.message_dict) == {"subject", "body"}
    message = write({"champions": True}, channel=GroupChannel.SMS, subject="", body="")
    assert message.sms_body and not message.body


def test_send_records_it_once_and_the_worker_sends_each_once(
    medway, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "locmem"
    notify.sms_outbox.clear()
    people = crowd(medway)
    message = write({"localities": [medway.pk]})
    with django_capture_on_commit_callbacks(execute=True):
        services.group_message_send(message=message, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.group_message_send(message=message, actor=None)  # a second press: nothing
    message.refresh_from_db()
    assert Broadcast.objects.count() == 1
    assert message.recipients_expected == 3 and message.prepared_at is not None
    keys = set(Message.objects.values_list("key", flat=True))
    assert keys == {f"group-message:{message.pk}:{people[p].pk}" for p in ("email", "both", "text")}
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["both@example.org", "email@example.org"]
    email = mail.outbox[0]
    assert email.subject == "Carers' catch-up & more"
    assert "Hello.\nWe meet on Tuesday.\n\n<b>Come along</b>." in email.body
    html = email.alternatives[0][0]
    assert "&lt;b&gt;Come along&lt;/b&gt;" in html and "<b>" not in html
    assert "<p>Hello.<br>We meet on Tuesday.</p>" in html
    assert len(notify.sms_outbox) == 1
    assert notify.sms_outbox[0]["body"].startswith("We meet on Tuesday. Come along.")
    # A repeated build adds nobody.
    GroupMessage.objects.filter(pk=message.pk).update(prepared_at=None, prepared_through=0)
    services.group_message_build(message_id=message.pk)
    assert Message.objects.count() == 3 and len(mail.outbox) == 2


def test_a_retried_build_goes_on_after_the_last_batch(medway, monkeypatch):
    people = [in_medway(medway, f"P{n}") for n in range(5)]
    message = services.group_message_send(message=write({"localities": [medway.pk]}), actor=None)
    calls = []

    def fail_on_the_third(**kwargs):
        calls.append(kwargs["recipients"])
        if len(calls) == 3:
            raise RuntimeError("the worker stopped")
        return broadcast_add(**kwargs)

    monkeypatch.setattr(building, "broadcast_add", fail_on_the_third)
    with pytest.raises(RuntimeError):
        services.group_message_build(message_id=message.pk, batch_size=2)
    assert Message.objects.count() == 4
    assert services.group_message_build(message_id=message.pk, batch_size=2) == 1
    assert calls[-1] == [people[4].pk]
    assert services.group_message_build(message_id=message.pk) == 0


def test_people_who_join_after_send_do_not_get_it(medway):
    first = in_medway(medway, "First")
    message = services.group_message_send(message=write({"localities": [medway.pk]}), actor=None)
    in_medway(medway, "Later")
    services.group_message_build(message_id=message.pk)
    assert list(Message.objects.values_list("cocreator_id", flat=True)) == [first.pk]


def test_a_stalled_build_is_queued_again(medway):
    in_medway(medway, "First")
    message = services.group_message_send(message=write({"localities": [medway.pk]}), actor=None)
    later = timezone.now() + services.BUILD_STALLED_AFTER * 2
    assert services.group_messages_build_stalled(now=later) == 1
    services.group_message_build(message_id=message.pk)
    assert services.group_messages_build_stalled(now=later + services.BUILD_STALLED_AFTER * 2) == 0


def test_saved_group_counts_are_current_and_one_query(medway, django_assert_num_queries):
    from reporting.groups.models import SavedGroup

    crowd(medway)
    everyone = SavedGroup.objects.create(name="Medway", criteria={"localities": [medway.pk]})
    carers = SavedGroup.objects.create(name="Carers", criteria={"relationships": ["carer"]})
    champions = SavedGroup.objects.create(name="Champions", criteria={"champions": True})
    with django_assert_num_queries(1):
        counts = selectors.saved_group_counts([everyone, carers, champions])
    assert counts[everyone.pk]["total"] == 10
    assert counts[carers.pk] == {"total": 0, "send": 0}
    in_medway(medway, "New carer", relationships=["carer"])
    counts = selectors.saved_group_counts([everyone, carers, champions])
    assert counts[everyone.pk]["total"] == 11 and counts[carers.pk] == {"total": 1, "send": 1}
    assert counts[champions.pk] == {"total": 0, "send": 0}
