"""Delivering a batch quickly: a broadcast rendered once with each person's own parts filled in,
one short transaction per message, and nothing sent differently from rendering each one whole."""

# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)

import dataclasses

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.messaging import channels, queueing, sending
from community.models import Broadcast, Message, MessageChannel, MessageStatus
from tests.community.delivery_support import (  # noqa: F401
    EMAIL_ONLY,
    NOTE,
    delivery_templates,
    make_person,
    sms_outbox,
)

pytestmark = pytest.mark.usefixtures("delivery_templates", "sms_outbox")

AWKWARD = "Siobhán O'Brien & <Sons>"  # an apostrophe, an ampersand and angle brackets


@pytest.fixture(autouse=True)
def _clock_stopped(time_machine):
    # An unsubscribe link is signed with the time it was made: with the clock stopped, a
    # message rendered whole here has the very link the batch sent.
    time_machine.move_to(timezone.now(), tick=False)


def _start(people, *, template=NOTE, key_prefix="update:1"):
    broadcast = queueing.broadcast_start(
        kind="update",
        title="Spring update",
        template=template,
        recipients=[p.pk for p in people],
        context={"title": "Spring update", "extra": "shared"},
        key_prefix=key_prefix,
    )
    # In the order of the people given, so each test can pair a person with their message.
    by_person = dict(Message.objects.filter(broadcast=broadcast).values_list("cocreator_id", "pk"))
    return [by_person[p.pk] for p in people]


def _whole(message_id: int) -> tuple[str, str, str]:
    """The message as rendering it whole, for its person alone, gives it."""
    message = Message.objects.select_related("cocreator", "broadcast").get(pk=message_id)
    prepared = sending._Prepared(
        message_id=message.pk,
        key=message.key,
        channel=message.channel,
        recipient="",
        claimed_at=None,
        note="",
    )
    assert sending._render(message, prepared)
    return prepared.subject, prepared.text, prepared.html


def _sent(message_id: int):
    key = Message.objects.get(pk=message_id).key
    (email,) = [m for m in mail.outbox if m.extra_headers["X-Message-Key"] == key]
    return email


def _count_renders(monkeypatch) -> list[str]:
    calls = []
    real = sending.render_email

    def counting(name, context):
        calls.append(name)
        return real(name, context)

    monkeypatch.setattr(sending, "render_email", counting)
    return calls


@pytest.fixture
def people(db):
    awkward = make_person(AWKWARD, email="siobhan@example.org")
    return [awkward, *(make_person(f"Person{n} Test") for n in range(5))]


