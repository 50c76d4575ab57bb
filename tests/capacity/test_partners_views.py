"""The partner section's pages: staff give a login, the partner signs in with a code and lands on
their home, sees the offer, asks for support and reads the reply; outsiders are refused on every
page, a partner is refused everywhere else, and list pages keep their query counts flat."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityStatus
from capacity.models import PartnerAccess, ResourceAudience, ResourceKind, SupportRequest
from capacity.partners.services import partner_access_end
from community.models import Message, Role, User
from tests.activities.factories import ActivityFactory
from tests.capacity.training_factories import (
    CourseFactory,
    CourseRunFactory,
    CourseSessionFactory,
)
from tests.community.factories import UserFactory
from tests.conftest import client_for

from .partners_factories import (
    PartnerAccessFactory,
    PartnerOrganisationFactory,
    SupportRequestFactory,
)

pytestmark = pytest.mark.django_db

PARTNER_PAGES = [
    "capacity:partners-home",
    "capacity:partners-training",
    "capacity:partners-toolkits",
    "capacity:partners-support-new",
    "capacity:partners-request",
]
STAFF_PAGES = [
    "capacity:partners-staff-access",
    "capacity:partners-staff-access-give",
    "capacity:partners-staff-access-end",
    "capacity:partners-staff-requests",
    "capacity:partners-staff-request",
]
WITH_ID = {
    "capacity:partners-request": "request",
    "capacity:partners-staff-request": "request",
    "capacity:partners-staff-access-end": "access",
}


@pytest.fixture
def access(partner_member):
    return PartnerAccessFactory(user=partner_member, organisation=PartnerOrganisationFactory())


@pytest.fixture
def support(access):
    return SupportRequestFactory(requested_by=access.user, organisation=access.organisation)


@pytest.fixture
def partner_client(access):
    return client_for(access.user)


def _url(name, access, support):
    which = WITH_ID.get(name)
    if which is None:
        return reverse(name)
    return reverse(name, args=[support.pk if which == "request" else access.pk])


def _offered_course(*, title="Trauma-informed engagement", days=14):
    course = CourseFactory(title=title, for_partners=True)
    run = CourseRunFactory(course=course, name="Coming up")
    starts = timezone.now() + dt.timedelta(days=days)
    activity = ActivityFactory(
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        venue="Oak Room, Canterbury",
        format="in_person",
        status=ActivityStatus.OPEN,
    )
    CourseSessionFactory(run=run, activity=activity)
    return course


# --- Who may open what -------------------------------------------------------------------------


@pytest.mark.parametrize("name", PARTNER_PAGES)
def test_partner_pages_refuse_everyone_but_partners(
    name, access, support, client, cocreator, steering_member, staff_member_with_mfa
):
    url = _url(name, access, support)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for user in (cocreator, steering_member, staff_member_with_mfa):
        assert client_for(user).get(url).status_code == 403, (url, user)
        assert client_for(user).post(url, {}).status_code == 403, (url, user)
    assert client_for(access.user).get(url).status_code == 200


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_refuse_everyone_but_staff(
    name, access, support, client, cocreator, steering_member, staff_client
):
    url = _url(name, access, support)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for user in (cocreator, steering_member, access.user):
        assert client_for(user).get(url).status_code == 403, (url, user)
        assert client_for(user).post(url, {}).status_code == 403, (url, user)
    assert staff_client.get(url).status_code == 200
    assert PartnerAccess.objects.get(pk=access.pk).ended_at is None


@pytest.mark.parametrize("url", ["/portal/", "/staff/", "/reports/", "/staff/partners/"])
def test_a_partner_is_refused_on_the_portal_staff_and_report_pages(partner_client, url):
    assert partner_client.get(url, follow=True).status_code == 403


def test_another_partners_request_is_404(support):
    other = PartnerAccessFactory()
    url = reverse("capacity:partners-request", args=[support.pk])
    assert client_for(other.user).get(url).status_code == 404
    assert client_for(support.requested_by).get(url).status_code == 200


def test_a_request_that_does_not_exist_is_404(partner_client, staff_client):
    assert partner_client.get(reverse("capacity:partners-request", args=[99999])).status_code == 404
    url = reverse("capacity:partners-staff-request", args=[99999])
    assert staff_client.get(url).status_code == 404


def test_once_access_has_ended_the_partner_section_refuses_them(
    access, support, partner_client, staff_member
):
    assert partner_client.get(reverse("capacity:partners-home")).status_code == 200
    partner_access_end(actor=staff_member, access=access)
    for name in PARTNER_PAGES:
        assert partner_client.get(_url(name, access, support)).status_code == 403, name
    response = partner_client.post(
        reverse("capacity:partners-support-new"), {"kind": "training", "what_is_needed": "A place"}
    )
    assert response.status_code == 403
    assert SupportRequest.objects.count() == 1


# --- The whole way through ---------------------------------------------------------------------


def test_staff_give_access_the_partner_signs_in_asks_and_reads_the_reply(
    staff_client, anonymous, django_capture_on_commit_callbacks
):
    university = PartnerOrganisationFactory(name="Downsview University")
    _offered_course()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("capacity:partners-staff-access-give"),
            {
                "full_name": "Dr Helena Marsh",
                "email": "helena@downsview.example",
                "organisation": university.pk,
                "job_title": "Senior lecturer",
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("capacity:partners-staff-access")
    user = User.objects.get(email="helena@downsview.example")
    (invite,) = mail.outbox
    assert invite.to == [user.email]
    assert Message.objects.filter(user=user, kind="partner_access_given").count() == 1
    listing = staff_client.get(response.url).content.decode()
    assert "Dr Helena Marsh" in listing and "Downsview University" in listing

    # They sign in with a code, no password, and land on their home.
    mail.outbox.clear()
    anonymous.post(reverse("account_request_login_code"), {"email": user.email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[0].body, re.M).group(1)
    response = anonymous.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302 and response.url == "/partners/"
    home = anonymous.get("/partners/").content.decode()
    assert "Welcome, Dr Helena Marsh" in home and "Trauma-informed engagement" in home
    assert "Downsview University" in home
    for label in ("Home", "Training", "Toolkits", "Ask for support"):
        assert f">{label}<" in home, label

    # They ask for support; staff are not emailed, and the dashboard counts it.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            reverse("capacity:partners-support-new"),
            {"kind": "mentoring", "what_is_needed": "A mentor for our project lead."},
        )
    support = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("capacity:partners-request", args=[support.pk])
    assert (support.requested_by, support.organisation) == (user, university)
    assert mail.outbox == []
    dashboard = staff_client.get("/staff/").content.decode()
    assert "Requests for support from partners</a>: 1 new" in dashboard

    # Staff reply; the partner is told once, and reads the reply.
    url = reverse("capacity:partners-staff-request", args=[support.pk])
    assert "A mentor for our project lead." in staff_client.get(url).content.decode()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                url, {"status": "in_hand", "reply": "We will pair them with Sam next week."}
            )
        assert response.status_code == 302
    (answer,) = mail.outbox
    assert answer.to == [user.email]
    assert answer.extra_headers["X-Message-Key"] == f"support-answered:{support.pk}:1"
    assert f"/partners/support/{support.pk}/" in answer.body
    page = anonymous.get(reverse("capacity:partners-request", args=[support.pk])).content.decode()
    assert "We will pair them with Sam next week." in page and "Being dealt with" in page
    assert "Being dealt with" in anonymous.get("/partners/").content.decode()


def test_staff_end_access_from_a_confirmation_page(staff_client, access, partner_client):
    url = reverse("capacity:partners-staff-access-end", args=[access.pk])
    page = staff_client.get(url).content.decode()
    assert "End this partner access" in page
    assert PartnerAccess.objects.get(pk=access.pk).ended_at is None
    response = staff_client.post(url)
    assert response.status_code == 302
    assert PartnerAccess.objects.get(pk=access.pk).ended_at is not None
    assert partner_client.get("/partners/").status_code == 403
    listing = staff_client.get(reverse("capacity:partners-staff-access")).content.decode()
    assert "Ended" in listing


# --- Bad input writes nothing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose what kind of support you need"),
        ({"kind": "training", "what_is_needed": "   "}, "Say what you need"),
        ({"kind": "biscuits", "what_is_needed": "Help"}, "Choose what kind of support you need"),
        ({"kind": "training", "what_is_needed": "x" * 3001}, "3,000 characters or fewer"),
    ],
)
def test_a_bad_request_for_support_says_what_is_wrong_and_writes_nothing(
    partner_client, data, error
):
    response = partner_client.post(reverse("capacity:partners-support-new"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert error in body and "There is a problem" in body
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"full_name": "", "email": "a@b.example"}, "Enter the person&#x27;s full name"),
        ({"full_name": "Kim", "email": "nope"}, "Enter an email address in the correct format"),
        ({"full_name": "Kim", "email": "taken@example.org"}, "already belongs to another account"),
        (
            {"full_name": "Kim", "email": "k@b.example", "organisation": "99999"},
            "Choose an organisation from the list",
        ),
    ],
)
def test_bad_answers_to_give_access_say_what_is_wrong_and_write_nothing(
    staff_client, cocreator, data, error
):
    UserFactory(role=Role.COCREATOR, email="taken@example.org")
    users = User.objects.count()
    response = staff_client.post(reverse("capacity:partners-staff-access-give"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert User.objects.count() == users
    assert not PartnerAccess.objects.exists() and not Message.objects.exists()


def test_declining_without_a_reply_is_refused_and_changes_nothing(staff_client, support):
    url = reverse("capacity:partners-staff-request", args=[support.pk])
    response = staff_client.post(url, {"status": "declined", "reply": ""})
    assert "Say why we are not able to help" in response.content.decode()
    support.refresh_from_db()
    assert support.status == "new" and not Message.objects.exists()
    response = staff_client.post(url, {"status": "maybe", "reply": "Hi"})
    assert "Choose the request" in response.content.decode()
    support.refresh_from_db()
    assert support.status == "new"


# --- The offer ---------------------------------------------------------------------------------


def test_the_offer_shows_courses_for_partners_with_their_sessions_and_a_link_to_ask(
    partner_client,
):
    course = _offered_course()
    CourseFactory(title="Only for co-creators", for_partners=False)
    CourseFactory(title="Not offered now", for_partners=True, is_active=False)
    page = partner_client.get(reverse("capacity:partners-training")).content.decode()
    assert "Trauma-informed engagement" in page and "Oak Room, Canterbury" in page
    assert "Coming up: sessions" in page
    assert "Only for co-creators" not in page and "Not offered now" not in page
    ask = reverse("capacity:partners-support-new") + f"?course={course.pk}"
    assert ask in page
    form = partner_client.get(ask).content.decode()
    assert "I would like a place on Trauma-informed engagement, Coming up, starting" in form
    assert 'value="training" checked' in form


def test_asking_for_mentoring_from_the_home_page_starts_the_form_on_mentoring(partner_client):
    home = partner_client.get(reverse("capacity:partners-home")).content.decode()
    link = reverse("capacity:partners-support-new") + "?kind=mentoring"
    assert link in home
    assert 'value="mentoring" checked' in partner_client.get(link).content.decode()


def test_the_toolkits_are_published_public_toolkits_and_guides_linking_to_their_pages(
    partner_client,
):
    from capacity.models import Resource

    shown = Resource.objects.create(
        title="Co-production toolkit",
        slug="co-production-toolkit",
        kind=ResourceKind.TOOLKIT,
        summary="How to co-produce.",
        is_published=True,
    )
    for title, slug, kind, audience, published in (
        ("Portal guide", "portal-guide", ResourceKind.GUIDE, ResourceAudience.PORTAL, True),
        ("Draft toolkit", "draft", ResourceKind.TOOLKIT, ResourceAudience.PUBLIC, False),
        ("Role list", "roles", ResourceKind.ROLE_EXPECTATIONS, ResourceAudience.PUBLIC, True),
    ):
        Resource.objects.create(
            title=title,
            slug=slug,
            kind=kind,
            summary="x",
            audience=audience,
            is_published=published,
        )
    for name in ("capacity:partners-toolkits", "capacity:partners-home"):
        page = partner_client.get(reverse(name)).content.decode()
        assert reverse("capacity:resource-detail", args=[shown.slug]) in page
        for hidden in ("Portal guide", "Draft toolkit", "Role list"):
            assert hidden not in page


def test_a_partner_sees_only_their_own_requests_with_status_and_reply(partner_client, support):
    support.staff_reply = "Booked."
    support.status = "done"
    support.save()
    SupportRequestFactory(what_is_needed="Someone else's")
    home = partner_client.get(reverse("capacity:partners-home")).content.decode()
    assert reverse("capacity:partners-request", args=[support.pk]) in home
    assert "Done" in home and "We have replied." in home
    assert SupportRequest.objects.count() == 2
    assert home.count("/partners/support/") - home.count("/partners/support/new/") == 1


# --- Staff -------------------------------------------------------------------------------------


def test_the_staff_request_list_filters_by_status(staff_client, support):
    SupportRequestFactory(status="done", what_is_needed="A finished one")
    url = reverse("capacity:partners-staff-requests")
    page = staff_client.get(url, {"status": "new"}).content.decode()
    assert "Two places on the next course" in page and "A finished one" not in page
    page = staff_client.get(url, {"status": "done"}).content.decode()
    assert "A finished one" in page and "Two places" not in page
    assert "A finished one" in staff_client.get(url).content.decode()


def test_the_partner_organisation_page_links_to_its_logins_and_requests(staff_client, support):
    organisation = support.organisation
    page = staff_client.get(
        reverse("community:partner-detail", args=[organisation.pk])
    ).content.decode()
    assert "1 open partner login and 1 request for support (1 new)" in page
    assert f"{reverse('capacity:partners-staff-access')}?organisation={organisation.pk}" in page
    other = PartnerAccessFactory(organisation=PartnerOrganisationFactory())
    listing = staff_client.get(
        reverse("capacity:partners-staff-access"), {"organisation": organisation.pk}
    ).content.decode()
    assert support.requested_by.email in listing and other.user.email not in listing


def test_the_training_and_roles_page_links_to_the_partner_pages(staff_client):
    page = staff_client.get(reverse("capacity:training-list")).content.decode()
    assert reverse("capacity:partners-staff-access") in page
    assert reverse("capacity:partners-staff-requests") in page


# --- Query counts ------------------------------------------------------------------------------


def _rows(n, organisation, partner):
    for i in range(n):
        user = UserFactory(role=Role.PARTNER)
        PartnerAccessFactory(user=user, organisation=organisation, given_by=partner)
        SupportRequestFactory(requested_by=user, organisation=organisation, handled_by=partner)
        SupportRequestFactory(requested_by=partner, organisation=organisation)
        _offered_course(title=f"Course {i}", days=10 + i)


@pytest.mark.parametrize(
    "name",
    ["capacity:partners-staff-access", "capacity:partners-staff-requests"],
)
def test_staff_lists_do_not_grow_their_queries_with_rows(
    name, staff_client, partner_member, django_assert_max_num_queries
):
    organisation = PartnerOrganisationFactory()
    url = reverse(name)
    _rows(2, organisation, partner_member)
    with django_assert_max_num_queries(20) as few:
        assert staff_client.get(url).status_code == 200
    _rows(10, organisation, partner_member)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["capacity:partners-home", "capacity:partners-training"])
def test_partner_pages_do_not_grow_their_queries_with_rows(
    name, access, partner_client, staff_member, django_assert_max_num_queries
):
    url = reverse(name)
    _rows(2, access.organisation, access.user)
    with django_assert_max_num_queries(20) as few:
        assert partner_client.get(url).status_code == 200
    _rows(10, access.organisation, access.user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert partner_client.get(url).status_code == 200
