"""The panel's pages: who is refused where (every view), bad input that writes nothing, the
portal, record and dashboard sections, the public list, and query counts that do not grow with
the rows on the public list and the table of scores."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from capacity.models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationEvidence,
    ApplicationStatus,
    EvidenceKind,
    PanelMember,
    PanelScore,
)
from community.models import CoCreatorStatus, Role
from community.services import cocreator_for_user_ensure
from tests.community.factories import CoCreatorFactory, UserFactory
from tests.conftest import client_for

from .accreditation_panel_factories import (
    application_make,
    framework_make,
    scores_make,
    seat_make,
    service_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff_member, cocreator):
    """An application with a panel: the member of staff and the co-creator, both scoring."""
    application = application_make()
    application.status = ApplicationStatus.IN_REVIEW
    application.save()
    cocreator_for_user_ensure(user=cocreator)
    staff_seat = seat_make(application, staff_member, is_cocreator=False)
    seat = seat_make(application, cocreator, is_cocreator=True)
    criterion = AccreditationCriterion.objects.filter(
        standard__framework=application.framework
    ).order_by("standard__number", "number")[0]
    document = AccreditationEvidence.objects.get(
        assessment__application=application, kind=EvidenceKind.DOCUMENT
    )
    return {
        "application": application,
        "staff_seat": staff_seat,
        "seat": seat,
        "criterion": criterion,
        "document": document,
    }


def _staff_urls(w):
    a, s, c, d = w["application"].pk, w["staff_seat"].pk, w["criterion"].pk, w["document"].pk
    return [
        reverse("capacity:panel-list"),
        reverse("capacity:panel-renewals"),
        reverse("capacity:panel-application", args=[a]),
        reverse("capacity:panel-add-staff", args=[a]),
        reverse("capacity:panel-add-cocreator", args=[a]),
        reverse("capacity:panel-decision", args=[a]),
        reverse("capacity:panel-staff-reviews"),
        reverse("capacity:panel-staff-review", args=[s]),
        reverse("capacity:panel-staff-conflict", args=[s]),
        reverse("capacity:panel-staff-score", args=[s, c]),
        reverse("capacity:panel-staff-evidence", args=[s, d]),
    ]


def _portal_urls(w):
    s, c, d = w["seat"].pk, w["criterion"].pk, w["document"].pk
    return [
        reverse("capacity:panel-portal-reviews"),
        reverse("capacity:panel-portal-review", args=[s]),
        reverse("capacity:panel-portal-conflict", args=[s]),
        reverse("capacity:panel-portal-score", args=[s, c]),
        reverse("capacity:panel-portal-evidence", args=[s, d]),
    ]


# --- Who is refused ---------------------------------------------------------------------------


def test_staff_pages_refuse_cocreators_steering_and_partners_and_send_anonymous_to_sign_in(
    world, cocreator_client, steering_client, partner_member, anonymous
):
    partner = client_for(partner_member)
    remove = reverse("capacity:panel-member-remove", args=[world["seat"].pk])
    for url in _staff_urls(world):
        for client in (cocreator_client, steering_client, partner):
            assert client.get(url).status_code == 403, url
        assert anonymous.get(url).url.startswith("/accounts/login/"), url
    for client in (cocreator_client, steering_client, partner):
        assert client.post(remove).status_code == 403
    assert PanelMember.objects.filter(pk=world["seat"].pk).exists()


def test_portal_pages_refuse_staff_steering_and_partners(
    world, staff_client, steering_client, partner_member, anonymous
):
    partner = client_for(partner_member)
    for url in _portal_urls(world):
        for client in (staff_client, steering_client, partner):
            assert client.get(url).status_code == 403, url
        assert anonymous.get(url).url.startswith("/accounts/login/"), url


def test_a_cocreator_not_on_the_panel_gets_404_on_a_seat(world, other_cocreator):
    client = client_for(other_cocreator)
    declared = world["seat"].conflict_declared_at
    for url in _portal_urls(world)[1:]:
        assert client.get(url).status_code == 404, url
    posted = client.post(
        reverse("capacity:panel-portal-conflict", args=[world["seat"].pk]), {"has_conflict": "no"}
    )
    assert posted.status_code == 404
    world["seat"].refresh_from_db()
    assert world["seat"].conflict_declared_at == declared
    # Their own (empty) list of reviews is theirs to see.
    assert client.get(reverse("capacity:panel-portal-reviews")).status_code == 200


def test_staff_read_anothers_seat_but_cannot_declare_or_score_for_them(world, staff_client):
    seat = world["seat"]
    declared = seat.conflict_declared_at
    page = staff_client.get(reverse("capacity:panel-staff-review", args=[seat.pk]))
    assert page.status_code == 200
    assert "Casey Cocreator" in page.content.decode()
    assert (
        staff_client.post(
            reverse("capacity:panel-staff-conflict", args=[seat.pk]), {"has_conflict": "no"}
        ).status_code
        == 404
    )
    assert (
        staff_client.post(
            reverse("capacity:panel-staff-score", args=[seat.pk, world["criterion"].pk]),
            {"score": "2"},
        ).status_code
        == 404
    )
    seat.refresh_from_db()
    assert seat.conflict_declared_at == declared
    assert not PanelScore.objects.exists()


def test_a_reviewer_downloads_evidence_of_their_application_only(world, cocreator):
    client = client_for(cocreator)
    seat, document = world["seat"], world["document"]
    response = client.get(reverse("capacity:panel-portal-evidence", args=[seat.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 minutes"
    elsewhere = AccreditationEvidence.objects.filter(kind=EvidenceKind.DOCUMENT).exclude(
        assessment__application=seat.application
    )
    other = application_make()
    theirs = elsewhere.get(assessment__application=other)
    assert (
        client.get(reverse("capacity:panel-portal-evidence", args=[seat.pk, theirs.pk])).status_code
        == 404
    )
    # The criterion page links it, and shows the service's words.
    page = client.get(
        reverse("capacity:panel-portal-score", args=[seat.pk, world["criterion"].pk])
    ).content.decode()
    assert reverse("capacity:panel-portal-evidence", args=[seat.pk, document.pk]) in page
    assert "Carers sit on our improvement group" in page
    assert "Evening clinic added" in page and "Improvement group meeting" in page


def test_a_criterion_of_another_version_is_404(world, cocreator):
    other = AccreditationCriterion.objects.filter(standard__framework=framework_make()).first()
    client = client_for(cocreator)
    url = reverse("capacity:panel-portal-score", args=[world["seat"].pk, other.pk])
    assert client.get(url).status_code == 404


def test_a_draft_application_has_no_panel_page(staff_client):
    draft = application_make(status=ApplicationStatus.DRAFT)
    for name in (
        "capacity:panel-application",
        "capacity:panel-decision",
        "capacity:panel-add-staff",
    ):
        assert staff_client.get(reverse(name, args=[draft.pk])).status_code == 404


def test_the_public_pages_show_only_what_is_accredited_now(anonymous):
    today = timezone.localdate()
    lapsed = application_make(service=service_make(name="Lapsed Service"))
    AccreditationApplication.objects.filter(pk=lapsed.pk).update(
        status=ApplicationStatus.AWARDED,
        level_awarded="foundation",
        awarded_on=today - datetime.timedelta(days=800),
        renew_by=today - datetime.timedelta(days=70),
        decision_summary="Lapsed.",
    )
    in_review = application_make(service=service_make(name="Reviewing Service"))
    listing = anonymous.get(reverse("capacity:panel-accredited-list")).content.decode()
    assert "No service is accredited yet." in listing
    for application in (lapsed, in_review):
        url = reverse("capacity:panel-accredited-detail", args=[application.pk])
        assert anonymous.get(url).status_code == 404


# --- Bad input writes nothing -----------------------------------------------------------------


def test_adding_nobody_or_someone_without_a_login_or_who_left_writes_nothing(world, staff_client):
    application = world["application"]
    add_staff = reverse("capacity:panel-add-staff", args=[application.pk])
    add_cocreator = reverse("capacity:panel-add-cocreator", args=[application.pk])
    before = PanelMember.objects.count()

    page = staff_client.post(add_staff, {"user": ""})
    assert "Choose a member of staff" in page.content.decode()
    page = staff_client.post(add_cocreator, {"cocreator": ""})
    assert "Choose a co-creator" in page.content.decode()

    no_login = CoCreatorFactory(full_name="Nadia Nologin")
    page = staff_client.post(add_cocreator, {"cocreator": no_login.pk}).content.decode()
    assert "Nadia Nologin has no portal login" in page

    left = CoCreatorFactory(full_name="Lee Left")
    left.user = UserFactory(email="lee@example.org")
    left.status = CoCreatorStatus.LEFT
    left.save()
    page = staff_client.post(add_cocreator, {"cocreator": left.pk}).content.decode()
    assert "Choose from the matches shown" in page

    already = world["seat"].user.cocreator
    page = staff_client.post(add_cocreator, {"cocreator": already.pk}).content.decode()
    assert "is already on this panel" in page

    steering = UserFactory(email="steer@example.org", role=Role.STEERING, full_name="Sol Steer")
    person = CoCreatorFactory(full_name="Sol Steer")
    person.user = steering
    person.save()
    page = staff_client.post(add_cocreator, {"cocreator": person.pk}).content.decode()
    assert "login is not a co-creator" in page

    # A member of staff already on it is not offered.
    page = staff_client.post(add_staff, {"user": world["staff_seat"].user_id}).content.decode()
    assert "Choose a member of staff from the list" in page
    assert PanelMember.objects.count() == before


def test_a_conflict_without_details_or_a_score_out_of_range_writes_nothing(world, cocreator):
    client = client_for(cocreator)
    seat = world["seat"]
    seat.conflict_declared_at = None
    seat.save()
    page = client.post(
        reverse("capacity:panel-portal-conflict", args=[seat.pk]),
        {"has_conflict": "yes", "conflict_details": "  "},
    ).content.decode()
    assert "Say what your conflict of interest is" in page
    assert "nhsuk-error-summary" in page
    seat.refresh_from_db()
    assert seat.conflict_declared_at is None

    # Scoring before saying whether there is a conflict goes to that question first.
    url = reverse("capacity:panel-portal-score", args=[seat.pk, world["criterion"].pk])
    assert client.post(url, {"score": "2"}).url == reverse(
        "capacity:panel-portal-conflict", args=[seat.pk]
    )
    client.post(reverse("capacity:panel-portal-conflict", args=[seat.pk]), {"has_conflict": "no"})
    for bad in ({"score": "7"}, {"score": ""}, {"score": "two"}):
        page = client.post(url, bad).content.decode()
        assert "Choose a score" in page
    assert not PanelScore.objects.exists()


def test_a_decision_with_missing_or_wrong_answers_writes_nothing(world, staff_client):
    application = world["application"]
    for seat in (world["staff_seat"], world["seat"]):
        scores_make(seat)
    url = reverse("capacity:panel-decision", args=[application.pk])
    today = timezone.localdate()

    def post(**data):
        return staff_client.post(url, {"decision_summary": "Found good things.", **data})

    page = post(outcome="award").content.decode()
    assert "Choose the level awarded" in page and "Enter the award date" in page
    page = post(
        outcome="award",
        level="foundation",
        awarded_on_day=today.day,
        awarded_on_month=today.month,
        awarded_on_year=today.year,
        renew_by_day=today.day,
        renew_by_month=today.month,
        renew_by_year=today.year - 1,
    ).content.decode()
    assert "The renewal date must be after the award date" in page
    tomorrow = today + datetime.timedelta(days=1)
    page = post(
        outcome="award",
        level="foundation",
        awarded_on_day=tomorrow.day,
        awarded_on_month=tomorrow.month,
        awarded_on_year=tomorrow.year,
    ).content.decode()
    assert "The award date must be today or in the past" in page
    page = post(outcome="actions", actions_needed=" ").content.decode()
    assert "Say what the service needs to do" in page
    page = staff_client.post(url, {"outcome": "actions", "actions_needed": "More."}).content
    assert "Say what the panel found" in page.decode()
    page = post().content.decode()
    assert "Choose the panel&#x27;s decision" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.decided_at is None and not application.decision_summary


def test_actions_needed_is_recorded_with_its_text_and_no_award(world, staff_client, partner_member):
    application = world["application"]
    application.service.contacts.add(partner_member)
    for seat in (world["staff_seat"], world["seat"]):
        scores_make(seat, score=1)
    url = reverse("capacity:panel-decision", args=[application.pk])
    response = staff_client.post(
        url,
        {
            "outcome": "actions",
            "actions_needed": "Involve carers in planning.",
            "decision_summary": "A good start.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIONS_NEEDED
    assert application.actions_needed == "Involve carers in planning."
    assert application.awarded_on is None and application.renew_by is None
    page = staff_client.get(url).content.decode()
    assert "Involve carers in planning." in page and "cannot be changed" in page
    # A second decision is refused: the page is read-only and a post changes nothing.
    staff_client.post(url, {"outcome": "award", "level": "exemplary", "decision_summary": "x"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIONS_NEEDED


def test_a_reviewer_is_removed_only_before_they_scored(world, staff_client):
    seat, staff_seat = world["seat"], world["staff_seat"]
    scores_make(staff_seat)
    page = staff_client.post(
        reverse("capacity:panel-member-remove", args=[staff_seat.pk]), follow=True
    ).content.decode()
    assert "has scored criteria already, so they stay on the panel" in page
    assert PanelMember.objects.filter(pk=staff_seat.pk).exists()
    staff_client.post(reverse("capacity:panel-member-remove", args=[seat.pk]))
    assert not PanelMember.objects.filter(pk=seat.pk).exists()
    assert staff_client.get(
        reverse("capacity:panel-member-remove", args=[seat.pk])
    ).status_code in (
        404,
        405,
    )


def test_no_one_is_added_once_the_decision_is_made(world, staff_client, staff_member):
    application = world["application"]
    AccreditationApplication.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.ACTIONS_NEEDED, actions_needed="More.", decided_at=timezone.now()
    )
    other_staff = UserFactory(email="second.staff@example.org", role=Role.STAFF)
    response = staff_client.post(
        reverse("capacity:panel-add-staff", args=[application.pk]), {"user": other_staff.pk}
    )
    assert response.status_code == 302
    assert not PanelMember.objects.filter(user=other_staff).exists()


# --- Sections, dashboard, story ----------------------------------------------------------------


def test_the_portal_home_shows_the_section_only_to_someone_on_a_panel_at_work(
    world, cocreator_client, other_cocreator
):
    home = reverse("community:portal-home")
    page = cocreator_client.get(home).content.decode()
    assert "Accreditation reviews" in page
    assert reverse("capacity:panel-portal-reviews") in page
    other = client_for(other_cocreator).get(home).content.decode()
    assert "Accreditation reviews" not in other


def test_the_staff_record_shows_the_persons_panel_seats(world, staff_client, cocreator):
    person = cocreator.cocreator
    page = staff_client.get(reverse("community:cocreator-detail", args=[person.pk])).content
    assert "Accreditation panels" in page.decode()
    assert world["application"].service.name in page.decode()
    story = staff_client.get(reverse("community:cocreator-story", args=[person.pk])).content
    assert "On the accreditation panel for" in story.decode()


def test_the_dashboard_counts_panels_and_renewals_exactly(world, staff_client):
    today = timezone.localdate()
    for days in (20, -5):
        AccreditationApplication.objects.filter(pk=application_make().pk).update(
            status=ApplicationStatus.AWARDED,
            level_awarded="foundation",
            awarded_on=today - datetime.timedelta(days=400),
            renew_by=today + datetime.timedelta(days=days),
        )
    application_make()  # waiting for a panel
    page = staff_client.get(reverse("activities:dashboard")).content.decode()
    assert "1 submitted application waiting for a panel, 1 with a panel." in page
    assert "1 due within 90 days, 1 overdue (lapsed)." in page
    renewals = staff_client.get(reverse("capacity:panel-renewals")).content.decode()
    assert "Renewal date passed (1)" in renewals and "Due within 90 days (1)" in renewals


# --- Query counts -----------------------------------------------------------------------------


def _award(n: int):
    today = timezone.localdate()
    framework = framework_make(criteria=(1,))
    for _ in range(n):
        application = application_make(framework=framework, evidence=False)
        AccreditationApplication.objects.filter(pk=application.pk).update(
            status=ApplicationStatus.AWARDED,
            level_awarded="established",
            awarded_on=today - datetime.timedelta(days=30),
            renew_by=today + datetime.timedelta(days=700),
        )


def test_the_public_list_takes_the_same_queries_for_2_or_10_services(
    anonymous, django_assert_max_num_queries
):
    url = reverse("capacity:panel-accredited-list")
    _award(2)
    anonymous.get(url)
    with django_assert_max_num_queries(10) as two:
        anonymous.get(url)
    _award(8)
    with django_assert_max_num_queries(len(two.captured_queries)):
        page = anonymous.get(url).content.decode()
    assert "10 services accredited" in page


def test_the_scores_table_takes_the_same_queries_for_few_or_many_reviewers_and_criteria(
    staff_client, staff_member_with_mfa, django_assert_max_num_queries
):
    def panel(criteria, reviewers):
        application = application_make(framework=framework_make(criteria=criteria), evidence=False)
        application.status = ApplicationStatus.IN_REVIEW
        application.save()
        for i in range(reviewers):
            user = UserFactory(email=f"r{application.pk}-{i}@example.org")
            scores_make(seat_make(application, user, is_cocreator=True))
        return reverse("capacity:panel-decision", args=[application.pk])

    small, big = panel((1, 1), 2), panel((4, 4, 2), 8)
    staff_client.get(small)
    with django_assert_max_num_queries(40) as few:
        staff_client.get(small)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(big).content.decode()
    assert "3.2" in page and "Record the decision" in page


def test_the_staff_lists_and_a_reviewers_list_take_the_same_queries_for_2_or_10_rows(
    staff_client, staff_member, cocreator, django_assert_max_num_queries
):
    client = client_for(cocreator)
    cocreator_for_user_ensure(user=cocreator)
    today = timezone.localdate()

    def rows(n):
        for i in range(n):
            open_one = application_make(evidence=False)
            seat_make(open_one, staff_member, is_cocreator=False)
            scores_make(seat_make(open_one, cocreator, is_cocreator=True, conflict=i % 2 == 0))
            open_one.status = ApplicationStatus.IN_REVIEW
            open_one.save()
            application_make(evidence=False)  # waiting for a panel
            AccreditationApplication.objects.filter(pk=application_make(evidence=False).pk).update(
                status=ApplicationStatus.AWARDED,
                level_awarded="foundation",
                awarded_on=today - datetime.timedelta(days=700),
                renew_by=today + datetime.timedelta(days=i * 10 - 20),
                decided_at=timezone.now(),
            )

    pages = [
        (staff_client, reverse("capacity:panel-list")),
        (staff_client, reverse("capacity:panel-renewals")),
        (staff_client, reverse("capacity:panel-staff-reviews")),
        (client, reverse("capacity:panel-portal-reviews")),
        (client, reverse("community:portal-home")),
        (staff_client, reverse("activities:dashboard")),
    ]
    rows(2)
    counts = []
    for who, url in pages:
        who.get(url)
        with django_assert_max_num_queries(80) as few:
            who.get(url)
        counts.append(len(few.captured_queries))
    rows(8)
    for (who, url), count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert who.get(url).status_code == 200, url


def test_a_staff_member_who_is_also_a_cocreator_reaches_only_their_own_seat_in_the_portal(world):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from community.services import user_grant_role

    user = UserFactory(role=Role.STAFF, email="both@example.org")
    TOTP.activate(user, generate_totp_secret())
    user_grant_role(user=user, role=Role.COCREATOR)
    cocreator_for_user_ensure(user=user)
    client = client_for(user)
    seat = world["seat"].pk
    assert client.get(reverse("capacity:panel-staff-review", args=[seat])).status_code == 200
    for url in _portal_urls(world)[1:]:
        assert client.get(url).status_code == 404, url


def test_a_reviewer_on_a_withdrawn_application_is_told_it_was_withdrawn(world, cocreator):
    AccreditationApplication.objects.filter(pk=world["application"].pk).update(
        status=ApplicationStatus.WITHDRAWN
    )
    client = client_for(cocreator)
    seat = client.get(reverse("capacity:panel-portal-review", args=[world["seat"].pk]))
    assert "The service withdrew its application, so your scores" in seat.content.decode()
    score_url = reverse(
        "capacity:panel-portal-score", args=[world["seat"].pk, world["criterion"].pk]
    )
    response = client.post(score_url, {"score": "2", "comment": "Late"})
    assert "The service withdrew its application, so scores" in response.content.decode()
    assert not PanelScore.objects.filter(member=world["seat"], comment="Late").exists()
