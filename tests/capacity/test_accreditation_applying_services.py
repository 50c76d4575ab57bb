"""Accreditation applying's services and gatekeepers, one rule at a time."""

import pytest
from django.http import Http404

from capacity.accreditation.applying.permissions import (
    get_application_for_user,
    get_evidence_for_user,
    get_service_for_user,
)
from capacity.accreditation.applying.selectors import application_page, missing_criteria
from capacity.accreditation.applying.services import (
    AccreditationRefused,
    ApplicationIncomplete,
    application_start,
    application_submit,
    application_withdraw,
    assessment_save,
    evidence_link,
    service_contact_add,
    service_invite,
)
from capacity.models import (
    AccreditationEvidence,
    ApplicationStatus,
    EvidenceKind,
    SelfAssessment,
)
from capacity.partners.services import partner_access_end, partner_access_give
from community.models import Message, Role
from tests.community.factories import UserFactory
from tests.impact.factories import ImpactRecordFactory

from .accreditation_applying_factories import (
    ApplicationFactory,
    AssessmentFactory,
    ServiceFactory,
    answer_all,
    framework_with_criteria,
)


@pytest.fixture
def application(db, partner_member):
    framework, criteria = framework_with_criteria()
    service = ServiceFactory(contacts=[partner_member])
    application = ApplicationFactory(service=service, framework=framework)
    application.criteria = criteria
    return application


def test_starting_needs_a_published_version(staff_member):
    service = ServiceFactory()
    with pytest.raises(AccreditationRefused, match="criteria have not been published yet"):
        application_start(service=service, actor=staff_member)


def test_starting_uses_the_newest_published_version(staff_member):
    framework_with_criteria(version="2025.1")
    newest, _ = framework_with_criteria(version="2026.1")
    framework_with_criteria(version="2027.1", published_at=None)
    started = application_start(service=ServiceFactory(), actor=staff_member)
    assert started.framework == newest and started.status == ApplicationStatus.DRAFT


def test_inviting_twice_keeps_the_first_invitation(staff_member, other_cocreator):
    service = ServiceFactory(invited_at=None)
    service_invite(service=service, actor=staff_member)
    first = service.invited_at
    service_invite(service=service, actor=other_cocreator)
    service.refresh_from_db()
    assert service.invited_at == first and service.invited_by == staff_member


def test_missing_criteria_need_both_a_rating_and_words(application, partner_member):
    first, second, *rest = application.criteria
    AssessmentFactory(application=application, criterion=first)
    AssessmentFactory(application=application, criterion=second, how_we_meet_it="   ")
    assert missing_criteria(application) == [second, *rest]
    page = application_page(application)
    assert (page.answered, page.total) == (1, 4)


def test_submitting_with_criteria_missing_lists_them_and_changes_nothing(
    application, partner_member
):
    AssessmentFactory(application=application, criterion=application.criteria[0])
    with pytest.raises(ApplicationIncomplete) as refused:
        application_submit(application=application, actor=partner_member)
    assert refused.value.missing == application.criteria[1:]
    assert "3 criteria have no rating" in str(refused.value)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not Message.objects.filter(key__startswith="accreditation-submitted:").exists()


def test_submitting_sends_each_active_contact_one_receipt(application, partner_member):
    second = UserFactory(email="second.contact@example.org", role=Role.PARTNER)
    gone = UserFactory(email="gone@example.org", role=Role.PARTNER)
    gone.is_active = False
    gone.save()
    application.service.contacts.add(second, gone)
    answer_all(application, application.criteria)
    application_submit(application=application, actor=partner_member)
    keys = set(
        Message.objects.filter(key__startswith="accreditation-submitted:").values_list(
            "key", "user_id"
        )
    )
    assert keys == {
        (f"accreditation-submitted:{application.pk}:{partner_member.pk}", partner_member.pk),
        (f"accreditation-submitted:{application.pk}:{second.pk}", second.pk),
    }
    with pytest.raises(AccreditationRefused):
        application_submit(application=application, actor=partner_member)


def test_answers_and_evidence_are_refused_once_with_the_panel(application, staff_member):
    application.status = ApplicationStatus.IN_REVIEW
    application.save()
    with pytest.raises(AccreditationRefused):
        assessment_save(
            application=application,
            criterion=application.criteria[0],
            rating="met",
            how_we_meet_it="x",
            actor=staff_member,
        )
    with pytest.raises(AccreditationRefused):
        evidence_link(
            application=application,
            criterion=application.criteria[0],
            actor=staff_member,
            impact_record=ImpactRecordFactory(published=True),
        )
    assert not SelfAssessment.objects.exists()


