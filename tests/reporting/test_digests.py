"""Digests: new opportunities that match a person's interests, and 'You said, we did' changes."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from activities.models import ActivityStatus
from community.models import (
    CoCreator,
    CoCreatorStatus,
    DigestFrequency,
    Interest,
    InterestKind,
    Message,
    MessageStatus,
)
from reporting.newsletters import digests
from reporting.tasks import send_digests
from tests.impact.factories import ImpactRecordFactory
from tests.reporting.factories import DigestReaderFactory, OpportunityFactory

NOW = timezone.now()


def area(name):
    found, _ = Interest.objects.get_or_create(name=name, kind=InterestKind.SERVICE_AREA)
    return found


@pytest.fixture
def wards(db):
    return area("Acute wards")


@pytest.fixture
def memory(db):
    return area("Memory services")


def digest_messages():
    return Message.objects.filter(kind="digest")


# --- Who gets one, and what is in it -------------------------------------------------------------


def test_a_weekly_person_gets_a_digest_of_a_new_opportunity_that_matches(wards):
    ann = DigestReaderFactory(
        full_name="Ann Weekly", interests=[wards], last_digest_at=NOW - dt.timedelta(days=7)
    )
    new = OpportunityFactory(
        title="Ward garden session", service_area=wards, created=NOW - dt.timedelta(days=2)
    )
    OpportunityFactory(title="Old session", service_area=wards, created=NOW - dt.timedelta(days=9))
    assert digests.digests_send(now=NOW) == 1
    message = digest_messages().get()
    assert message.cocreator_id == ann.pk
    assert message.key == f"digest:{timezone.localdate(NOW).isoformat()}:{ann.pk}"
    assert message.status == MessageStatus.PENDING
    titles = [o["title"] for o in message.context["opportunities"]]
    assert titles == [new.title]  # the one added before the last digest is not repeated
    assert message.context["opportunities"][0]["reason"] == "About Acute wards"
    ann.refresh_from_db()
    assert ann.last_digest_at == NOW


def test_an_opportunity_about_something_else_is_not_sent(wards, memory):
    bea = DigestReaderFactory(
        full_name="Bea Weekly", interests=[memory], last_digest_at=NOW - dt.timedelta(days=8)
    )
    OpportunityFactory(
        title="Ward garden session", service_area=wards, created=NOW - dt.timedelta(days=1)
    )
    assert digests.digests_send(now=NOW) == 0
    assert not digest_messages().exists()
    bea.refresh_from_db()
    # Nothing was sent, so the next digest still covers the whole gap.
    assert bea.last_digest_at == NOW - dt.timedelta(days=8)


def test_nothing_new_means_no_digest(wards):
    DigestReaderFactory(
        full_name="Cal Weekly", interests=[wards], last_digest_at=NOW - dt.timedelta(days=8)
    )
    OpportunityFactory(title="Closed session", service_area=wards, status=ActivityStatus.PLANNED)
    OpportunityFactory(title="Private session", service_area=wards, is_public=False)
    assert digests.digests_send(now=NOW) == 0
    assert not digest_messages().exists()


def test_what_was_not_sent_is_still_covered_next_time(wards):
    dan = DigestReaderFactory(
        full_name="Dan Weekly", interests=[wards], last_digest_at=NOW - dt.timedelta(days=20)
    )
    OpportunityFactory(
        title="Session added a fortnight ago",
        service_area=wards,
        created=NOW - dt.timedelta(days=14),
    )
    assert digests.digests_send(now=NOW) == 1
    message = digest_messages().get(cocreator=dan)
    assert [o["title"] for o in message.context["opportunities"]] == [
        "Session added a fortnight ago"
    ]


def test_you_said_we_did_changes_go_to_everyone_due_whatever_their_interests(db):
    eve = DigestReaderFactory(full_name="Eve Weekly", last_digest_at=NOW - dt.timedelta(days=7))
    ImpactRecordFactory(
        title="Clearer letters", published=True, published_at=NOW - dt.timedelta(days=1)
    )
    ImpactRecordFactory(
        title="Older change", published=True, published_at=NOW - dt.timedelta(days=30)
    )
    assert digests.digests_send(now=NOW) == 1
    message = digest_messages().get(cocreator=eve)
    assert [u["title"] for u in message.context["updates"]] == ["Clearer letters"]
    assert message.context["opportunities"] == []


def test_someone_who_never_had_a_digest_gets_the_last_week_or_month(wards):
    weekly = DigestReaderFactory(full_name="Fay Weekly", interests=[wards])
    monthly = DigestReaderFactory(
        full_name="Gus Monthly", interests=[wards], digest_frequency=DigestFrequency.MONTHLY
    )
    OpportunityFactory(
        title="Ten days ago", service_area=wards, created=NOW - dt.timedelta(days=10)
    )
    OpportunityFactory(title="Yesterday", service_area=wards, created=NOW - dt.timedelta(days=1))
    digests.digests_send(now=NOW)
    assert [
        o["title"] for o in digest_messages().get(cocreator=weekly).context["opportunities"]
    ] == ["Yesterday"]
    monthly_titles = {
        o["title"] for o in digest_messages().get(cocreator=monthly).context["opportunities"]
    }
    assert monthly_titles == {"Ten days ago", "Yesterday"}


def test_a_monthly_person_is_not_sent_one_before_a_month_has_passed(wards):
    early = DigestReaderFactory(
        full_name="Hal Monthly",
        digest_frequency=DigestFrequency.MONTHLY,
        interests=[wards],
        last_digest_at=NOW - dt.timedelta(days=10),
    )
    due = DigestReaderFactory(
        full_name="Ida Monthly",
        digest_frequency=DigestFrequency.MONTHLY,
        interests=[wards],
        last_digest_at=NOW - dt.timedelta(days=30),
    )
    OpportunityFactory(title="New session", service_area=wards, created=NOW - dt.timedelta(days=2))
    assert digests.digests_send(now=NOW) == 1
    assert list(digest_messages().values_list("cocreator_id", flat=True)) == [due.pk]
    early.refresh_from_db()
    assert early.last_digest_at == NOW - dt.timedelta(days=10)


def test_people_who_cannot_or_did_not_ask_get_none(wards, settings):
    settings.SMS_BACKEND = "none"
    OpportunityFactory(title="New session", service_area=wards, created=NOW - dt.timedelta(days=1))
    DigestReaderFactory(
        full_name="Jo None", digest_frequency=DigestFrequency.NONE, interests=[wards]
    )
    DigestReaderFactory(full_name="Kim Left", interests=[wards], status=CoCreatorStatus.LEFT)
    DigestReaderFactory(full_name="Lee Unsubscribed", interests=[wards], email_unsubscribed_at=NOW)
    DigestReaderFactory(
        full_name="Max Post", interests=[wards], email="", prefers_email=False, prefers_post=True
    )
    DigestReaderFactory(
        full_name="Ned Text",
        interests=[wards],
        email="",
        prefers_email=False,
        prefers_sms=True,
        phone="07700900002",
    )
    assert digests.digests_send(now=NOW) == 0
    assert not digest_messages().exists()


def test_a_second_run_the_same_day_sends_nothing_new(wards):
    DigestReaderFactory(
        full_name="Ann Weekly", interests=[wards], last_digest_at=NOW - dt.timedelta(days=7)
    )
    DigestReaderFactory(full_name="Bob Weekly", interests=[wards])
    OpportunityFactory(title="New session", service_area=wards, created=NOW - dt.timedelta(days=1))
    assert digests.digests_send(now=NOW) == 2
    assert digests.digests_send(now=NOW + dt.timedelta(hours=3)) == 0
    assert digest_messages().count() == 2


def test_a_batch_run_twice_makes_no_second_message(wards):
    ann = DigestReaderFactory(
        full_name="Ann Weekly", interests=[wards], last_digest_at=NOW - dt.timedelta(days=7)
    )
    OpportunityFactory(title="New session", service_area=wards, created=NOW - dt.timedelta(days=1))
    assert digests.digest_send_batch(cocreator_ids=[ann.pk], now=NOW) == 1
    # Even if the person looked due again (say their record was restored), the key stops a repeat.
    CoCreator.objects.filter(pk=ann.pk).update(last_digest_at=NOW - dt.timedelta(days=7))
    digests.digest_send_batch(cocreator_ids=[ann.pk], now=NOW)
    assert digest_messages().count() == 1


def test_the_digest_email_goes_out_with_the_opportunity_and_the_links(
    wards, django_capture_on_commit_callbacks
):
    ann = DigestReaderFactory(
        full_name="Ann Weekly", interests=[wards], last_digest_at=NOW - dt.timedelta(days=7)
    )
    OpportunityFactory(
        title="Ward garden session", service_area=wards, created=NOW - dt.timedelta(days=2)
    )
    ImpactRecordFactory(
        title="Clearer letters", published=True, published_at=NOW - dt.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_digests()  # the daily task queues a batch; the eager worker sends it
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [ann.email]
    assert email.subject == "Your weekly update from Co-creation community"
    assert "Ward garden session" in email.body and "About Acute wards" in email.body
    html = email.alternatives[0][0]
    assert "<h1>Your weekly update</h1>" in html
    assert "Clearer letters" in html
    assert "/unsubscribe/" in html and "/portal/preferences/" in html
    assert digest_messages().get().status == MessageStatus.SENT


def test_a_text_message_digest_is_short(wards, django_capture_on_commit_callbacks):
    from community import notify

    notify.sms_outbox.clear()
    DigestReaderFactory(
        full_name="Ned Text",
        interests=[wards],
        email="",
        prefers_email=False,
        prefers_sms=True,
        phone="07700900002",
        last_digest_at=NOW - dt.timedelta(days=7),
    )
    OpportunityFactory(
        title="Ward garden session", service_area=wards, created=NOW - dt.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        digests.digests_send(now=NOW)
    assert len(notify.sms_outbox) == 1
    body = notify.sms_outbox[0]["body"]
    assert "1 new way to get involved" in body
    assert len(body) < 320


# --- Built a batch at a time ---------------------------------------------------------------------


def _crowd(n, *, interests):
    people = CoCreator.objects.bulk_create(
        CoCreator(
            full_name=f"Person {i}",
            email=f"person{i}@example.org",
            prefers_email=True,
            digest_frequency=DigestFrequency.WEEKLY if i % 2 else DigestFrequency.MONTHLY,
            last_digest_at=None if i % 3 == 0 else NOW - dt.timedelta(days=40),
        )
        for i in range(n)
    )
    through = CoCreator.interests.through
    through.objects.bulk_create(
        through(cocreator_id=p.pk, interest_id=interests[i % len(interests)].pk)
        for i, p in enumerate(people)
    )
    return [p.pk for p in people]


def test_building_a_batch_uses_the_same_queries_for_20_people_as_for_200(
    wards, memory, django_assert_num_queries
):
    for n in range(6):
        OpportunityFactory(
            title=f"Session {n}",
            service_area=(wards, memory)[n % 2],
            created=NOW - dt.timedelta(days=n),
        )
    ImpactRecordFactory(
        title="Clearer letters", published=True, published_at=NOW - dt.timedelta(days=1)
    )
    small = _crowd(20, interests=[wards, memory])
    large = _crowd(200, interests=[wards, memory])
    # Four of its own, and one for the consultations opened since (a registered extra).
    with django_assert_num_queries(5) as counted:
        built_small = digests.digest_build(cocreator_ids=small, now=NOW)
    with django_assert_num_queries(len(counted.captured_queries)):
        built_large = digests.digest_build(cocreator_ids=large, now=NOW)
    assert len(built_small) == 20 and len(built_large) == 200
    sample = built_large[large[1]]
    assert {o["reason"] for o in sample["opportunities"]} == {"About Memory services"}


def _queries_apart_from_message_inserts(run) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    # The database splits one bulk insert of messages into chunks (SQLite: about 60 rows each).
    return sum(1 for q in captured.captured_queries if 'INTO "community_message"' not in q["sql"])


def test_sending_a_batch_does_not_run_more_queries_for_more_people(wards, settings):
    settings.MESSAGE_BATCH_SIZE = 1000  # one delivery task for the batch, whatever its size
    OpportunityFactory(title="Session", service_area=wards, created=NOW - dt.timedelta(days=1))
    small = _crowd(20, interests=[wards])
    large = _crowd(200, interests=[wards])
    few = _queries_apart_from_message_inserts(
        lambda: digests.digest_send_batch(cocreator_ids=small, now=NOW)
    )
    many = _queries_apart_from_message_inserts(
        lambda: digests.digest_send_batch(cocreator_ids=large, now=NOW)
    )
    assert few == many
    assert digest_messages().count() == 220
