"""Community services: registering, changing, consent, leaving, and sending a message once."""

from pathlib import Path

import pytest
from django.core import mail

from community import services
from community.messaging import queueing, sending
from community.models import (
    AuditAction,
    AuditEvent,
    CoCreator,
    CoCreatorStatus,
    Consent,
    Demographics,
    Message,
    MessageStatus,
    NewsletterChoice,
    Relationship,
    Sex,
)

TEST_TEMPLATES = str(Path(__file__).resolve().parent.parent / "templates")


@pytest.fixture
def mail_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]


@pytest.fixture
def person(db, staff_member):
    return services.cocreator_register(
        actor=staff_member,
        full_name="Priya Shah",
        preferred_name="Priya",
        email="priya@example.org",
        prefers_email=True,
        relationships=[Relationship.CARER],
    )


def _send(person, key="k1", kind="test"):
    """Queue a message, then run what the worker runs for it; returns the row."""
    message = queueing.message_queue(
        cocreator_id=person.pk,
        kind=kind,
        key=key,
        template="testmail/hello",
        context={"note": "welcome"},
    )
    sending.batch_deliver([message.pk])
    message.refresh_from_db()
    return message


def test_registering_a_person_audits_the_creation(person, staff_member):
    event = AuditEvent.objects.get(cocreator_id=person.pk)
    assert (event.action, event.actor) == (AuditAction.CREATE, staff_member)
    assert list(person.relationships.values_list("kind", flat=True)) == [Relationship.CARER]


def test_a_person_may_have_no_login(person):
    assert person.user is None


def test_changes_are_audited_by_field_name_never_by_value(person, staff_member):
    changed = services.cocreator_update(
        actor=staff_member,
        cocreator=person,
        phone="07700 900123",
        relationships=[Relationship.SERVICE_USER],
    )
    assert changed == {"phone", "relationships"}
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE).get()
    assert event.fields == ["phone", "relationships"]
    assert "07700" not in str(event.__dict__)


def test_an_update_that_changes_nothing_is_not_audited(person, staff_member):
    assert services.cocreator_update(actor=staff_member, cocreator=person, phone="") == set()
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


def test_equality_answers_are_refused_without_consent(person):
    with pytest.raises(services.ConsentMissing):
        services.demographics_save(cocreator=person, actor=None, sex=Sex.FEMALE)
    assert not Demographics.objects.exists()


def test_consent_records_the_wording_and_privacy_notice_version(person, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    consent = services.equality_consent_give(cocreator=person, actor=None)
    assert consent.privacy_notice_version == "2026-11"
    assert "Prefer not to say" in consent.wording
    # Giving it again does not make a second active consent.
    assert services.equality_consent_give(cocreator=person, actor=None) == consent


def test_withdrawing_consent_deletes_the_answers_and_keeps_the_record_of_consent(person):
    services.equality_consent_give(cocreator=person, actor=None)
    services.demographics_save(cocreator=person, actor=None, sex=Sex.FEMALE, year_of_birth=1980)
    assert services.equality_consent_withdraw(cocreator=person, actor=None) is True
    assert not Demographics.objects.filter(cocreator=person).exists()
    consent = Consent.objects.get(cocreator=person)
    assert consent.withdrawn_at is not None
    with pytest.raises(services.ConsentMissing):
        services.demographics_save(cocreator=person, actor=None, sex=Sex.MALE)


def test_the_age_band_is_worked_out_from_the_year_of_birth(person):
    import datetime

    assert services.age_band_for_year(2000, today=datetime.date(2026, 6, 1)) == "25_34"
    assert services.age_band_for_year(1940, today=datetime.date(2026, 6, 1)) == "75_plus"
    assert services.age_band_for_year(2015, today=datetime.date(2026, 6, 1)) == ""
    services.equality_consent_give(cocreator=person, actor=None)
    answers = services.demographics_save(cocreator=person, actor=None, year_of_birth=1960)
    assert answers.age_band == services.age_band_for_year(1960)


def test_leaving_erases_personal_data_and_keeps_an_anonymous_row(db, cocreator):
    person = services.cocreator_for_user_ensure(user=cocreator)
    services.cocreator_update(
        actor=cocreator, cocreator=person, phone="07700 900555", staff_note="Met at library"
    )
    services.equality_consent_give(cocreator=person, actor=cocreator)
    services.demographics_save(cocreator=person, actor=cocreator, sex=Sex.MALE)
    services.cocreator_erase(cocreator=person, actor=cocreator)
    person.refresh_from_db()
    cocreator.refresh_from_db()
    assert person.full_name == "Person who left"
    assert (person.email, person.phone, person.staff_note, person.user) == ("", "", "", None)
    assert person.status == CoCreatorStatus.LEFT
    assert not Demographics.objects.filter(cocreator=person).exists()
    assert not cocreator.is_active
    assert not cocreator.has_usable_password()
    assert "cocreator@example.org" not in cocreator.email
    assert CoCreator.objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ERASE, cocreator_id=person.pk).exists()


def test_a_message_goes_once_however_often_it_is_sent(person, mail_templates):
    first = _send(person)
    second = _send(person)
    assert first.pk == second.pk
    assert second.status == MessageStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["priya@example.org"]
    assert mail.outbox[0].subject == "Hello Priya"
    assert "Co-creation community" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": CoCreatorStatus.LEFT}, "left"),
        ({"email": ""}, "No email"),
        ({"prefers_email": False}, "not chosen email"),
    ],
)
def test_a_message_is_not_sent_against_the_persons_wishes(person, mail_templates, change, reason):
    CoCreator.objects.filter(pk=person.pk).update(**change)
    message = _send(person)
    assert message.status == MessageStatus.SKIPPED
    assert reason in message.reason
    assert mail.outbox == []


def test_the_newsletter_goes_only_to_people_who_asked_for_it(person, mail_templates):
    assert _send(person, key="n1", kind="newsletter").status == MessageStatus.SKIPPED
    CoCreator.objects.filter(pk=person.pk).update(newsletter=NewsletterChoice.YES)
    assert _send(person, key="n2", kind="newsletter").status == MessageStatus.SENT


def test_a_failed_send_is_recorded_and_a_retry_sends_it_once(person, mail_templates, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionRefusedError("SMTP server refused")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    _send(person)
    message = Message.objects.get(key="k1")
    assert (message.status, message.attempts) == (MessageStatus.PENDING, 1)
    assert "refused" in message.last_error
    assert _send(person).status == MessageStatus.SENT
    assert _send(person).status == MessageStatus.SENT
    assert len(mail.outbox) == 1
    assert Message.objects.get(key="k1").attempts == 2


def test_the_send_task_takes_ids_and_sends_once_when_run_twice(person, mail_templates):
    from community.tasks import deliver_batch

    message = queueing.message_queue(
        cocreator_id=person.pk,
        kind="test",
        key="task-1",
        template="testmail/hello",
        context={"note": "hi"},
    )
    assert deliver_batch.apply(kwargs={"message_ids": [message.pk]}).get() == 1
    assert deliver_batch.apply(kwargs={"message_ids": [message.pk]}).get() == 0
    assert len(mail.outbox) == 1
