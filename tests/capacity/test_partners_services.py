"""The partner section's writes: giving access (a login with the partner role and no password,
told once), refusing an address another account holds, reopening and ending access, a partner
asking for support, and staff answering (the partner told once per reply)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from capacity.models import PartnerAccess, SupportRequest, SupportRequestStatus
from capacity.partners.services import (
    PartnerAccessRefused,
    SupportRequestRefused,
    partner_access_end,
    partner_access_give,
    support_request_answer,
    support_request_make,
)
from community.models import Message, Role, User
from community.permissions import user_roles
from tests.community.factories import UserFactory

from .partners_factories import (
    PartnerAccessFactory,
    PartnerOrganisationFactory,
    SupportRequestFactory,
)

pytestmark = pytest.mark.django_db


def _give(staff_member, **kwargs):
    answers = {"email": "Helena.Marsh@Downsview.example", "full_name": "Dr Helena Marsh"}
    return partner_access_give(actor=staff_member, **{**answers, **kwargs})


def test_giving_access_makes_a_partner_login_with_no_password_and_tells_them_once(
    staff_member, django_capture_on_commit_callbacks
):
    university = PartnerOrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        access = _give(staff_member, organisation=university, job_title="Senior lecturer")
    user = access.user
    assert user.email == "helena.marsh@downsview.example"
    assert user.full_name == "Dr Helena Marsh"
    assert user_roles(user) == {Role.PARTNER}
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).email == user.email
    assert (access.organisation, access.job_title, access.given_by) == (
        university,
        "Senior lecturer",
        staff_member,
    )
    assert access.ended_at is None
    message = Message.objects.get()
    assert (message.user, message.cocreator, message.kind, message.key) == (
        user,
        None,
        "partner_access_given",
        f"partner-access:{access.pk}",
    )
    (email,) = mail.outbox
    assert email.to == [user.email]
    assert "/accounts/login/code/" in email.body
    assert university.name in email.body


def test_giving_access_again_changes_the_details_and_tells_nobody_twice(staff_member):
    first = _give(staff_member)
    again = _give(staff_member, job_title="Professor", email="helena.marsh@downsview.example")
    assert again.pk == first.pk and first.told and not again.told
    assert again.job_title == "Professor"
    assert User.objects.filter(email="helena.marsh@downsview.example").count() == 1
    assert Message.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COCREATOR, Role.STAFF, Role.STEERING])
def test_an_address_another_account_holds_is_refused_and_nothing_is_written(staff_member, role):
    other = UserFactory(role=role, email="taken@example.org")
    with pytest.raises(PartnerAccessRefused, match="already belongs to another account") as why:
        _give(staff_member, email="Taken@example.org")
    assert why.value.field == "email"
    assert not PartnerAccess.objects.exists()
    assert not Message.objects.exists()
    assert user_roles(User.objects.get(pk=other.pk)) == {role}


def test_an_address_only_a_cocreator_record_uses_elsewhere_is_refused(staff_member):
    user = UserFactory(role=Role.COCREATOR, email="main@example.org")
    EmailAddress.objects.create(user=user, email="second@example.org")
    with pytest.raises(PartnerAccessRefused):
        _give(staff_member, email="second@example.org")
    assert not PartnerAccess.objects.exists()


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"email": ""}, "email"),
        ({"email": "not an address"}, "email"),
        ({"full_name": "   "}, "full_name"),
    ],
)
def test_bad_answers_are_refused_plainly_and_write_nothing(staff_member, answers, field):
    with pytest.raises(PartnerAccessRefused) as why:
        _give(staff_member, **answers)
    assert why.value.field == field
    assert not User.objects.exclude(pk=staff_member.pk).exists()
    assert not Message.objects.exists()


def test_an_existing_partner_login_with_no_access_row_is_reused(staff_member):
    partner = UserFactory(role=Role.PARTNER, email="kim@council.example")
    access = _give(staff_member, email="kim@council.example")
    assert access.user == partner
    assert Message.objects.get().user == partner


def test_ending_access_takes_the_role_away_and_giving_it_again_reopens_it(
    staff_member, django_capture_on_commit_callbacks
):
    access = _give(staff_member)
    ended = partner_access_end(actor=staff_member, access=access)
    assert ended.ended_at is not None
    user = User.objects.get(pk=access.user_id)
    assert user_roles(user) == frozenset()
    assert partner_access_end(actor=staff_member, access=access).ended_at == ended.ended_at

    reopened = _give(staff_member, email=user.email)
    assert reopened.pk == access.pk and reopened.ended_at is None
    assert user_roles(User.objects.get(pk=user.pk)) == {Role.PARTNER}
    # Told again, under a key of its own: the first message's key is never reused.
    keys = sorted(Message.objects.values_list("key", flat=True))
    assert len(keys) == 2 and f"partner-access:{access.pk}" in keys


def test_an_account_with_no_role_and_no_partner_access_is_not_taken_over(staff_member):
    user = UserFactory(role=Role.COCREATOR, email="roleless@example.org")
    user.groups.clear()  # a login without a role is still someone else's account
    with pytest.raises(PartnerAccessRefused):
        _give(staff_member, email="roleless@example.org")
    assert user_roles(User.objects.get(pk=user.pk)) == frozenset()


def test_a_partner_asks_for_support_for_their_organisation_and_staff_are_not_emailed(
    staff_member,
):
    access = PartnerAccessFactory(organisation=PartnerOrganisationFactory())
    support = support_request_make(
        user=access.user, kind="mentoring", what_is_needed="  A mentor for our lead  "
    )
    assert (support.organisation, support.kind, support.what_is_needed, support.status) == (
        access.organisation,
        "mentoring",
        "A mentor for our lead",
        SupportRequestStatus.NEW,
    )
    assert not Message.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(("kind", "text"), [("nonsense", "Help"), ("training", "   ")])
def test_a_bad_request_is_refused_and_writes_nothing(kind, text):
    access = PartnerAccessFactory()
    with pytest.raises(SupportRequestRefused):
        support_request_make(user=access.user, kind=kind, what_is_needed=text)
    assert not SupportRequest.objects.exists()


def test_a_partner_whose_access_ended_cannot_ask(staff_member):
    access = PartnerAccessFactory()
    partner_access_end(actor=staff_member, access=access)
    with pytest.raises(SupportRequestRefused, match="ended"):
        support_request_make(user=access.user, kind="training", what_is_needed="A place")


def test_each_new_reply_is_sent_once_and_a_status_change_alone_sends_nothing(staff_member):
    support = SupportRequestFactory()
    answered = support_request_answer(
        actor=staff_member, request=support, status="in_hand", reply="We are on it."
    )
    assert answered.told
    assert (answered.status, answered.staff_reply, answered.handled_by) == (
        "in_hand",
        "We are on it.",
        staff_member,
    )
    again = support_request_answer(
        actor=staff_member, request=support, status="done", reply="We are on it."
    )
    assert not again.told
    support_request_answer(
        actor=staff_member, request=support, status="done", reply="Booked: two places."
    )
    keys = sorted(Message.objects.values_list("key", flat=True))
    assert keys == [f"support-answered:{support.pk}:1", f"support-answered:{support.pk}:2"]
    assert set(Message.objects.values_list("kind", "user")) == {
        ("support_request_answered", support.requested_by_id)
    }


def test_a_bad_status_is_refused_and_changes_nothing(staff_member):
    support = SupportRequestFactory()
    with pytest.raises(SupportRequestRefused):
        support_request_answer(actor=staff_member, request=support, status="x", reply="Hi")
    support.refresh_from_db()
    assert (support.status, support.staff_reply) == ("new", "")
    assert not Message.objects.exists()