def test_evidence_before_an_answer_makes_an_empty_answer_that_does_not_count(
    application, partner_member
):
    evidence_link(
        application=application,
        criterion=application.criteria[0],
        actor=partner_member,
        impact_record=ImpactRecordFactory(published=True),
    )
    assessment = SelfAssessment.objects.get()
    assert (assessment.rating, assessment.how_we_meet_it) == ("", "")
    assert application.criteria[0] in missing_criteria(application)
    saved = assessment_save(
        application=application,
        criterion=application.criteria[0],
        rating="partly",
        how_we_meet_it="We are starting.",
        actor=partner_member,
    )
    assert saved.pk == assessment.pk and saved.evidence.count() == 1


def test_evidence_links_one_thing(application, partner_member):
    with pytest.raises(ValueError, match="one impact record or one activity"):
        evidence_link(application=application, criterion=application.criteria[0], actor=None)


def test_withdrawing(application, partner_member):
    application_withdraw(application=application, actor=partner_member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(AccreditationRefused):
        application_withdraw(application=application, actor=partner_member)


def test_gatekeepers(application, partner_member, staff_member, cocreator, steering_member):
    stranger = UserFactory(email="stranger@example.org", role=Role.PARTNER)
    assert get_application_for_user(staff_member, application.pk, write=True) == application
    assert get_application_for_user(partner_member, application.pk, write=True) == application
    assert get_service_for_user(partner_member, application.service_id) == application.service
    for user in (stranger, cocreator, steering_member):
        with pytest.raises(Http404):
            get_application_for_user(user, application.pk)
        with pytest.raises(Http404):
            get_service_for_user(user, application.service_id)
    application.status = ApplicationStatus.SUBMITTED
    application.save()
    assert get_application_for_user(partner_member, application.pk) == application
    with pytest.raises(Http404):
        get_application_for_user(partner_member, application.pk, write=True)
    assert get_application_for_user(staff_member, application.pk, write=True) == application
    application.status = ApplicationStatus.IN_REVIEW
    application.save()
    assert get_application_for_user(staff_member, application.pk) == application
    with pytest.raises(Http404):
        get_application_for_user(staff_member, application.pk, write=True)


def test_evidence_is_reached_only_through_its_own_application(application, partner_member):
    other = ApplicationFactory(service=ServiceFactory(contacts=[partner_member]))
    assessment = AssessmentFactory(application=application, criterion=application.criteria[0])
    evidence = AccreditationEvidence.objects.create(
        assessment=assessment, kind=EvidenceKind.IMPACT, impact_record=ImpactRecordFactory()
    )
    assert get_evidence_for_user(partner_member, application.pk, evidence.pk) == evidence
    with pytest.raises(Http404):
        get_evidence_for_user(partner_member, other.pk, evidence.pk)


def test_a_contact_who_left_the_partner_section_is_refused(application, partner_member):
    access = partner_access_give(actor=None, email=partner_member.email, full_name="Pat")
    partner_access_end(actor=None, access=access)
    partner_member.refresh_from_db()
    partner_member.__dict__.pop("_cocreation_roles", None)
    with pytest.raises(Http404):
        get_application_for_user(partner_member, application.pk)


def test_adding_a_contact_gives_a_partner_login_once(staff_member):
    service = ServiceFactory()
    first = service_contact_add(
        service=service, actor=staff_member, email="Lead@Example.org", full_name="Lee Lead"
    )
    again = service_contact_add(
        service=service, actor=staff_member, email="lead@example.org", full_name="Lee Lead"
    )
    assert first == again and list(service.contacts.all()) == [first]
    assert first.email == "lead@example.org"
    assert Message.objects.filter(user=first).count() == 1


def test_a_contact_whose_access_ended_keeps_their_organisation_when_added_again(staff_member):
    from community.models import PartnerOrganisation

    university = PartnerOrganisation.objects.create(name="Downsview University")
    access = partner_access_give(
        actor=staff_member,
        email="lead@example.org",
        full_name="Lee Lead",
        organisation=university,
        job_title="Lecturer",
    )
    partner_access_end(actor=staff_member, access=access)
    service_contact_add(
        service=ServiceFactory(), actor=staff_member, email="lead@example.org", full_name="Lee Lead"
    )
    access.refresh_from_db()
    assert access.ended_at is None
    assert access.organisation == university and access.job_title == "Lecturer"
