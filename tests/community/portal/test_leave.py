"""Leaving: personal details erased, the anonymous row kept, the login closed for good."""

from django.test import Client

from community.models import (
    AuditAction,
    AuditEvent,
    CoCreator,
    CoCreatorStatus,
    Consent,
    Demographics,
    User,
)
from tests.conftest import PASSWORD
from tests.frontend.test_pages import assert_csp_safe, assert_nhsuk_layout


def test_the_leave_page_explains_what_happens(cocreator_client, me):
    html = cocreator_client.get("/portal/leave/").content.decode()
    assert_nhsuk_layout(html)
    assert_csp_safe(html)
    for words in (
        "We delete your name, contact details",
        "This cannot be undone",
        "without your name",
        "join again",
        'name="understand"',
        "Leave the community",
    ):
        assert words in html


def test_leaving_without_ticking_i_understand_changes_nothing(cocreator_client, me):
    response = cocreator_client.post("/portal/leave/", {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tick the box to show you understand that leaving cannot be undone" in html
    assert "nhsuk-error-summary" in html
    me.refresh_from_db()
    assert me.full_name == "Casey Cocreator" and me.status == CoCreatorStatus.ACTIVE
    assert me.user.is_active


def test_leaving_erases_the_person_and_signs_them_out(cocreator_client, me, them):
    user_pk = me.user_id
    response = cocreator_client.post("/portal/leave/", {"understand": "on"})
    assert response.status_code == 302 and response.url == "/portal/left/"

    row = CoCreator.objects.get(pk=me.pk)  # the anonymous row stays, so counts add up
    assert row.status == CoCreatorStatus.LEFT
    assert row.full_name == "Person who left"
    for field in ("preferred_name", "email", "phone", "address", "postcode", "access_needs_other"):
        assert getattr(row, field) == "", field
    assert row.user is None
    assert not row.access_needs.exists()
    assert not Demographics.objects.filter(cocreator=row).exists()
    assert not Consent.objects.active().filter(cocreator=row).exists()
    assert AuditEvent.objects.filter(cocreator_id=me.pk, action=AuditAction.ERASE).exists()

    user = User.objects.get(pk=user_pk)
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email != "cocreator@example.org" and user.full_name == ""

    # Signed out: the portal now sends them to sign in.
    again = cocreator_client.get("/portal/")
    assert again.status_code == 302 and again.url.startswith("/accounts/login/")

    # The other person is untouched.
    them.refresh_from_db()
    assert them.full_name == "Olu Otherperson" and them.status == CoCreatorStatus.ACTIVE


def test_the_left_page_is_plain_and_public(cocreator_client, me):
    response = cocreator_client.post("/portal/leave/", {"understand": "on"}, follow=True)
    html = response.content.decode()
    assert "You have left the co-creation community" in html
    assert_nhsuk_layout(html)
    assert Client().get("/portal/left/").status_code == 200


def test_a_person_who_has_left_cannot_sign_in_again(cocreator_client, me):
    cocreator_client.post("/portal/leave/", {"understand": "on"})
    client = Client()
    assert not client.login(email="cocreator@example.org", password=PASSWORD)
    response = client.post(
        "/accounts/login/", {"login": "cocreator@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200  # the sign-in page again, with an error
    # Nor by a code sent by email: no account has that address any more.
    client.post("/accounts/login/code/", {"email": "cocreator@example.org"})
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="cocreator@example.org").exists()


def test_a_cocreator_who_is_also_staff_cannot_close_their_login_from_the_portal(
    staff_member_with_mfa,
):
    from community.models import Role
    from community.services import cocreator_for_user_ensure, user_grant_role
    from tests.conftest import client_for

    user_grant_role(user=staff_member_with_mfa, role=Role.COCREATOR)
    record = cocreator_for_user_ensure(user=staff_member_with_mfa)
    client = client_for(staff_member_with_mfa)
    page = client.get("/portal/leave/").content.decode()
    assert "You cannot leave from here" in page and 'name="understand"' not in page
    client.post("/portal/leave/", {"understand": "on"})
    staff_member_with_mfa.refresh_from_db()
    record.refresh_from_db()
    assert staff_member_with_mfa.is_active
    assert record.status == CoCreatorStatus.ACTIVE and record.user == staff_member_with_mfa
