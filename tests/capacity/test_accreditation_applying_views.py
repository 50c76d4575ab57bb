"""Accreditation applying's pages: outsiders refused on every one (by role, then 404 for a
service or application that is not theirs), and the whole journey from staff adding a service to
its contact submitting the application."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityStatus
from capacity.models import (
    AccreditationApplication,
    AccreditationEvidence,
    ApplicationStatus,
    EvidenceKind,
    SelfAssessment,
    Service,
)
from capacity.partners.services import partner_access_give
from community.models import Message, Role
from community.permissions import has_role
from tests.activities.factories import ActivityFactory
from tests.community.factories import UserFactory
from tests.conftest import client_for
from tests.impact.factories import ImpactRecordFactory

from .accreditation_applying_factories import (
    ApplicationFactory,
    AssessmentFactory,
    ServiceFactory,
    answer_all,
    framework_with_criteria,
)

PDF = b"%PDF-1.4\n" + b"minutes of the priorities meeting\n" * 20


@pytest.fixture
def world(db, partner_member):
    framework, criteria = framework_with_criteria()
    service = ServiceFactory(contacts=[partner_member])
    application = ApplicationFactory(service=service, framework=framework)
    assessment = AssessmentFactory(application=application, criterion=criteria[0])
    name = default_storage.save("evidence/2026/01/abc.pdf", ContentFile(PDF))
    document = AccreditationEvidence.objects.create(
        assessment=assessment,
        kind=EvidenceKind.DOCUMENT,
        document=name,
        document_name="Minutes.pdf",
    )
    return {
        "framework": framework,
        "standard": criteria[0].standard,
        "criterion": criteria[0],
        "criteria": criteria,
        "service": service,
        "application": application,
        "document": document,
    }


def _kwargs(kind, w):
    if kind == "contact":
        return {"pk": w["service"].pk, "user_pk": w["service"].contacts.first().pk}
    return {
        None: {},
        "service": {"pk": w["service"].pk},
        "framework": {"pk": w["framework"].pk},
        "standard": {"pk": w["standard"].pk},
        "criterion": {"pk": w["criterion"].pk},
        "application": {"pk": w["application"].pk},
        "assessment": {"pk": w["application"].pk, "criterion_pk": w["criterion"].pk},
        "evidence": {"pk": w["application"].pk, "evidence_pk": w["document"].pk},
    }[kind]


STAFF_PAGES = [
    ("accreditation-services", None),
    ("accreditation-service-add", None),
    ("accreditation-service", "service"),
    ("accreditation-service-edit", "service"),
    ("accreditation-service-invite", "service"),
    ("accreditation-service-start", "service"),
    ("accreditation-contact-add", "service"),
    ("accreditation-contact-remove", "contact"),
    ("accreditation-criteria", None),
    ("accreditation-framework-add", None),
    ("accreditation-framework", "framework"),
    ("accreditation-framework-edit", "framework"),
    ("accreditation-framework-publish", "framework"),
    ("accreditation-standard-add", "framework"),
    ("accreditation-standard-edit", "standard"),
    ("accreditation-standard-remove", "standard"),
    ("accreditation-criterion-add", "standard"),
    ("accreditation-criterion-edit", "criterion"),
    ("accreditation-criterion-remove", "criterion"),
]
APPLICATION_PAGES = [
    ("application", "application"),
    ("assessment", "assessment"),
    ("evidence-impact", "assessment"),
    ("evidence-activity", "assessment"),
    ("evidence-document", "assessment"),
    ("evidence-remove", "evidence"),
    ("evidence-download", "evidence"),
    ("submit", "application"),
    ("withdraw", "application"),
]
PARTNER_PAGES = [
    ("accreditation-partner-home", None),
    ("accreditation-partner-start", "service"),
    *[(f"accreditation-partner-{page}", kind) for page, kind in APPLICATION_PAGES],
]
ALL_STAFF_PAGES = [
    *STAFF_PAGES,
    *[(f"accreditation-staff-{page}", kind) for page, kind in APPLICATION_PAGES],
]


def _url(name, kind, w):
    return reverse(f"capacity:{name}", kwargs=_kwargs(kind, w))


@pytest.mark.parametrize(("name", "kind"), ALL_STAFF_PAGES)
def test_staff_pages_refuse_everyone_else(
    name, kind, world, client, cocreator, steering_member, partner_member
):
    url = _url(name, kind, world)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for user in (cocreator, steering_member, partner_member):
        assert client_for(user).get(url).status_code == 403, user
        assert client_for(user).post(url, {}).status_code == 403, user
    assert AccreditationApplication.objects.count() == 1
    assert Service.objects.get().contacts.count() == 1


@pytest.mark.parametrize(("name", "kind"), PARTNER_PAGES)
def test_partner_pages_refuse_other_roles(
    name, kind, world, client, cocreator, steering_member, staff_member_with_mfa
):
    url = _url(name, kind, world)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for user in (cocreator, steering_member, staff_member_with_mfa):
        assert client_for(user).get(url).status_code == 403, user
        assert client_for(user).post(url, {}).status_code == 403, user


@pytest.mark.parametrize(("name", "kind"), PARTNER_PAGES[1:])
def test_a_partner_who_is_not_the_services_contact_gets_404(name, kind, world):
    stranger = UserFactory(email="stranger@example.org", role=Role.PARTNER)
    url = _url(name, kind, world)
    client = client_for(stranger)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"rating": "met", "how_we_meet_it": "x"}).status_code in (404, 405)
    assert AccreditationApplication.objects.count() == 1
    assert SelfAssessment.objects.count() == 1
    assert AccreditationEvidence.objects.count() == 1


def test_a_non_contact_partner_sees_no_service_on_their_page(world):
    stranger = UserFactory(email="stranger@example.org", role=Role.PARTNER)
    response = client_for(stranger).get(reverse("capacity:accreditation-partner-home"))
    assert response.status_code == 200
    assert world["service"].name not in response.content.decode()
    assert "You are not a contact for any service yet" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "kind"),
    [(n, k) for n, k in ALL_STAFF_PAGES if k is not None and n != "accreditation-contact-remove"],
)
def test_staff_pages_404_for_a_row_that_is_not_there(name, kind, world, staff_client):
    kwargs = {key: 999999 for key in _kwargs(kind, world)}
    assert staff_client.get(reverse(f"capacity:{name}", kwargs=kwargs)).status_code in (404, 405)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (n, k)
        for n, k in ALL_STAFF_PAGES
        if not n.endswith(("-invite", "-start", "-remove", "evidence-download", "framework-add"))
        or n.endswith(("standard-remove", "criterion-remove"))
    ],
)
def test_staff_pages_open_for_staff(name, kind, world, staff_client):
    # A draft version, so its change pages open (a published one's answer 404: see the
    # criteria tests).
    world["framework"].published_at = None
    world["framework"].save()
    assert staff_client.get(_url(name, kind, world)).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        f"accreditation-partner-{page}"
        for page, _ in APPLICATION_PAGES
        if page not in ("evidence-remove", "evidence-download")
    ]
    + ["accreditation-partner-home"],
)
def test_partner_pages_open_for_the_services_contact(name, world, partner_member):
    kind = dict(PARTNER_PAGES)[name]
    assert client_for(partner_member).get(_url(name, kind, world)).status_code == 200


def test_the_contact_and_staff_download_a_document_as_an_attachment(world, partner_member):
    for client, area in ((client_for(partner_member), "partner"),):
        response = client.get(_url(f"accreditation-{area}-evidence-download", "evidence", world))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="Minutes.pdf"')
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF


def test_staff_download_a_document_too(world, staff_client):
    response = staff_client.get(_url("accreditation-staff-evidence-download", "evidence", world))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_a_submitted_application_is_read_only_for_the_service(world, partner_member):
    application = world["application"]
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    client = client_for(partner_member)
    page = client.get(_url("accreditation-partner-assessment", "assessment", world))
    assert page.status_code == 200
    assert "Save the answer" not in page.content.decode()
    assert "can no longer be changed" in page.content.decode()
    for name in ("evidence-impact", "evidence-activity", "evidence-document"):
        assert (
            client.get(_url(f"accreditation-partner-{name}", "assessment", world)).status_code
            == 404
        )
    response = client.post(
        _url("accreditation-partner-assessment", "assessment", world),
        {"rating": "not_yet", "how_we_meet_it": "Changed after submitting"},
    )
    assert response.status_code == 404
    assert (
        client.post(_url("accreditation-partner-evidence-remove", "evidence", world)).status_code
        == 404
    )
    assert client.get(_url("accreditation-partner-submit", "application", world)).status_code == 404
    assessment = SelfAssessment.objects.get()
    assert assessment.rating == "met"
    assert AccreditationEvidence.objects.count() == 1
    # The document can still be read.
    download = client.get(_url("accreditation-partner-evidence-download", "evidence", world))
    assert download.status_code == 200


def test_staff_may_still_mend_a_submitted_application_until_the_panel_starts(world, staff_client):
    application = world["application"]
    application.status = ApplicationStatus.SUBMITTED
    application.save()
    response = staff_client.post(
        _url("accreditation-staff-assessment", "assessment", world),
        {"rating": "partly", "how_we_meet_it": "Mended by staff"},
    )
    assert response.status_code == 302
    assert SelfAssessment.objects.get().how_we_meet_it == "Mended by staff"
    application.status = ApplicationStatus.IN_REVIEW
    application.save()
    response = staff_client.post(
        _url("accreditation-staff-assessment", "assessment", world),
        {"rating": "met", "how_we_meet_it": "Too late"},
    )
    assert response.status_code == 404
    assert SelfAssessment.objects.get().how_we_meet_it == "Mended by staff"


def test_the_whole_journey_from_a_new_service_to_a_submitted_application(
    staff_client, django_capture_on_commit_callbacks, partner_member
):
    framework, criteria = framework_with_criteria(standards=2, each=2)
    published = ImpactRecordFactory(title="Evening clinics", published=True)
    draft = ImpactRecordFactory(title="Draft change")
    past = ActivityFactory(
        title="Priorities workshop", starts_at=timezone.now() - dt.timedelta(days=20)
    )
    ActivityFactory(title="Private planning", is_public=False, starts_at=past.starts_at)
    ActivityFactory(title="Next week's session")

    # Staff add a service, invite it and give it a contact.
    response = staff_client.post(
        reverse("capacity:accreditation-service-add"),
        {"name": "Mother and Baby Unit", "directorate": "Specialist", "about": "Inpatient care"},
    )
    service = Service.objects.get(name="Mother and Baby Unit")
    assert response.url == reverse("capacity:accreditation-service", args=[service.pk])
    staff_client.post(reverse("capacity:accreditation-service-invite", args=[service.pk]))
    service.refresh_from_db()
    assert service.invited_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("capacity:accreditation-contact-add", args=[service.pk]),
            {"full_name": "Rosa Lead", "email": "rosa.lead@example.org"},
        )
    assert response.status_code == 302
    contact = service.contacts.get()
    assert contact.email == "rosa.lead@example.org"
    assert has_role(contact, Role.PARTNER)
    assert Message.objects.filter(user=contact).exists()  # told how to sign in

    # The contact starts an application on the current criteria.
    client = client_for(contact)
    home = client.get(reverse("capacity:accreditation-partner-home"))
    assert "Start an application" in home.content.decode()
    response = client.post(reverse("capacity:accreditation-partner-start", args=[service.pk]))
    application = AccreditationApplication.objects.get(service=service)
    assert application.framework == framework and application.started_by == contact
    assert response.url == reverse(
        "capacity:accreditation-partner-application", args=[application.pk]
    )
    page = client.get(response.url).content.decode()
    assert "0 of 4 criteria answered" in page
    assert criteria[0].text in page

    # Submitting too early says what is missing and writes nothing.
    submit_url = reverse("capacity:accreditation-partner-submit", args=[application.pk])
    response = client.post(submit_url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "The application was not submitted: 4 criteria still need a rating and an answer" in text
    assert all(c.text in text for c in criteria)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT

    # Self-assess each criterion.
    for criterion in criteria:
        url = reverse(
            "capacity:accreditation-partner-assessment", args=[application.pk, criterion.pk]
        )
        response = client.post(
            url, {"rating": "met", "how_we_meet_it": f"How we meet {criterion.number}"}
        )
        assert response.status_code == 302
    page = client.get(reverse("capacity:accreditation-partner-application", args=[application.pk]))
    assert "4 of 4 criteria answered" in page.content.decode()

    # Evidence: only a published impact record, only a public past activity, and a document.
    first = criteria[0]
    impact_url = reverse(
        "capacity:accreditation-partner-evidence-impact", args=[application.pk, first.pk]
    )
    form_page = client.get(impact_url).content.decode()
    assert "Evening clinics" in form_page and "Draft change" not in form_page
    response = client.post(impact_url, {"impact_record": draft.pk})
    assert (
        response.status_code == 200 and "Choose from the matches shown" in response.content.decode()
    )
    response = client.post(impact_url, {"impact_record": published.pk, "note": "Shows the change"})
    assert response.status_code == 302
    activity_url = reverse(
        "capacity:accreditation-partner-evidence-activity", args=[application.pk, first.pk]
    )
    form_page = client.get(activity_url).content.decode()
    assert "Priorities workshop" in form_page
    assert "Private planning" not in form_page and "Next week" not in form_page
    assert client.post(activity_url, {"activity": past.pk}).status_code == 302
    document_url = reverse(
        "capacity:accreditation-partner-evidence-document", args=[application.pk, first.pk]
    )
    response = client.post(
        document_url, {"file": SimpleUploadedFile("Priorities minutes.pdf", PDF)}
    )
    assert response.status_code == 302
    evidence = AccreditationEvidence.objects.filter(assessment__application=application)
    assert sorted(evidence.values_list("kind", flat=True)) == ["activity", "document", "impact"]
    stored = evidence.get(kind=EvidenceKind.DOCUMENT)
    assert stored.document_name == "Priorities minutes.pdf"
    assert stored.document.name.startswith("evidence/") and "Priorities" not in stored.document.name
    download = client.get(
        reverse(
            "capacity:accreditation-partner-evidence-download", args=[application.pk, stored.pk]
        )
    )
    assert download["Content-Disposition"].startswith("attachment")

    # Submit: a receipt to each contact, once; then it is read-only for the service.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    receipt = Message.objects.get(key=f"accreditation-submitted:{application.pk}:{contact.pk}")
    assert receipt.user == contact
    assert client.post(submit_url).status_code == 404
    assert (
        Message.objects.filter(key__startswith=f"accreditation-submitted:{application.pk}:").count()
        == 1
    )
    services_page = staff_client.get(reverse("capacity:accreditation-services"))
    assert "Submitted" in services_page.content.decode()


def test_a_document_that_is_not_an_allowed_type_is_refused_and_nothing_is_written(
    world, partner_member
):
    url = _url("accreditation-partner-evidence-document", "assessment", world)
    before = AccreditationEvidence.objects.count()
    response = client_for(partner_member).post(
        url, {"file": SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 this is a program")}
    )
    assert response.status_code == 200
    assert "This file is not a PDF, Word, Excel or image file" in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()
    assert AccreditationEvidence.objects.count() == before


def test_a_document_renamed_to_another_type_is_refused(world, partner_member):
    url = _url("accreditation-partner-evidence-document", "assessment", world)
    response = client_for(partner_member).post(
        url, {"file": SimpleUploadedFile("minutes.docx", PDF)}
    )
    assert "it is really a PDF" in response.content.decode()
    assert AccreditationEvidence.objects.count() == 1


def test_a_bad_answer_is_refused_and_nothing_is_written(world, partner_member):
    url = _url("accreditation-partner-assessment", "assessment", world)
    response = client_for(partner_member).post(url, {"rating": "brilliant", "how_we_meet_it": " "})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose how well the service meets this criterion" in text
    assert "Say how the service meets this criterion" in text
    assert SelfAssessment.objects.get().how_we_meet_it.startswith("Co-creators chose")


def test_evidence_is_removed_with_its_file(
    world, partner_member, django_capture_on_commit_callbacks
):
    name = world["document"].document.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(partner_member).post(
            _url("accreditation-partner-evidence-remove", "evidence", world)
        )
    assert response.status_code == 302
    assert not AccreditationEvidence.objects.exists()
    assert not default_storage.exists(name)


def test_the_same_impact_record_is_not_linked_twice(world, partner_member):
    record = ImpactRecordFactory(published=True)
    url = _url("accreditation-partner-evidence-impact", "assessment", world)
    client = client_for(partner_member)
    assert client.post(url, {"impact_record": record.pk}).status_code == 302
    response = client.post(url, {"impact_record": record.pk})
    assert "is already evidence for this criterion" in response.content.decode()
    assert AccreditationEvidence.objects.filter(kind=EvidenceKind.IMPACT).count() == 1


def test_staff_may_link_any_activity_but_only_a_published_impact_record(world, staff_client):
    # The service's contacts and the panel's co-creators read what a linked record says.
    draft = ImpactRecordFactory(title="A draft record")
    private = ActivityFactory(title="Private planning", is_public=False)
    impact = _url("accreditation-staff-evidence-impact", "assessment", world)
    activity = _url("accreditation-staff-evidence-activity", "assessment", world)
    assert staff_client.post(impact, {"impact_record": draft.pk}).status_code == 200
    assert staff_client.post(activity, {"activity": private.pk}).status_code == 302
    assert AccreditationEvidence.objects.count() == 2


def test_a_partner_searches_impact_records_by_sending_the_form(world, partner_member):
    ImpactRecordFactory(title="Evening clinics", published=True)
    ImpactRecordFactory(title="Shorter waits", published=True)
    url = _url("accreditation-partner-evidence-impact", "assessment", world)
    response = client_for(partner_member).post(
        url, {"impact_record__q": "evening", "impact_record__search": "1"}
    )
    text = response.content.decode()
    assert "1 match for “evening”" in text and "Evening clinics" in text
    assert 'data-search-url=""' in text  # the staff-only live search is not offered
    assert not AccreditationEvidence.objects.filter(kind=EvidenceKind.IMPACT).exists()


def test_an_uninvited_service_cannot_start_while_the_pilot_is_on(partner_member, settings):
    settings.ACCREDITATION_PILOT = True
    framework_with_criteria()
    service = ServiceFactory(invited_at=None, contacts=[partner_member])
    client = client_for(partner_member)
    home = client.get(reverse("capacity:accreditation-partner-home")).content.decode()
    assert "Accreditation is a pilot" in home
    assert "has not been invited to apply yet" in home
    assert "Start an application" not in home
    response = client.post(reverse("capacity:accreditation-partner-start", args=[service.pk]))
    assert response.status_code == 302
    assert not AccreditationApplication.objects.exists()
    followed = client.get(response.url).content.decode()
    assert "has not been invited to apply yet" in followed


def test_with_the_pilot_off_any_service_with_a_contact_can_start(partner_member, settings):
    settings.ACCREDITATION_PILOT = False
    framework_with_criteria()
    service = ServiceFactory(invited_at=None, contacts=[partner_member])
    client = client_for(partner_member)
    assert (
        "Any service with a contact can start"
        in client.get(reverse("capacity:accreditation-partner-home")).content.decode()
    )
    client.post(reverse("capacity:accreditation-partner-start", args=[service.pk]))
    assert AccreditationApplication.objects.filter(service=service).exists()


def test_a_service_cannot_start_a_second_open_application(world, partner_member):
    response = client_for(partner_member).post(
        reverse("capacity:accreditation-partner-start", args=[world["service"].pk])
    )
    assert response.status_code == 302
    assert AccreditationApplication.objects.count() == 1


def test_the_contact_withdraws_and_may_start_again(world, partner_member):
    client = client_for(partner_member)
    url = _url("accreditation-partner-withdraw", "application", world)
    assert "Withdraw the application?" in client.get(url).content.decode()
    client.post(url)
    world["application"].refresh_from_db()
    assert world["application"].status == ApplicationStatus.WITHDRAWN
    client.post(reverse("capacity:accreditation-partner-start", args=[world["service"].pk]))
    assert AccreditationApplication.objects.filter(status=ApplicationStatus.DRAFT).count() == 1
    assert client.get(url).status_code == 404  # withdrawn already


def test_staff_add_an_existing_partner_as_a_contact_without_a_second_login(
    world, staff_client, partner_member
):
    other = ServiceFactory(name="Older Adults Ward, Dartford")
    partner_access_give(actor=None, email=partner_member.email, full_name="Pat Partner")
    response = staff_client.post(
        reverse("capacity:accreditation-contact-add", args=[other.pk]),
        {"full_name": "Pat Partner", "email": partner_member.email.upper()},
    )
    assert response.status_code == 302
    assert list(other.contacts.all()) == [partner_member]


def test_a_staff_address_cannot_become_a_contact(world, staff_client, cocreator):
    response = staff_client.post(
        reverse("capacity:accreditation-contact-add", args=[world["service"].pk]),
        {"full_name": "Casey", "email": cocreator.email},
    )
    assert response.status_code == 200
    assert "already belongs to another account" in response.content.decode()
    assert world["service"].contacts.count() == 1


def test_staff_remove_a_contact(world, staff_client, partner_member):
    staff_client.post(_url("accreditation-contact-remove", "contact", world))
    assert world["service"].contacts.count() == 0
    assert (
        client_for(partner_member)
        .get(_url("accreditation-partner-application", "application", world))
        .status_code
        == 404
    )


def test_the_dashboard_counts_applications_waiting_for_a_panel(world, staff_client):
    for _ in range(2):
        ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    page = staff_client.get(reverse("activities:dashboard")).content.decode()
    assert "2 submitted applications waiting for a panel" in page


def test_the_services_list_filters_by_status(world, staff_client):
    submitted = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    response = staff_client.get(reverse("capacity:accreditation-services") + "?status=submitted")
    text = response.content.decode()
    assert submitted.service.name in text and world["service"].name not in text


def _services(n):
    for _ in range(n):
        application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
        application.service.contacts.add(UserFactory(role=Role.PARTNER))


def test_the_services_list_takes_the_same_queries_whatever_the_rows(
    staff_client, django_assert_max_num_queries
):
    _services(2)
    url = reverse("capacity:accreditation-services")
    staff_client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(40) as few:
        assert staff_client.get(url).status_code == 200
    _services(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(url).status_code == 200


def test_the_partner_home_takes_the_same_queries_whatever_the_services(
    partner_member, django_assert_max_num_queries
):
    framework_with_criteria()
    client = client_for(partner_member)

    def add(n):
        for _ in range(n):
            service = ServiceFactory(contacts=[partner_member])
            ApplicationFactory(service=service, status=ApplicationStatus.WITHDRAWN)

    add(2)
    url = reverse("capacity:accreditation-partner-home")
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_application_page_takes_the_same_queries_whatever_the_criteria(
    partner_member, django_assert_max_num_queries
):
    client = client_for(partner_member)

    def application_of(standards, each):
        framework, criteria = framework_with_criteria(standards=standards, each=each)
        service = ServiceFactory(contacts=[partner_member])
        application = ApplicationFactory(service=service, framework=framework)
        answer_all(application, criteria)
        for assessment in application.assessments.all():
            AccreditationEvidence.objects.create(
                assessment=assessment,
                kind=EvidenceKind.IMPACT,
                impact_record=ImpactRecordFactory(published=True),
            )
        return reverse("capacity:accreditation-partner-application", args=[application.pk])

    small = application_of(1, 2)
    client.get(small)
    with django_assert_max_num_queries(40) as few:
        assert client.get(small).status_code == 200
    big = application_of(4, 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(big)
    assert "16 of 16 criteria answered" in response.content.decode()


def test_activities_cancelled_are_not_offered_to_a_service(world, partner_member):
    ActivityFactory(
        title="Cancelled workshop",
        status=ActivityStatus.CANCELLED,
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    page = client_for(partner_member).get(
        _url("accreditation-partner-evidence-activity", "assessment", world)
    )
    assert "Cancelled workshop" not in page.content.decode()


def test_an_accredited_service_sees_its_award_and_may_start_a_renewal(partner_member):
    framework, _ = framework_with_criteria()
    service = ServiceFactory(contacts=[partner_member])
    today = timezone.localdate()
    application = ApplicationFactory(
        service=service,
        framework=framework,
        status=ApplicationStatus.AWARDED,
        level_awarded="established",
        awarded_on=today,
        renew_by=today + dt.timedelta(days=730),
        decision_summary="Co-creators shape the service's priorities.",
    )
    client = client_for(partner_member)
    home = client.get(reverse("capacity:accreditation-partner-home")).content.decode()
    assert "Established, from" in home and "Start a renewal application" in home
    page = client.get(
        reverse("capacity:accreditation-partner-application", args=[application.pk])
    ).content.decode()
    assert "The panel's decision" in page and "Co-creators shape the service" in page
    client.post(reverse("capacity:accreditation-partner-start", args=[service.pk]))
    assert service.applications.filter(status=ApplicationStatus.DRAFT).count() == 1


def test_staff_reach_the_panel_from_a_submitted_application_and_the_service_does_not(
    staff_client, partner_member
):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    application.service.contacts.add(partner_member)
    panel = reverse("capacity:panel-application", args=[application.pk])
    staff_page = staff_client.get(
        reverse("capacity:accreditation-staff-application", args=[application.pk])
    ).content.decode()
    assert panel in staff_page
    partner_page = (
        client_for(partner_member)
        .get(reverse("capacity:accreditation-partner-application", args=[application.pk]))
        .content.decode()
    )
    assert panel not in partner_page


def test_a_document_whose_file_is_missing_answers_404_not_an_error(world, partner_member):
    default_storage.delete(world["document"].document.name)
    url = _url("accreditation-partner-evidence-download", "evidence", world)
    assert client_for(partner_member).get(url).status_code == 404


def test_withdrawing_an_application_decided_a_moment_ago_says_so_and_changes_nothing(
    world, partner_member, monkeypatch
):
    from capacity.accreditation.applying import views

    def decided_meanwhile(*, application, actor):
        raise views.AccreditationRefused("Only an open application can be withdrawn")

    monkeypatch.setattr(views, "application_withdraw", decided_meanwhile)
    client = client_for(partner_member)
    response = client.post(
        _url("accreditation-partner-withdraw", "application", world), follow=True
    )
    assert response.status_code == 200
    assert "Only an open application can be withdrawn" in response.content.decode()
    world["application"].refresh_from_db()
    assert world["application"].status == ApplicationStatus.DRAFT
