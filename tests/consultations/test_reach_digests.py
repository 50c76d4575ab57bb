"""Digests list the consultations opened since a person's last digest that they may take part in
and that are about a service area they chose (or about all our services); the build stays a
fixed number of queries per batch."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community import notify
from community.models import Message
from consultations.models import Audience
from reporting.newsletters import digests
from tests.consultations.factories import ConsultationFactory
from tests.reporting.factories import DigestReaderFactory

from .reach_factories import group_interested_in, service_area

NOW = timezone.now()
WEEK_AGO = NOW - dt.timedelta(days=7)


@pytest.fixture
def wards(db):
    return service_area("Acute wards")


@pytest.fixture
def memory(db):
    return service_area("Memory services")


def _opened(days_ago, **fields):
    moment = NOW - dt.timedelta(days=days_ago)
    fields.setdefault("published_at", moment)
    return ConsultationFactory(opens_at=moment, closes_at=NOW + dt.timedelta(days=14), **fields)


def _consultations_in(person) -> list[str]:
    message = Message.objects.get(kind="digest", cocreator=person)
    extras = {e["key"]: e for e in message.context["extras"]}
    return [item["title"] for item in extras.get("consultations", {}).get("items", [])]


def test_two_people_get_the_consultations_that_match_their_own_interests(wards, memory):
    ann = DigestReaderFactory(full_name="Ann Wards", interests=[wards], last_digest_at=WEEK_AGO)
    bea = DigestReaderFactory(full_name="Bea Memory", interests=[memory], last_digest_at=WEEK_AGO)
    visiting = _opened(2, title="Ward visiting times", service_area=wards)
    _opened(3, title="Memory clinic letters", service_area=memory)
    _opened(1, title="Crisis line hours")  # about no service area: for everyone
    assert digests.digests_send(now=NOW) == 2
    assert _consultations_in(ann) == ["Ward visiting times", "Crisis line hours"]
    assert _consultations_in(bea) == ["Memory clinic letters", "Crisis line hours"]
    message = Message.objects.get(kind="digest", cocreator=ann)
    extra = message.context["extras"][0]
    assert extra["heading"] == "Have your say online"
    assert extra["items"][0]["url"].endswith(reverse("consultations:detail", args=[visiting.pk]))
    assert extra["url"].endswith(reverse("consultations:list"))


def test_only_live_ones_opened_since_the_last_digest_that_they_may_join_are_listed(wards, memory):
    ann = DigestReaderFactory(full_name="Ann Wards", interests=[wards], last_digest_at=WEEK_AGO)
    _opened(10, title="Opened before the last digest", service_area=wards)
    _opened(
        10, title="Published since", service_area=wards, published_at=NOW - dt.timedelta(days=1)
    )
    _opened(2, title="A draft", service_area=wards, draft=True)
    ConsultationFactory(title="Ended", service_area=wards, ended=True)
    _opened(
        2, title="For the ward group", audience=Audience.GROUP, group=group_interested_in(wards)
    )
    _opened(
        2,
        title="For the memory group",
        audience=Audience.GROUP,
        group=group_interested_in(memory, name="Memory people"),
    )
    _opened(2, title="Public", audience=Audience.PUBLIC, service_area=wards)
    digests.digests_send(now=NOW)
    assert sorted(_consultations_in(ann)) == ["For the ward group", "Public", "Published since"]


def test_nothing_new_but_a_consultation_still_sends_a_digest(wards):
    ann = DigestReaderFactory(full_name="Ann Wards", interests=[wards], last_digest_at=WEEK_AGO)
    _opened(2, title="Ward visiting times", service_area=wards)
    assert digests.digests_send(now=NOW) == 1
    message = Message.objects.get(kind="digest", cocreator=ann)
    assert message.context["opportunities"] == [] and message.context["updates"] == []
    ann.refresh_from_db()
    assert ann.last_digest_at == NOW  # the next digest starts from this one
    assert digests.digests_send(now=NOW + dt.timedelta(days=8)) == 0  # told once


def test_nobody_gets_a_digest_for_a_consultation_about_something_else(wards, memory):
    bea = DigestReaderFactory(full_name="Bea Memory", interests=[memory], last_digest_at=WEEK_AGO)
    _opened(2, title="Ward visiting times", service_area=wards)
    assert digests.digests_send(now=NOW) == 0
    bea.refresh_from_db()
    assert bea.last_digest_at == WEEK_AGO  # nothing sent: the next digest covers the whole gap


def test_the_email_and_text_say_where_to_have_your_say(wards, django_capture_on_commit_callbacks):
    DigestReaderFactory(full_name="Ann Wards", interests=[wards], last_digest_at=WEEK_AGO)
    notify.sms_outbox.clear()
    DigestReaderFactory(
        full_name="Ned Text",
        interests=[wards],
        email="",
        prefers_email=False,
        prefers_sms=True,
        phone="07700900002",
        last_digest_at=WEEK_AGO,
    )
    _opened(2, title="Ward visiting times", service_area=wards, summary="Tell us when to visit.")
    with django_capture_on_commit_callbacks(execute=True):
        digests.digests_send(now=NOW)
    email = mail.outbox[0]
    assert "HAVE YOUR SAY ONLINE" in email.body
    assert "Ward visiting times" in email.body and "Tell us when to visit." in email.body
    assert "About Acute wards." in email.body
    html = email.alternatives[0][0]
    assert "<h2>Have your say online</h2>" in html
    assert reverse("consultations:list") in html
    body = notify.sms_outbox[0]["body"]
    assert "Have your say online (1 new): " in body and len(body) < 320


def _crowd(n, interests):
    people = [
        DigestReaderFactory(
            full_name=f"Person {n}-{i}",
            interests=[interests[i % len(interests)]],
            last_digest_at=WEEK_AGO,
        )
        for i in range(n)
    ]
    return [p.pk for p in people]


def test_the_batch_takes_the_same_queries_for_2_or_20_people(
    wards, memory, django_assert_num_queries
):
    _opened(2, title="Ward visiting times", service_area=wards)
    _opened(2, title="Memory clinic letters", service_area=memory)
    _opened(2, title="Ward group", audience=Audience.GROUP, group=group_interested_in(wards))
    _opened(
        2,
        title="Memory group",
        audience=Audience.GROUP,
        group=group_interested_in(memory, name="Memory people"),
    )
    small = _crowd(2, [wards, memory])
    large = _crowd(20, [wards, memory])
    with django_assert_num_queries(6) as counted:
        built_small = digests.digest_build(cocreator_ids=small, now=NOW)
    with django_assert_num_queries(len(counted.captured_queries)):
        built_large = digests.digest_build(cocreator_ids=large, now=NOW)
    assert len(built_small) == 2 and len(built_large) == 20
    titles = [i["title"] for i in built_large[large[1]]["extras"][0]["items"]]
    assert titles == ["Memory clinic letters", "Memory group"]
