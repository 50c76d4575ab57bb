"""Signing in, signing up and landing on the right home, as each kind of person."""

import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from community.models import Role, User
from community.permissions import user_roles
from tests.conftest import PASSWORD, client_for


@pytest.mark.parametrize(
    ("persona", "home"),
    [
        ("staff_member_with_mfa", "/staff/"),
        ("cocreator", "/portal/"),
        ("steering_member", "/reports/"),
    ],
)
def test_each_role_lands_on_their_home_after_signing_in_with_a_password(
    anonymous, request, persona, home
):
    user = request.getfixturevalue(persona)
    response = anonymous.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if persona == "staff_member_with_mfa":
        # Staff with two-factor set up are asked for their code before they land.
        assert response.status_code == 302
        assert response.url == reverse("mfa_authenticate")
        return
    assert response.status_code == 302
    assert response.url == home
    assert anonymous.get(home).status_code == 200


def test_a_wrong_password_signs_nobody_in_and_says_so(anonymous, cocreator):
    response = anonymous.post(
        reverse("account_login"), {"login": cocreator.email, "password": "nope-nope"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in anonymous.session
    assert "not correct" in response.content.decode()


def test_a_cocreator_can_sign_in_with_a_one_time_code_and_no_password(anonymous, cocreator):
    response = anonymous.post(reverse("account_request_login_code"), {"email": cocreator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Co-creation community" in body and "testserver" not in body
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[0].body, re.MULTILINE).group(
        1
    )
    response = anonymous.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert response.url == "/portal/"
    assert int(anonymous.session["_auth_user_id"]) == cocreator.pk


def test_a_new_signup_must_verify_their_email_and_becomes_a_cocreator(db, anonymous):
    # Joining asks for a name and no password (tests/community/test_join.py has the rest).
    response = anonymous.post(
        reverse("account_signup"), {"full_name": "New Person", "email": "New.Person@example.org"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user_roles(user) == {Role.COCREATOR}
    assert user.cocreator.email == "new.person@example.org"
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in anonymous.session
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].subject.lower()


def test_emails_are_unique_whatever_their_case(anonymous, cocreator):
    response = anonymous.post(
        reverse("account_signup"), {"full_name": "Someone Else", "email": cocreator.email.upper()}
    )
    assert User.objects.filter(email__iexact=cocreator.email).count() == 1
    # allauth does not reveal that the address exists; it sends the owner an email instead.
    assert response.status_code in (200, 302)


def test_allauth_rate_limits_stay_on(settings, anonymous, cocreator):
    assert getattr(settings, "ACCOUNT_RATE_LIMITS", None) is not False
    pages = [
        anonymous.post(reverse("account_login"), {"login": cocreator.email, "password": "wrong"})
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0].content.decode()
    assert "Too many failed login attempts" in pages[-1].content.decode()
    # Even the right password is refused while the limit holds.
    right = anonymous.post(
        reverse("account_login"), {"login": cocreator.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in anonymous.session
    assert "Too many failed login attempts" in right.content.decode()


def test_staff_without_two_factor_are_sent_to_set_it_up(staff_member):
    response = client_for(staff_member).get("/staff/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_without_two_factor_reach_staff_pages_when_the_setting_is_off(settings, staff_member):
    settings.STAFF_MFA_REQUIRED = False
    assert client_for(staff_member).get("/staff/").status_code == 200


def test_staff_with_two_factor_reach_the_staff_dashboard(staff_client):
    response = staff_client.get("/staff/")
    assert response.status_code == 200
    assert "Staff dashboard" in response.content.decode()


def test_two_factor_requirement_does_not_apply_to_cocreators(cocreator_client):
    assert cocreator_client.get("/portal/").status_code == 200


def test_the_setting_is_on_in_production_and_off_in_the_local_demo():
    from cocreation.settings import local, test

    assert test.STAFF_MFA_REQUIRED is True
    assert local.STAFF_MFA_REQUIRED is False


def test_a_staff_session_ends_after_30_minutes_idle(staff_client):
    assert staff_client.get("/staff/").status_code == 200
    with _later(29):
        assert staff_client.get("/staff/").status_code == 200
    with _later(29 + 31):
        response = staff_client.get("/staff/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_cocreator_session_survives_30_minutes_idle(cocreator_client):
    assert cocreator_client.get("/portal/").status_code == 200
    with _later(31):
        assert cocreator_client.get("/portal/").status_code == 200


def _later(minutes):
    from datetime import timedelta

    from django.utils import timezone

    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_signed_in_pages_are_never_cached(cocreator_client, anonymous):
    response = cocreator_client.get("/portal/")
    assert "no-store" in response["Cache-Control"]
    assert "no-store" not in anonymous.get("/").get("Cache-Control", "")


def test_a_signed_in_person_sees_a_button_to_their_home_on_the_public_page(cocreator_client):
    assert 'href="/portal/"' in cocreator_client.get("/").content.decode()


def test_the_admin_site_signs_people_in_through_allauth(anonymous, db):
    response = anonymous.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=/admin/")


def test_an_administrator_without_two_factor_is_sent_to_set_it_up(db):
    from community.models import User

    admin_user = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    response = client_for(admin_user).get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_an_administrator_with_two_factor_reaches_the_admin_site(db):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from community.models import User

    admin_user = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    TOTP.activate(admin_user, generate_totp_secret())
    assert client_for(admin_user).get("/admin/").status_code == 200


def test_staff_finish_signing_in_with_their_authenticator_code_and_land_on_the_staff_dashboard(
    anonymous, staff_member
):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(staff_member, secret)
    anonymous.post(reverse("account_login"), {"login": staff_member.email, "password": PASSWORD})
    assert "_auth_user_id" not in anonymous.session
    wrong = anonymous.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in anonymous.session
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = anonymous.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert response.url == "/staff/"
    assert anonymous.get("/staff/").status_code == 200


def test_staff_can_sign_in_with_a_recovery_code_when_their_phone_is_lost(anonymous, staff_member):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff_member, generate_totp_secret())
    recovery = RecoveryCodes.activate(staff_member)
    anonymous.post(reverse("account_login"), {"login": staff_member.email, "password": PASSWORD})
    response = anonymous.post(reverse("mfa_authenticate"), {"code": recovery.get_unused_codes()[0]})
    assert response.status_code == 302
    assert response.url == "/staff/"


def test_the_sign_in_page_speaks_plainly_and_offers_a_code_instead_of_a_password(anonymous, db):
    html = anonymous.get(reverse("account_login")).content.decode()
    assert "Email address" in html
    assert "Keep me signed in on this device" in html
    assert reverse("account_request_login_code") in html
