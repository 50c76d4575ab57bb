"""Only involvement staff reach impact records; everyone else is turned away."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse

from impact.models import ImpactDocument
from impact.permissions import get_impact_record_for_user
from tests.conftest import client_for


@pytest.fixture
def document(record):
    document = ImpactDocument(
        record=record, display_name="notes.pdf", content_type="application/pdf", size=9
    )
    document.file.save("evidence/test.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return document


@pytest.fixture
def every_url(record, evidence, document):
    return [
        reverse("impact:record-list"),
        reverse("impact:record-add"),
        reverse("impact:record-detail", args=[record.pk]),
        reverse("impact:record-edit", args=[record.pk]),
        reverse("impact:record-check", args=[record.pk]),
        reverse("impact:record-publish", args=[record.pk]),
        reverse("impact:evidence-add", args=[record.pk]),
        reverse("impact:evidence-edit", args=[record.pk, evidence.pk]),
        reverse("impact:evidence-delete", args=[record.pk, evidence.pk]),
        reverse("impact:document-add", args=[record.pk]),
        reverse("impact:document-download", args=[record.pk, document.pk]),
    ]


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_staff_page(anonymous, every_url):
    for url in every_url:
        for method in (anonymous.get, anonymous.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["cocreator", "steering_member"])
def test_a_cocreator_or_steering_member_is_refused_every_staff_page(
    request, persona, every_url, record
):
    client = client_for(request.getfixturevalue(persona))
    for url in every_url:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Taken over"}).status_code == 403, url
    record.refresh_from_db()
    assert record.title != "Taken over"
    assert record.status == "draft"


@pytest.mark.parametrize("persona", ["cocreator", "steering_member"])
def test_the_gatekeeper_hides_a_record_from_anyone_but_staff(request, persona, record):
    with pytest.raises(Http404):
        get_impact_record_for_user(request.getfixturevalue(persona), record.pk)


def test_the_gatekeeper_gives_staff_any_record(staff_member, record):
    assert get_impact_record_for_user(staff_member, record.pk) == record


def test_a_record_that_does_not_exist_is_not_found(staff_client):
    assert staff_client.get(reverse("impact:record-detail", args=[999999])).status_code == 404


def test_evidence_of_another_record_is_not_found_under_this_one(staff_client, record, evidence):
    from tests.impact.factories import ImpactRecordFactory

    other = ImpactRecordFactory(title="Another change")
    url = reverse("impact:evidence-edit", args=[other.pk, evidence.pk])
    assert staff_client.get(url).status_code == 404
    assert (
        staff_client.post(
            reverse("impact:evidence-delete", args=[other.pk, evidence.pk])
        ).status_code
        == 404
    )
    assert record.evidence.count() == 1


def test_the_public_page_is_open_to_everyone(db, anonymous):
    assert anonymous.get(reverse("impact:you-said-we-did")).status_code == 200
