"""Sessions end when they should for every role, and sign-in limits count people, not our proxy."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from community.adapters import client_ip
from tests.conftest import PASSWORD, client_for

PROXY = "10.0.0.2"  # the TLS proxy in front of the site, on the private network


def _later(**delta):
    return time_machine.travel(timezone.now() + timedelta(**delta), tick=False)


# --- Idle and absolute time-outs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "home"), [("cocreator", "/portal/"), ("steering_member", "/reports/")]
)
def test_a_session_ends_after_8_hours_idle_for_cocreators_and_steering_members(
    request, persona, home
):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(home).status_code == 200
    with _later(hours=7, minutes=50):
        assert client.get(home).status_code == 200
    with _later(hours=7, minutes=50 + 8 * 60 + 1):
        response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_busy_cocreator_is_still_signed_out_14_days_after_signing_in(cocreator):
    client = client_for(cocreator)
    assert client.get("/portal/").status_code == 200
    # Active every 6 hours for 14 days: never idle long enough to be signed out for that.
    for hours in range(6, 14 * 24, 6):
        with _later(hours=hours):
            assert client.get("/portal/").status_code == 200, f"signed out after {hours} hours"
    with _later(days=14, minutes=1):
        response = client.get("/portal/", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_cocreator_signed_out_for_an_old_session_is_told_why(cocreator):
    client = client_for(cocreator)
    client.get("/portal/")
    session = client.session
    session["signed_in_at"] -= 14 * 24 * 60 * 60
    session.save()
    response = client.get("/portal/", follow=True)
    assert "you signed in more than 14 days ago" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_cocreator_signed_out_for_being_idle_is_told_why(cocreator):
    client = client_for(cocreator)
    client.get("/portal/")
    # Had the browser kept the session past its idle time, the server still ends it, saying why.
    session = client.session
    session["idle_clock_at"] -= 8 * 60 * 60 + 1
    session.save()
    response = client.get("/portal/", follow=True)
    assert "you had not used the site for 8 hours" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_sign_in_page_says_when_people_are_signed_out(anonymous, db):
    page = anonymous.get(reverse("account_login")).content.decode()
    assert "signed out after 8 hours without using the site" in page
    assert "14 days after you sign in" in page
    assert "30 minutes" in page


def test_time_outs_come_from_settings(settings, anonymous, db):
    settings.SESSION_IDLE_SECONDS = 2 * 60 * 60
    page = anonymous.get(reverse("account_login")).content.decode()
    assert "signed out after 2 hours without using the site" in page


# --- Staff without two-factor ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/reports/", "/portal/", "/staff/community/", "/"])
def test_staff_without_two_factor_cannot_read_reports_or_anything_else(staff_member, path):
    response = client_for(staff_member).get(path)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_without_two_factor_can_set_it_up_and_sign_out(staff_member):
    client = client_for(staff_member)
    # allauth asks for the password again first (a forced sign-in is not recent); both answer.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_with_two_factor_read_reports(staff_client):
    assert staff_client.get("/reports/", follow=True).status_code == 200


# --- Rate limits behind a proxy ----------------------------------------------------------------


def _fail(client, email, forwarded_for, remote=PROXY):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": "wrong-password"},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR=remote,
    )


def _sign_in(client, email, forwarded_for, remote=PROXY):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR=remote,
    )


def test_behind_one_proxy_one_persons_failures_do_not_lock_out_another(
    settings, anonymous, cocreator, other_cocreator
):
    from django.test import Client

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # One person gets their password wrong 10 times, trying 10 addresses on the way.
    for attempt in range(10):
        _fail(anonymous, f"nobody{attempt}@example.org", "203.0.113.5")
    blocked = _fail(anonymous, "nobody-else@example.org", "203.0.113.5")
    assert "Too many failed login attempts" in blocked.content.decode()
    # Someone else, through the same proxy, signs in as usual.
    other = Client()
    response = _sign_in(other, other_cocreator.email, "198.51.100.7")
    assert response.status_code == 302
    assert response.url == "/portal/"


def test_a_forged_forwarded_for_sent_through_the_proxy_does_not_get_round_the_limit(
    settings, anonymous, cocreator
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The proxy adds the address it saw to whatever the client sent.
    for attempt in range(10):
        _fail(anonymous, f"nobody{attempt}@example.org", f"192.0.2.{attempt}, 203.0.113.5")
    blocked = _fail(anonymous, "nobody-else@example.org", "192.0.2.99, 203.0.113.5")
    assert "Too many failed login attempts" in blocked.content.decode()


def test_a_direct_client_cannot_choose_its_address_with_a_forged_header(settings, anonymous, db):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for attempt in range(10):
        _fail(anonymous, f"nobody{attempt}@example.org", f"192.0.2.{attempt}", remote="203.0.113.5")
    blocked = _fail(anonymous, "nobody-else@example.org", "192.0.2.99", remote="203.0.113.5")
    assert "Too many failed login attempts" in blocked.content.decode()


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, PROXY, "203.0.113.5", PROXY),  # no proxy configured: the header is ignored
        (1, PROXY, "203.0.113.5", "203.0.113.5"),
        (1, PROXY, "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (2, PROXY, "192.0.2.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, PROXY, "203.0.113.5", PROXY),  # fewer hops than proxies: not believed, no error
        (1, "203.0.113.5", "192.0.2.1", "203.0.113.5"),  # not from a proxy: not believed
        (1, PROXY, "not-an-address", PROXY),
    ],
)
def test_the_address_counted(settings, rf, count, remote, forwarded, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
