"""Draft, then checked, then published: and each contributor is told once."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from community.models import Message
from community.tasks import deliver_batch
from impact.models import ImpactStatus
from impact.services.records import PublishRefused, impact_record_publish
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import ImpactRecordFactory


@pytest.fixture
def checked(db):
    record = ImpactRecordFactory(status=ImpactStatus.CHECKED)
    record.contributors.set(
        [CoCreatorFactory(full_name="Ann Able"), CoCreatorFactory(full_name="Ben Bell")]
    )
    return record


def test_staff_mark_a_draft_as_checked_after_confirming(staff_client, record):
    url = reverse("impact:record-check", args=[record.pk])
    assert "Yes, mark it as checked" in staff_client.get(url).content.decode()
    record.refresh_from_db()
    assert record.status == ImpactStatus.DRAFT
    assert staff_client.post(url).status_code == 302
    record.refresh_from_db()
    assert record.status == ImpactStatus.CHECKED


def test_publishing_asks_first_then_publishes_and_emails_each_contributor(
    staff_client, checked, django_capture_on_commit_callbacks
):
    url = reverse("impact:record-publish", args=[checked.pk])
    assert "Yes, publish it" in staff_client.get(url).content.decode()
    checked.refresh_from_db()
    assert checked.status == ImpactStatus.CHECKED
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    assert response.status_code == 302
    checked.refresh_from_db()
    assert checked.status == ImpactStatus.PUBLISHED
    assert checked.published_at is not None
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ann@example.org",
        "ben@example.org",
    ]
    body = mail.outbox[0].body
    assert checked.title in body
    assert "We did: We added an extra clinic each week." in body
    assert f"{settings.SITE_URL}/you-said-we-did/" in body


def test_publishing_twice_and_running_the_task_twice_tells_each_person_once(
    staff_client, checked, django_capture_on_commit_callbacks
):
    url = reverse("impact:record-publish", args=[checked.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url)
    deliver_batch.apply(kwargs={"message_ids": list(Message.objects.values_list("pk", flat=True))})
    assert len(mail.outbox) == 2
    keys = set(Message.objects.values_list("key", flat=True))
    assert keys == {
        f"impact-published:{checked.pk}:{person.pk}" for person in checked.contributors.all()
    }


def test_the_email_context_is_plain_values(checked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        impact_record_publish(record=checked, public_url="https://example.org/you-said-we-did/")
    queued = Message.objects.first()
    assert queued.template == "impact/email/published"
    assert queued.context == {
        "record_title": checked.title,
        "we_did": checked.we_did,
        "we_could_not": "",
        "public_url": "https://example.org/you-said-we-did/",
    }


def test_a_draft_cannot_be_published(staff_client, record):
    response = staff_client.post(reverse("impact:record-publish", args=[record.pk]))
    page = response.content.decode()
    assert "Mark the record as checked before you publish it." in page
    assert "nhsuk-error-summary" in page
    record.refresh_from_db()
    assert record.status == ImpactStatus.DRAFT


def test_a_record_without_you_said_cannot_be_published(staff_client):
    record = ImpactRecordFactory(status=ImpactStatus.CHECKED, you_said="")
    response = staff_client.post(reverse("impact:record-publish", args=[record.pk]))
    assert "Add what people said" in response.content.decode()
    record.refresh_from_db()
    assert (record.status, record.published_at) == (ImpactStatus.CHECKED, None)


def test_a_record_with_neither_we_did_nor_we_could_not_cannot_be_published(staff_client):
    record = ImpactRecordFactory(status=ImpactStatus.CHECKED, we_did="")
    response = staff_client.post(reverse("impact:record-publish", args=[record.pk]))
    assert "Add what we did" in response.content.decode()
    record.refresh_from_db()
    assert record.status == ImpactStatus.CHECKED
    assert not Message.objects.exists()


def test_we_could_not_is_enough_to_publish(db, django_capture_on_commit_callbacks):
    record = ImpactRecordFactory(
        status=ImpactStatus.CHECKED, we_did="", we_could_not="The law does not allow it."
    )
    impact_record_publish(record=record, public_url="https://example.org/")
    record.refresh_from_db()
    assert record.status == ImpactStatus.PUBLISHED


def test_the_service_refuses_a_draft(record):
    with pytest.raises(PublishRefused):
        impact_record_publish(record=record, public_url="https://example.org/")
