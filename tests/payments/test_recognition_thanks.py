"""Thanks after impact is published: everyone who attended an activity of the record's project,
or one of its own activities, and is not a contributor, is thanked once, through the one message
pipeline, in the publishing transaction; people who left or unsubscribed are skipped by its
rules."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from activities.models import AttendanceStatus
from community.models import CoCreatorStatus, Message, MessageStatus
from community.tasks import deliver_batch
from impact.models import ImpactStatus
from impact.services.records import impact_record_publish
from tests.activities.factories import ActivityFactory, AttendanceFactory, ProjectFactory
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import ImpactRecordFactory

pytestmark = pytest.mark.django_db
PUBLIC = "https://example.org/you-said-we-did/"


@pytest.fixture
def world():
    project = ProjectFactory(title="Better hospital food")
    past = timezone.now() - datetime.timedelta(days=30)
    tasting = ActivityFactory(title="Menu tasting", project=project, starts_at=past)
    linked = ActivityFactory(title="Ward visit", starts_at=past)  # linked, in no project
    elsewhere = ActivityFactory(title="Another project's session", starts_at=past)
    ann = CoCreatorFactory(full_name="Ann Able")  # attended the project's session
    ben = CoCreatorFactory(full_name="Ben Bell")  # attended the linked one, twice over
    cat = CoCreatorFactory(full_name="Cat Contributor")  # a contributor who attended too
    dan = CoCreatorFactory(full_name="Dan Didnotcome")
    eve = CoCreatorFactory(full_name="Eve Elsewhere")
    for person, activity in ((ann, tasting), (ben, linked), (ben, tasting), (cat, tasting)):
        AttendanceFactory(activity=activity, cocreator=person)
    AttendanceFactory(activity=tasting, cocreator=dan, status=AttendanceStatus.DID_NOT_ATTEND)
    AttendanceFactory(activity=elsewhere, cocreator=eve)
    record = ImpactRecordFactory(
        title="Hot food on every ward",
        status=ImpactStatus.CHECKED,
        project=project,
        we_did="Every ward now serves a hot meal at supper.",
    )
    record.activities.add(linked)
    record.contributors.add(cat)
    return {"record": record, "ann": ann, "ben": ben, "cat": cat, "dan": dan, "eve": eve}


def _thanks():
    return Message.objects.filter(kind="impact_thanks")


def test_everyone_who_attended_and_is_not_a_contributor_is_thanked_once(world):
    record = world["record"]
    impact_record_publish(record=record, public_url=PUBLIC)
    keys = set(_thanks().values_list("key", flat=True))
    assert keys == {
        f"impact-thanks:{record.pk}:{world['ann'].pk}",
        f"impact-thanks:{record.pk}:{world['ben'].pk}",
    }
    # The contributor is told as a contributor, not thanked as well.
    assert set(Message.objects.filter(cocreator=world["cat"]).values_list("kind", flat=True)) == {
        "impact_published"
    }


def test_publishing_again_thanks_nobody_twice(world, django_capture_on_commit_callbacks):
    record = world["record"]
    with django_capture_on_commit_callbacks(execute=True):
        impact_record_publish(record=record, public_url=PUBLIC)
    with django_capture_on_commit_callbacks(execute=True):
        impact_record_publish(record=record, public_url=PUBLIC)
    assert _thanks().count() == 2
    deliver_batch.apply(kwargs={"message_ids": list(Message.objects.values_list("pk", flat=True))})
    thanked = [m for m in mail.outbox if "Thank you" in m.subject]
    assert sorted(m.to[0] for m in thanked) == ["ann@example.org", "ben@example.org"]


def test_the_message_says_what_changed_thanks_them_and_links_to_the_public_page(
    staff_client, world, django_capture_on_commit_callbacks
):
    url = reverse("impact:record-publish", args=[world["record"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url).status_code == 302
    (email,) = [m for m in mail.outbox if m.to == ["ann@example.org"]]
    assert "Hot food on every ward" in email.body
    assert "We did: Every ward now serves a hot meal at supper." in email.body
    assert "Thank you for your part" in email.body
    assert f"{settings.SITE_URL}/you-said-we-did/" in email.body


def test_the_thanks_are_recorded_in_the_publishing_transaction(world):
    record = world["record"]
    with pytest.raises(RuntimeError), transaction.atomic():
        impact_record_publish(record=record, public_url=PUBLIC)
        assert _thanks().count() == 2
        raise RuntimeError("the publishing failed later")
    assert not _thanks().exists()


def test_people_who_left_or_unsubscribed_are_skipped_by_the_pipeline(world):
    ann, ben = world["ann"], world["ben"]
    ann.status = CoCreatorStatus.LEFT
    ann.save()
    ben.email_unsubscribed_at = timezone.now()
    ben.save()
    impact_record_publish(record=world["record"], public_url=PUBLIC)
    rows = {m.cocreator_id: m for m in _thanks()}
    assert {rows[ann.pk].status, rows[ben.pk].status} == {MessageStatus.SKIPPED}
    assert "left" in rows[ann.pk].reason and "unsubscribed" in rows[ben.pk].reason


def test_a_record_with_no_project_or_activities_thanks_nobody(db):
    record = ImpactRecordFactory(status=ImpactStatus.CHECKED)
    record.contributors.add(CoCreatorFactory())
    impact_record_publish(record=record, public_url=PUBLIC)
    assert not _thanks().exists()
    assert Message.objects.filter(kind="impact_published").count() == 1


def test_the_thanks_context_is_plain_values(world):
    impact_record_publish(record=world["record"], public_url=PUBLIC)
    message = _thanks().first()
    assert message.template == "impact/email/thanks"
    assert message.context == {
        "record_title": "Hot food on every ward",
        "we_did": "Every ward now serves a hot meal at supper.",
        "we_could_not": "",
        "public_url": PUBLIC,
    }
