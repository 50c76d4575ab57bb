"""The demo data: one person per role, safe to load twice, each able to sign in."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from community.models import Role, User
from community.permissions import user_roles


def test_loading_the_demo_twice_leaves_one_account_per_demo_person(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=StringIO())
    # The four sign-ins, partner logins (a council, one ended) and the panel's co-creators.
    accounts = set(User.objects.values_list("email", flat=True))
    call_command("seed_demo", stdout=StringIO())
    assert set(User.objects.values_list("email", flat=True)) == accounts
    assert User.objects.count() == len(accounts)
    assert user_roles(User.objects.get(email="staff@example.org")) == {Role.STAFF}
    assert user_roles(User.objects.get(email="partner@example.org")) == {Role.PARTNER}
    assert user_roles(User.objects.get(email="steering@example.org")) == {Role.STEERING}
    assert user_roles(User.objects.get(email="cocreator@example.org")) == {Role.COCREATOR}


@pytest.mark.parametrize(
    ("email", "home"),
    [
        ("cocreator@example.org", "/portal/"),
        ("steering@example.org", "/reports/"),
        ("partner@example.org", "/partners/"),
    ],
)
def test_each_demo_person_signs_in_with_the_demo_password(db, client, monkeypatch, email, home):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("seed_demo", stdout=StringIO())
    response = client.post(
        reverse("account_login"), {"login": email, "password": "a-demo-password-for-tests"}
    )
    assert response.status_code == 302
    assert response.url == home


def test_the_demo_staff_member_lands_on_the_staff_dashboard_when_two_factor_is_off(
    db, client, settings, monkeypatch
):
    settings.STAFF_MFA_REQUIRED = False
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("seed_demo", stdout=StringIO())
    response = client.post(
        reverse("account_login"),
        {"login": "staff@example.org", "password": "a-demo-password-for-tests"},
    )
    assert response.url == "/staff/"
    assert client.get("/staff/").status_code == 200