def test_a_broadcast_is_rendered_once_and_each_person_gets_their_own_name_and_link(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ids = _start(people)
    renders = _count_renders(monkeypatch)
    outcomes = sending.batch_deliver(ids)
    assert [o.status for o in outcomes] == [MessageStatus.SENT] * 6
    # Once with stand-ins for the person, once whole to check it: not six times.
    assert len(renders) == 2
    monkeypatch.undo()
    for message_id, person in zip(ids, people, strict=True):
        email = _sent(message_id)
        assert (email.subject, email.body, email.alternatives[0][0]) == _whole(message_id)
        link = channels.unsubscribe_url(person.pk)
        assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
        assert link in email.body and link in email.alternatives[0][0]
    awkward = _sent(ids[0])
    assert f"Hello {AWKWARD}." in awkward.body  # the text part is plain text
    assert "Siobhán O&#x27;Brien &amp; &lt;Sons&gt;" in awkward.alternatives[0][0]
    assert awkward.subject == f"Spring update for {AWKWARD}"


def test_the_next_batches_of_a_broadcast_use_the_same_rendering(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ids = _start(people)
    renders = _count_renders(monkeypatch)
    for batch in (ids[:2], ids[2:4], ids[4:]):
        sending.batch_deliver(batch)
    assert len(renders) == 2  # the first batch renders and checks; the others only fill in
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 6


def test_a_new_broadcast_under_an_id_seen_before_is_rendered_afresh(
    people, django_capture_on_commit_callbacks
):
    # An id can come back after a rolled-back transaction (SQLite): a kept rendering must not
    # answer for a different broadcast.
    with django_capture_on_commit_callbacks(execute=False):
        first = _start(people[:1])
    sending.batch_deliver(first)
    old = Message.objects.get(pk=first[0]).broadcast
    Message.objects.all().delete()
    old.delete()
    again = Broadcast.objects.create(
        pk=old.pk, kind="update", title="Other", template="delivery/greet", context={"title": "Hi"}
    )
    with django_capture_on_commit_callbacks(execute=False):
        queueing.broadcast_add(broadcast=again, recipients=[people[1].pk], key_prefix="update:2")
    second = Message.objects.get(broadcast=again)
    sending.batch_deliver([second.pk])
    assert _sent(second.pk).body.startswith("Dear Person0 Test, Hi.")


def test_the_footer_added_to_a_template_without_an_unsubscribe_link_is_each_persons(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ids = _start(people[:3], template=EMAIL_ONLY)
    sending.batch_deliver(ids)
    for message_id, person in zip(ids, people, strict=False):
        email = _sent(message_id)
        assert (email.subject, email.body, email.alternatives[0][0]) == _whole(message_id)
        assert channels.unsubscribe_url(person.pk) in email.body


def test_a_template_that_changes_the_persons_value_is_rendered_whole(
    people, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ids = _start(people, template="delivery/shout")
    renders = _count_renders(monkeypatch)
    sending.batch_deliver(ids)
    assert len(renders) == 2 + 5  # found out on the first person; the rest are whole
    for message_id in ids:
        email = _sent(message_id)
        assert (email.subject, email.body, email.alternatives[0][0]) == _whole(message_id)
    assert "HELLO PERSON3 TEST." in _sent(ids[4]).body


def test_a_template_that_branches_on_the_person_is_right_for_each_branch(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    named = [make_person(f"Person{n} Test", preferred_name=f"Pip{n}") for n in range(3)]
    plain = [make_person(f"Plain{n} Test") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=False):
        ids = _start([*named, *plain], template="delivery/greet")
    renders = _count_renders(monkeypatch)
    sending.batch_deliver(ids)
    assert len(renders) == 4  # each branch rendered with stand-ins once and checked once
    for message_id in ids:
        email = _sent(message_id)
        assert (email.subject, email.body, email.alternatives[0][0]) == _whole(message_id)
    assert _sent(ids[0]).body.startswith("Hi Pip0, Spring update.")
    assert _sent(ids[3]).body.startswith("Dear Plain0 Test, Spring update.")


def test_text_messages_are_merged_too(db, sms_outbox, settings, django_capture_on_commit_callbacks):
    texters = [
        make_person(name, email="", prefers_email=False, prefers_sms=True, phone=f"0770090000{n}")
        for n, name in enumerate(["Tom Texter", AWKWARD])
    ]
    with django_capture_on_commit_callbacks(execute=False):
        ids = _start(texters)
    assert set(Message.objects.values_list("channel", flat=True)) == {MessageChannel.SMS}
    sending.batch_deliver(ids)
    assert sorted(m["body"] for m in sms_outbox) == [
        f"Spring update: hello {AWKWARD}. shared",
        "Spring update: hello Tom Texter. shared",
    ]


def test_a_batch_takes_one_statement_per_message_and_a_few_for_the_batch(
    db, django_capture_on_commit_callbacks
):
    def statements_for(size: int, prefix: str) -> list[str]:
        people = [make_person(f"{prefix}{n} Test") for n in range(size)]
        with django_capture_on_commit_callbacks(execute=False):
            ids = _start(people, key_prefix=prefix)
        with CaptureQueriesContext(connection) as captured:
            sending.batch_deliver(ids)
        assert Message.objects.filter(pk__in=ids, status=MessageStatus.SENT).count() == size
        # Savepoints stand for the transactions a worker commits (tests run inside one).
        return [q["sql"] for q in captured if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]

    four, eight = statements_for(4, "Four"), statements_for(8, "Eight")
    # Each message: one UPDATE that claims it and marks the one before it sent.
    assert len(eight) - len(four) == 4
    updates = [sql for sql in eight if sql.startswith("UPDATE")]
    assert len(updates) == 1 + 8 + 1  # the lease, a claim each, the last one's "sent"
    assert len(four) == 4 + 4  # and the rows with the lease, and their broadcast


def test_a_person_who_unsubscribed_after_the_send_began_is_skipped(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ids = _start(people[:3])
    channels.email_unsubscribe(cocreator=people[1])
    outcomes = sending.batch_deliver(ids)
    assert [o.status for o in outcomes] == [
        MessageStatus.SENT,
        MessageStatus.SKIPPED,
        MessageStatus.SENT,
    ]
    skipped = Message.objects.get(pk=ids[1])
    assert (skipped.lease_owner, skipped.attempts) == ("", 0)
    assert "unsubscribed" in skipped.reason
    assert len(mail.outbox) == 2


def test_a_row_taken_over_by_another_worker_is_not_sent(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        ids = _start(people[:2])
    real = sending._prepare

    def then_lose_the_second(message, **kwargs):
        if message.pk == ids[1]:  # the lease ran out and the sweep gave it to another worker
            Message.objects.filter(pk=ids[1]).update(lease_owner="another")
        return real(message, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sending, "_prepare", then_lose_the_second)
        outcomes = sending.batch_deliver(ids)
    assert [o.status for o in outcomes] == [MessageStatus.SENT, MessageStatus.PENDING]
    assert Message.objects.get(pk=ids[1]).status == MessageStatus.PENDING
    assert len(mail.outbox) == 1


def test_the_prepared_record_is_a_dataclass_the_merge_can_copy():
    # The merge checks a person against a whole rendering on a copy of their prepared message.
    assert dataclasses.is_dataclass(sending._Prepared)
