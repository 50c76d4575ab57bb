"""Case studies: staff only; published only with consent, and taken down when it is withdrawn."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from community.models import AuditAction, AuditEvent
from community.services import cocreator_for_user_ensure
from impact.models import CaseStudy, ChangeKind, ImpactRecord
from impact.selectors import published_case_studies_count
from tests.conftest import client_for


@pytest.fixture
def person(cocreator):
    return cocreator_for_user_ensure(user=cocreator)


@pytest.fixture
def record(db):
    return ImpactRecord.objects.create(
        title="Evening clinic",
        what_changed="Opens later",
        kind=ChangeKind.SERVICE,
        how_influenced="Co-creators asked for it",
    )


@pytest.fixture
def case_study(person):
    return CaseStudy.objects.create(title="Finding my voice", story="A story.", cocreator=person)


def urls(case_study):
    pk = case_study.pk
    return [
        reverse("impact:casestudy-list"),
        reverse("impact:casestudy-add"),
        reverse("impact:casestudy-edit", args=[pk]),
        reverse("impact:casestudy-consent", args=[pk]),
        reverse("impact:casestudy-consent-withdraw", args=[pk]),
        reverse("impact:casestudy-publish", args=[pk]),
        reverse("impact:casestudy-unpublish", args=[pk]),
    ]


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page(anonymous, case_study):
    for url in urls(case_study):
        for method in (anonymous.get, anonymous.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["cocreator", "steering_member"])
def test_a_cocreator_or_steering_member_is_refused_every_page(request, persona, case_study):
    client = client_for(request.getfixturevalue(persona))
    for url in urls(case_study):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Taken over"}).status_code == 403, url
    case_study.refresh_from_db()
    assert case_study.title == "Finding my voice"
    assert case_study.publish_consent_given_at is None


def test_staff_get_404_for_a_case_study_that_is_not_there(staff_client):
    assert staff_client.get(reverse("impact:casestudy-edit", args=[999])).status_code == 404
    assert staff_client.post(reverse("impact:casestudy-publish", args=[999])).status_code == 404


def test_staff_add_a_case_study_linked_to_a_person_and_records(
    staff_client, staff_member, person, record
):
    response = staff_client.post(
        reverse("impact:casestudy-add"),
        {
            "title": "Evenings",
            "story": "How it happened.",
            "cocreator": person.pk,
            "impact_records": [record.pk],
        },
    )
    study = CaseStudy.objects.get()
    assert response.url == reverse("impact:casestudy-edit", args=[study.pk])
    assert (study.cocreator, study.created_by, study.published) == (person, staff_member, False)
    assert list(study.impact_records.all()) == [record]
    assert AuditEvent.objects.filter(cocreator_id=person.pk, action=AuditAction.CREATE).exists()


def test_a_case_study_without_title_or_story_is_refused(staff_client):
    response = staff_client.post(reverse("impact:casestudy-add"), {})
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Enter a title" in html and "Write the story" in html
    assert not CaseStudy.objects.exists()


def test_staff_change_a_case_study(staff_client, case_study, record):
    staff_client.post(
        reverse("impact:casestudy-edit", args=[case_study.pk]),
        {"title": "Finding my voice", "story": "A longer story.", "impact_records": [record.pk]},
    )
    case_study.refresh_from_db()
    assert case_study.story == "A longer story."
    assert case_study.cocreator is None
    assert list(case_study.impact_records.all()) == [record]


def test_publishing_without_consent_is_refused_in_plain_english(staff_client, case_study):
    response = staff_client.post(
        reverse("impact:casestudy-publish", args=[case_study.pk]), follow=True
    )
    assert "has not given consent" in response.content.decode()
    case_study.refresh_from_db()
    assert case_study.published is False


def test_recording_consent_keeps_the_notice_version_and_audits(
    staff_client, case_study, settings, person
):
    settings.PRIVACY_NOTICE_VERSION = "2027-01"
    staff_client.post(reverse("impact:casestudy-consent", args=[case_study.pk]))
    case_study.refresh_from_db()
    assert case_study.publish_consent_given_at is not None
    assert case_study.publish_consent_notice_version == "2027-01"
    event = AuditEvent.objects.get(action=AuditAction.CONSENT)
    assert event.cocreator_id == person.pk
    assert event.fields == ["case_study_publish_consent"]


def test_with_consent_staff_publish_and_unpublish(staff_client, case_study):
    staff_client.post(reverse("impact:casestudy-consent", args=[case_study.pk]))
    staff_client.post(reverse("impact:casestudy-publish", args=[case_study.pk]))
    case_study.refresh_from_db()
    assert case_study.published is True
    staff_client.post(reverse("impact:casestudy-unpublish", args=[case_study.pk]))
    case_study.refresh_from_db()
    assert case_study.published is False


def test_withdrawing_consent_unpublishes_at_once_and_blocks_publishing(
    staff_client, case_study, person
):
    staff_client.post(reverse("impact:casestudy-consent", args=[case_study.pk]))
    staff_client.post(reverse("impact:casestudy-publish", args=[case_study.pk]))
    staff_client.post(reverse("impact:casestudy-consent-withdraw", args=[case_study.pk]))
    case_study.refresh_from_db()
    assert case_study.published is False
    assert case_study.publish_consent_withdrawn_at is not None
    assert AuditEvent.objects.filter(
        cocreator_id=person.pk, action=AuditAction.CONSENT_WITHDRAWN
    ).exists()
    staff_client.post(reverse("impact:casestudy-publish", args=[case_study.pk]))
    case_study.refresh_from_db()
    assert case_study.published is False


def test_the_database_refuses_a_published_case_study_without_consent(case_study):
    case_study.published = True
    with pytest.raises(IntegrityError), transaction.atomic():
        case_study.save()


def test_published_case_studies_are_counted_for_a_period(person):
    now = timezone.now()
    for n, published in enumerate((True, True, False)):
        CaseStudy.objects.create(
            title=f"Story {n}", story="...", publish_consent_given_at=now, published=published
        )
    today = timezone.localdate()
    assert published_case_studies_count(today - datetime.timedelta(days=1), today) == 2
    assert (
        published_case_studies_count(
            today - datetime.timedelta(days=30), today - datetime.timedelta(days=2)
        )
        == 0
    )


def test_the_list_shows_consent_and_publishing(staff_client, case_study):
    html = staff_client.get(reverse("impact:casestudy-list")).content.decode()
    assert "Finding my voice" in html
    assert "Casey Cocreator" in html
    assert "Not given" in html


def test_the_list_query_count_does_not_grow(
    staff_member_with_mfa, person, django_assert_max_num_queries
):
    client = client_for(staff_member_with_mfa)
    CaseStudy.objects.create(title="One", story="...", cocreator=person)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("impact:casestudy-list"))
    for n in range(30):
        CaseStudy.objects.create(title=f"Story {n}", story="...", cocreator=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("impact:casestudy-list"))
    assert response.context["page_obj"].paginator.count == 31
