"""Writing, checking and publishing "We asked, you said, we did": only once it has ended, read
by two people (impact's rule), published once as an impact record in "You said, we did", and
everyone who took part told once, however often it is published."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from community.models import Message, Role
from consultations.models import Outcome
from consultations.outcomes.services import (
    PublishRefused,
    outcome_check,
    outcome_publish,
)
from consultations.staff.services import consultation_close
from impact.models import ChangeKind, ImpactStatus
from tests.community.factories import UserFactory
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory
from tests.consultations.outcomes_factories import answered_consultation, written_outcome

pytestmark = pytest.mark.django_db

KEY = "consultation-outcome:{}:"


@pytest.fixture
def second_staff_member(db):
    user = UserFactory(email="pat.second@example.org", role=Role.STAFF, full_name="Pat Second")
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def second_staff_client(second_staff_member):
    return client_for(second_staff_member)


def _url(name, consultation):
    return reverse(f"consultations:{name}", args=[consultation.pk])


def _seen(consultation) -> dict:
    """What the outcome page sends with "Mark it as checked": when the words read were saved."""
    return {"seen": Outcome.objects.get(consultation=consultation).updated_at.isoformat()}


def _form(**overrides):
    data = {
        "we_asked": "We asked when you would call.",
        "you_said": "About 30 people took part.",
        "we_did": "We opened until midnight.",
        "we_could_not": "",
    }
    return {**data, **overrides}


def test_before_it_ends_the_page_says_when_it_can_be_written(staff_client):
    consultation = ConsultationFactory()
    url = _url("staff-outcome", consultation)
    page = staff_client.get(url).content.decode()
    assert "You can write this once the consultation has closed" in page
    assert "<textarea" not in page
    staff_client.post(url, _form())
    assert not Outcome.objects.exists()


def test_once_ended_the_form_is_drafted_from_the_topic_and_the_results(staff_client):
    consultation, _ = answered_consultation(people=3)
    page = staff_client.get(_url("staff-outcome", consultation)).content.decode()
    assert consultation.title in page
    assert "Fewer than 8 people took part." in page


def test_a_missing_answer_is_a_plain_error_and_saves_nothing(staff_client):
    consultation, _ = answered_consultation(people=1)
    response = staff_client.post(_url("staff-outcome", consultation), _form(we_did=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page and "Enter what we did" in page
    assert "<title>Error: " in page
    assert not Outcome.objects.exists()


def test_saving_notes_the_writer(staff_client, staff_member):
    consultation, _ = answered_consultation(people=1)
    response = staff_client.post(_url("staff-outcome", consultation), _form())
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.written_by == staff_member and outcome.checked_at is None


def test_the_writer_cannot_check_it_a_second_person_does(
    staff_client, second_staff_client, staff_member, second_staff_member
):
    consultation, _ = answered_consultation(people=1)
    outcome = written_outcome(consultation, by=staff_member)
    refused = staff_client.post(_url("staff-outcome-check", consultation), _seen(consultation))
    assert "someone else in the team must check it" in refused.content.decode()
    outcome.refresh_from_db()
    assert outcome.checked_at is None
    checked = second_staff_client.post(
        _url("staff-outcome-check", consultation), _seen(consultation)
    )
    assert checked.status_code == 302
    outcome.refresh_from_db()
    assert outcome.checked_by == second_staff_member


def test_the_checker_cannot_publish_it_as_for_impact_records(
    second_staff_client, staff_member, second_staff_member
):
    consultation, _ = answered_consultation(people=1)
    written_outcome(consultation, by=staff_member, checked_by=second_staff_member)
    url = _url("staff-outcome-publish", consultation)
    assert "Someone else must publish this" in second_staff_client.get(url).content.decode()
    page = second_staff_client.post(url, {"kind": ChangeKind.SERVICE}).content.decode()
    assert "someone else in the team must publish it" in page
    assert Outcome.objects.get().published_at is None


def test_it_cannot_be_published_before_it_is_checked(staff_client, second_staff_member):
    consultation, _ = answered_consultation(people=1)
    written_outcome(consultation, by=second_staff_member)
    page = staff_client.post(
        _url("staff-outcome-publish", consultation), {"kind": ChangeKind.SERVICE}
    ).content.decode()
    assert "Mark it as checked before you publish it." in page
    assert Outcome.objects.get().published_at is None


def test_publishing_needs_the_kind_of_change(staff_client, staff_member, second_staff_member):
    consultation, _ = answered_consultation(people=1)
    written_outcome(consultation, by=staff_member, checked_by=second_staff_member)
    page = staff_client.post(_url("staff-outcome-publish", consultation), {}).content.decode()
    assert "Choose what kind of change it is" in page and "nhsuk-error-summary" in page
    assert Outcome.objects.get().published_at is None


def test_changing_the_words_takes_the_check_away(staff_client, staff_member, second_staff_member):
    consultation, _ = answered_consultation(people=1)
    outcome = written_outcome(consultation, by=second_staff_member, checked_by=second_staff_member)
    staff_client.post(_url("staff-outcome", consultation), _form())
    outcome.refresh_from_db()
    assert outcome.checked_at is None and outcome.written_by == staff_member


def test_with_the_setting_off_one_person_writes_checks_and_publishes(
    settings, staff_client, django_capture_on_commit_callbacks
):
    settings.IMPACT_TWO_PERSON_PUBLISH = False
    consultation, _ = answered_consultation(people=1)
    staff_client.post(_url("staff-outcome", consultation), _form())
    checked = staff_client.post(_url("staff-outcome-check", consultation), _seen(consultation))
    assert checked.status_code == 302
    response = staff_client.post(
        _url("staff-outcome-publish", consultation), {"kind": ChangeKind.BOTH}
    )
    assert response.status_code == 302
    assert Outcome.objects.get().is_published


def _publish(client, consultation):
    return client.post(_url("staff-outcome-publish", consultation), {"kind": ChangeKind.SERVICE})


def test_publishing_makes_a_published_impact_record_shown_in_you_said_we_did(
    staff_client, anonymous, staff_member, second_staff_member
):
    consultation, _ = answered_consultation(people=3, public=2)
    written_outcome(consultation, by=second_staff_member, checked_by=second_staff_member)
    assert _publish(staff_client, consultation).status_code == 302
    outcome = Outcome.objects.get()
    record = outcome.impact_record
    assert outcome.published_by == staff_member and outcome.published_at is not None
    assert record.status == ImpactStatus.PUBLISHED
    assert record.what_changed == outcome.we_did and record.kind == ChangeKind.SERVICE
    assert (record.you_said, record.we_could_not) == (outcome.you_said, outcome.we_could_not)
    assert list(record.activities.all()) == [consultation.activity]
    assert record.contributors.count() == 3
    assert "5 people took part" in record.how_influenced
    public = anonymous.get(reverse("impact:you-said-we-did")).content.decode()
    assert consultation.title in public and outcome.we_did in public


def test_everyone_who_took_part_is_told_once_however_often_it_is_published(
    staff_client, second_staff_member, django_capture_on_commit_callbacks
):
    consultation, _ = answered_consultation(people=3, public=2)
    written_outcome(consultation, by=second_staff_member, checked_by=second_staff_member)
    with django_capture_on_commit_callbacks(execute=True):
        assert _publish(staff_client, consultation).status_code == 302
        assert _publish(staff_client, consultation).status_code == 302
    messages = Message.objects.filter(key__startswith=KEY.format(consultation.pk))
    assert messages.count() == 3
    assert set(messages.values_list("kind", flat=True)) == {"consultation_outcome"}
    assert len(set(messages.values_list("cocreator_id", flat=True))) == 3
    # Impact's own messages are not sent as well: each person hears once.
    assert not Message.objects.exclude(key__startswith=KEY.format(consultation.pk)).exists()


def test_the_service_publishes_once_whoever_calls_it_twice(staff_member, second_staff_member):
    consultation, _ = answered_consultation(people=2)
    outcome = written_outcome(consultation, by=second_staff_member)
    outcome_check(outcome=outcome, actor=staff_member)
    with pytest.raises(PublishRefused):
        outcome_publish(outcome=outcome, kind="service", page_url="https://x/", actor=staff_member)
    first = outcome_publish(
        outcome=outcome, kind="service", page_url="https://x/", actor=second_staff_member
    )
    again = outcome_publish(
        outcome=outcome, kind="both", page_url="https://x/", actor=second_staff_member
    )
    assert again.impact_record_id == first.impact_record_id
    assert Message.objects.filter(kind="consultation_outcome").count() == 2


def test_once_published_it_is_read_only(staff_client, second_staff_member):
    consultation, _ = answered_consultation(people=1)
    written_outcome(consultation, by=second_staff_member, checked_by=second_staff_member)
    _publish(staff_client, consultation)
    url = _url("staff-outcome", consultation)
    page = staff_client.get(url).content.decode()
    assert "It can no longer be changed" in page and "<textarea" not in page
    staff_client.post(url, _form(we_did="Something else"))
    assert Outcome.objects.get().we_did == "The line now opens until midnight."


def test_a_consultation_closed_early_can_have_its_outcome_written(staff_client):
    consultation = ConsultationFactory()
    consultation_close(consultation=consultation, actor=None)
    page = staff_client.get(_url("staff-outcome", consultation)).content.decode()
    assert "<textarea" in page and "You can write this once" not in page
    assert staff_client.post(_url("staff-outcome", consultation), _form()).status_code == 302
    assert Outcome.objects.get().consultation == consultation


def test_a_check_of_words_changed_since_the_page_was_opened_is_refused(
    staff_client, second_staff_client, staff_member
):
    consultation, _ = answered_consultation(people=1)
    outcome = written_outcome(consultation, by=staff_member)
    page = second_staff_client.get(_url("staff-outcome", consultation)).content.decode()
    assert 'name="seen"' in page
    seen = _seen(consultation)
    staff_client.post(_url("staff-outcome", consultation), _form(we_did="Something new"))
    refused = second_staff_client.post(_url("staff-outcome-check", consultation), seen)
    assert "Someone changed the words after you opened the page" in refused.content.decode()
    assert "<title>Error: " in refused.content.decode()
    no_seen = second_staff_client.post(_url("staff-outcome-check", consultation))
    assert no_seen.status_code == 200
    outcome.refresh_from_db()
    assert outcome.checked_at is None
    assert (
        second_staff_client.post(
            _url("staff-outcome-check", consultation), _seen(consultation)
        ).status_code
        == 302
    )
