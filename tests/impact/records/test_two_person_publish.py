"""Two people read every impact record before it is public: whoever marks it as checked cannot
also publish it (IMPACT_TWO_PERSON_PUBLISH, on by default)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from community.models import Role
from impact.models import ImpactStatus
from impact.services.records import PublishRefused, impact_record_check, impact_record_publish
from tests.community.factories import UserFactory
from tests.conftest import client_for


@pytest.fixture
def second_staff_member(db):
    user = UserFactory(email="pat.partner@example.org", role=Role.STAFF, full_name="Pat Partner")
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def second_staff_client(second_staff_member):
    return client_for(second_staff_member)


def _check(client, record):
    response = client.post(reverse("impact:record-check", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()


def test_checking_notes_who_checked_and_when(staff_client, staff_member_with_mfa, record):
    _check(staff_client, record)
    assert record.status == ImpactStatus.CHECKED
    assert record.checked_by == staff_member_with_mfa
    assert record.checked_at is not None


def test_the_person_who_checked_cannot_publish(staff_client, record):
    _check(staff_client, record)
    url = reverse("impact:record-publish", args=[record.pk])

    page = staff_client.get(url).content.decode()
    assert "Someone else must publish this record" in page
    assert "Yes, publish it" not in page

    response = staff_client.post(url)
    assert "You marked this record as checked, so someone else in the team must publish it." in (
        response.content.decode()
    )
    record.refresh_from_db()
    assert record.status == ImpactStatus.CHECKED and record.published_at is None


def test_the_record_page_says_who_checked_and_offers_publishing_only_to_someone_else(
    staff_client, second_staff_client, record
):
    _check(staff_client, record)
    detail = reverse("impact:record-detail", args=[record.pk])
    publish = reverse("impact:record-publish", args=[record.pk])

    mine = staff_client.get(detail).content.decode()
    assert "Marked as checked by you on" in mine
    assert "someone else in the team must publish it" in mine
    assert f'href="{publish}"' not in mine

    theirs = second_staff_client.get(detail).content.decode()
    assert "Marked as checked by Sam Staff on" in theirs
    assert f'href="{publish}"' in theirs


def test_a_second_member_of_staff_publishes_it(
    staff_client, second_staff_client, record, django_capture_on_commit_callbacks
):
    _check(staff_client, record)
    with django_capture_on_commit_callbacks(execute=True):
        response = second_staff_client.post(reverse("impact:record-publish", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ImpactStatus.PUBLISHED


def test_with_the_setting_off_one_person_may_check_and_publish(settings, staff_client, record):
    settings.IMPACT_TWO_PERSON_PUBLISH = False
    _check(staff_client, record)
    response = staff_client.post(reverse("impact:record-publish", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ImpactStatus.PUBLISHED


def test_the_service_refuses_the_checker_whatever_page_calls_it(
    staff_member, second_staff_member, record
):
    impact_record_check(record=record, actor=staff_member)
    with pytest.raises(PublishRefused, match="someone else in the team must publish it"):
        impact_record_publish(record=record, public_url="https://example.org/", actor=staff_member)
    impact_record_publish(
        record=record, public_url="https://example.org/", actor=second_staff_member
    )
    assert record.status == ImpactStatus.PUBLISHED


def test_the_checker_leaving_the_team_does_not_stop_publishing(staff_member, record):
    impact_record_check(record=record, actor=staff_member)
    staff_member.delete()
    record.refresh_from_db()
    assert record.checked_by is None
    impact_record_publish(record=record, public_url="https://example.org/", actor=None)
    assert record.status == ImpactStatus.PUBLISHED
