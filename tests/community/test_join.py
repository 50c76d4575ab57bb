"""Joining as the home page promises: a name, an email address and how to take part, no password;
the address confirmed and every sign-in after it by an emailed code; allauth's pages in our words;
and a person who left told, when they try to sign in again, that their account was closed."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from community.models import AuditAction, AuditEvent, CoCreator, Role, User
from community.permissions import user_roles
from tests.community.factories import UserFactory
from tests.conftest import PASSWORD, client_for

CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
REQUIRED = "This field is required"
# allauth's own words, which must not reach anyone (compared with the page's text in lower case).
STOCK_PHRASES = [
    "sign up",
    "signup",
    "finalize",
    "for user",
    "e-mail",
    REQUIRED.lower(),
    "bad token",
    "reauthenticate",
    "re-send",
    "(again)",
    "request code",
    "successfully signed in",
    "confirm access",
    "alternative options",
    "are associated with your account",
    "password-free",
    "special code",
    "user account",
    "please ",
]
JOIN = {
    "full_name": "Samira  Newcomer",
    "preferred_name": "Sam",
    "email": "Samira.Newcomer@example.org",
    "phone": "07700 900 982",
    "availability": ["online", "evenings"],
}


def text_of(html: str) -> str:
    """A page's words as a person reads them: the title and the text, without the markup."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def page_text(response) -> str:
    return text_of(response.content.decode())


def code_from(message) -> str:
    return CODE.search(message.body).group(1)


def join(client: Client, **changes):
    return client.post(reverse("account_signup"), {**JOIN, **changes})


# --- Joining -----------------------------------------------------------------------------------


def test_the_join_page_asks_for_a_name_an_email_and_how_to_take_part_and_no_password(anonymous, db):
    html = anonymous.get(reverse("account_signup")).content.decode()
    for name in ("full_name", "preferred_name", "email", "phone", "availability"):
        assert f'name="{name}"' in html
    assert 'type="password"' not in html
    assert "placeholder=" not in html
    words = text_of(html)
    assert "Join the co-creation community" in words
    assert "When and how would you like to take part?" in words
    assert "Online" in words and "In person" in words
    assert "You do not need a password" in words
    assert "No email address?" in words  # staff can add them instead


def test_a_person_joins_confirms_the_emailed_code_and_is_greeted_by_name(anonymous, db):
    response = join(anonymous)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")

    user = User.objects.get(email="samira.newcomer@example.org")
    assert not user.has_usable_password()
    assert user.full_name == "Samira Newcomer"
    assert user_roles(user) == {Role.COCREATOR}
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in anonymous.session

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["samira.newcomer@example.org"]
    assert "confirm" in message.subject.lower()
    page = anonymous.get(response.url)
    assert "Confirm your email address" in page_text(page)
    assert "samira.newcomer@example.org" in page_text(page)

    response = anonymous.post(response.url, {"code": code_from(message)})
    assert response.status_code == 302
    assert response.url == reverse("community:portal-home")
    assert int(anonymous.session["_auth_user_id"]) == user.pk
    assert EmailAddress.objects.get(user=user).verified

    home = page_text(anonymous.get(response.url))
    assert "Hello, Sam" in home
    assert "Welcome: what to do first" in home
    assert "Tell us more about you" in home


def test_joining_makes_the_persons_record_through_the_service_with_what_they_said(anonymous, db):
    join(anonymous)
    person = CoCreator.objects.get(user__email="samira.newcomer@example.org")
    assert person.full_name == "Samira Newcomer"
    assert person.preferred_name == "Sam"
    assert person.display_name == "Sam"
    assert person.email == "samira.newcomer@example.org"
    assert person.phone == "07700900982"
    assert person.prefers_email is True
    assert person.available_online and person.available_evenings
    assert not (person.available_weekdays or person.available_weekends)
    assert not person.available_in_person
    # cocreator_register audits the new record, as for anyone staff add.
    assert AuditEvent.objects.filter(cocreator_id=person.pk, action=AuditAction.CREATE).exists()


def test_without_a_preferred_name_the_portal_uses_the_full_name(anonymous, db):
    join(anonymous, preferred_name="")
    anonymous.post(reverse("account_email_verification_sent"), {"code": code_from(mail.outbox[0])})
    assert "Hello, Samira Newcomer" in page_text(anonymous.get(reverse("community:portal-home")))


def test_phone_and_how_to_take_part_are_optional(anonymous, db):
    response = join(anonymous, phone="", preferred_name="", availability=[])
    assert response.status_code == 302
    person = CoCreator.objects.get(user__email="samira.newcomer@example.org")
    assert person.phone == ""
    assert person.preferred_name == ""


def test_a_phone_number_that_is_not_a_uk_number_is_refused_in_words(anonymous, db):
    response = join(anonymous, phone="call me")
    assert response.status_code == 200
    assert "Enter a UK phone number using numbers only" in page_text(response)
    assert not User.objects.filter(email="samira.newcomer@example.org").exists()


def test_joining_with_an_address_that_has_an_account_makes_no_second_one_and_emails_its_owner(
    anonymous, cocreator
):
    response = join(anonymous, email=cocreator.email.upper())
    # The page is the one anybody joining sees, so it does not reveal that the address is known.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=cocreator.email).count() == 1
    assert CoCreator.objects.filter(full_name="Samira Newcomer").count() == 0
    [message] = mail.outbox
    assert message.subject.endswith("You already have an account")
    assert f"{settings.SITE_URL}{reverse('account_login')}" in message.body


# --- Signing in by code ------------------------------------------------------------------------


def test_the_sign_in_page_leads_with_an_emailed_code_and_offers_a_password_second(anonymous, db):
    html = anonymous.get(reverse("account_login")).content.decode()
    code_form = html.index(f'action="{reverse("account_request_login_code")}"')
    password_form = html.index(f'action="{reverse("account_login")}"')
    assert code_form < password_form
    assert html.index("Email me a sign-in code") < html.index('type="password"')
    assert "Sign in with a password" in html
    assert f'href="{reverse("account_signup")}"' in html


def test_a_cocreator_signs_in_with_a_code_from_the_sign_in_pages_first_form(anonymous, cocreator):
    response = anonymous.post(reverse("account_request_login_code"), {"email": cocreator.email})
    assert response.status_code == 302
    page = anonymous.get(response.url)
    assert "Enter your sign-in code" in page_text(page)
    assert "Not got the email?" in page_text(page)
    response = anonymous.post(response.url, {"code": code_from(mail.outbox[0])})
    assert response.status_code == 302 and response.url == "/portal/"


def test_a_person_who_joined_without_a_password_can_set_one_from_their_home(anonymous, db):
    join(anonymous)
    anonymous.post(reverse("account_email_verification_sent"), {"code": code_from(mail.outbox[0])})
    home = anonymous.get(reverse("community:portal-home")).content.decode()
    assert reverse("account_set_password") in home
    assert "You do not have a password" in text_of(home)
    page = anonymous.get(reverse("account_set_password"))
    assert page.status_code == 200
    assert "You do not need a password" in page_text(page)


def test_a_person_who_typed_the_wrong_address_can_start_again(anonymous, db):
    join(anonymous, email="samira@exampel.org")
    response = anonymous.post(reverse("account_logout"), {"next": reverse("account_signup")})
    assert response.status_code == 302 and response.url == reverse("account_signup")
    assert "Join the co-creation community" in page_text(anonymous.get(response.url))


def test_a_wrong_code_is_refused_in_words(anonymous, cocreator):
    anonymous.post(reverse("account_request_login_code"), {"email": cocreator.email})
    response = anonymous.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"})
    assert response.status_code == 200
    assert "The code is not right" in page_text(response)
    assert "_auth_user_id" not in anonymous.session


# --- Errors name their field -------------------------------------------------------------------


def _assert_named_errors(response, *expected):
    words = page_text(response)
    assert REQUIRED not in words
    assert "nhsuk-error-summary" in response.content.decode()
    for message in expected:
        assert message in words, f"{message!r} not on the page"


def test_an_empty_join_form_names_each_field_it_needs(anonymous, db):
    response = anonymous.post(reverse("account_signup"), {})
    _assert_named_errors(response, "Enter your full name", "Enter your email address")


def test_an_email_address_in_the_wrong_format_says_what_the_right_one_looks_like(anonymous, db):
    expected = "Enter an email address in the correct format, like name@example.com"
    response = join(anonymous, email="samira-at-example")
    _assert_named_errors(response, expected)
    response = anonymous.post(reverse("account_request_login_code"), {"email": "samira"})
    _assert_named_errors(response, expected)


@pytest.mark.parametrize(
    ("url_name", "data", "expected"),
    [
        ("account_login", {"login": "", "password": ""}, ["Enter your email address"]),
        ("account_login", {"login": "x@example.org", "password": ""}, ["Enter your password"]),
        ("account_request_login_code", {"email": ""}, ["Enter your email address"]),
        ("account_reset_password", {"email": ""}, ["Enter your email address"]),
    ],
    ids=["sign-in", "sign-in-password", "sign-in-with-a-code", "reset-password"],
)
def test_an_empty_sign_in_form_names_each_field(anonymous, db, url_name, data, expected):
    response = anonymous.post(reverse(url_name), data)
    assert response.status_code == 200
    _assert_named_errors(response, *expected)


def test_an_empty_sign_in_code_names_the_code(anonymous, cocreator):
    anonymous.post(reverse("account_request_login_code"), {"email": cocreator.email})
    response = anonymous.post(reverse("account_confirm_login_code"), {"code": ""})
    _assert_named_errors(response, "Enter the code from the email we sent you")


def test_an_empty_confirmation_code_names_the_code(anonymous, db):
    join(anonymous)
    response = anonymous.post(reverse("account_email_verification_sent"), {"code": ""})
    _assert_named_errors(response, "Enter the code from the email we sent you")


def test_the_account_forms_name_their_fields_too(db):
    person = UserFactory(email="pat@example.org", full_name="Pat Person")
    client = client_for(person)
    _assert_named_errors(
        client.post(reverse("account_email"), {"action_add": "", "email": ""}),
        "Enter your email address",
    )
    _assert_named_errors(
        client.post(reverse("account_change_password"), {}),
        "Enter your current password",
        "Enter a new password",
        "Type your new password again",
    )
    _assert_named_errors(
        client.post(reverse("account_reauthenticate"), {"password": ""}), "Enter your password"
    )
    person.set_unusable_password()
    person.save()
    client = client_for(person)
    _assert_named_errors(
        client.post(reverse("account_set_password"), {}),
        "Enter a new password",
        "Type your new password again",
    )


# --- No stock wording --------------------------------------------------------------------------


def _assert_plain(response, where: str) -> None:
    assert response.status_code == 200, f"{where} answered {response.status_code}"
    html = response.content.decode()
    words = page_text(response).lower()
    found = [phrase for phrase in STOCK_PHRASES if phrase in words]
    assert not found, f"{where} says {found}"
    assert "placeholder=" not in html, f"{where} has a placeholder (use a hint)"


ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_request_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_inactive",
]
SIGNED_IN_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "mfa_index",
]


@pytest.mark.parametrize("url_name", ANONYMOUS_PAGES)
def test_an_account_page_a_visitor_reaches_uses_our_words(anonymous, db, url_name):
    _assert_plain(anonymous.get(reverse(url_name)), url_name)


@pytest.mark.parametrize("url_name", SIGNED_IN_PAGES)
def test_an_account_page_a_cocreator_reaches_uses_our_words(cocreator_client, url_name):
    _assert_plain(cocreator_client.get(reverse(url_name)), url_name)


def test_the_pages_between_the_steps_use_our_words(anonymous, cocreator, db):
    # The code page, after asking for a code.
    anonymous.post(reverse("account_request_login_code"), {"email": cocreator.email})
    _assert_plain(anonymous.get(reverse("account_confirm_login_code")), "sign-in code")
    # The confirmation page, after joining.
    joining = Client()
    join(joining)
    _assert_plain(joining.get(reverse("account_email_verification_sent")), "confirm email")
    # The portal a new person lands on: no "Successfully signed in as ..." banner.
    response = joining.post(
        reverse("account_email_verification_sent"), {"code": code_from(mail.outbox[-1])}
    )
    home = page_text(joining.get(response.url))
    assert "successfully" not in home.lower()
    assert "Your email address samira.newcomer@example.org is confirmed" in home
    # A password reset link that no longer works.
    bad_link = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "x-y"})
    _assert_plain(anonymous.get(bad_link, follow=True), "old reset link")
    # Confirming it is you with a code, signed in without a password.
    passwordless = UserFactory(email="pat@example.org", full_name="Pat Person")
    passwordless.set_unusable_password()
    passwordless.save()
    client = client_for(passwordless)
    _assert_plain(client.get(reverse("account_set_password")), "set a password")
    _assert_plain(client.get(reverse("account_request_reauthentication_code")), "ask for a code")
    client.post(reverse("account_request_reauthentication_code"), {"recipient": "pat@example.org"})
    _assert_plain(
        client.get(reverse("account_confirm_reauthentication_code")), "reauthentication code"
    )


def test_the_account_emails_use_our_words_and_link_to_the_site(anonymous, cocreator, db):
    join(anonymous)  # a confirmation code
    Client().post(reverse("account_request_login_code"), {"email": cocreator.email})  # a code
    Client().post(reverse("account_request_login_code"), {"email": "nobody@example.org"})
    join(Client(), email=cocreator.email)  # "you already have an account"
    Client().post(reverse("account_reset_password"), {"email": cocreator.email})
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        # Addresses aside (the join page's address ends /accounts/signup/).
        text = re.sub(r"https?://\S+", "", f"{message.subject}\n{message.body}")
        found = [phrase for phrase in STOCK_PHRASES if phrase in text.lower()]
        assert not found, f"{message.subject!r} says {found}"
        assert not re.search(r"&[a-z]+;|&#\d+;", text), f"{message.subject!r} has an entity"
        for link in re.findall(r"https?://\S+", message.body):
            assert link.startswith(settings.SITE_URL), f"{message.subject!r} links to {link}"
    unknown = next(m for m in mail.outbox if m.to == ["nobody@example.org"])
    assert "If you had an account and left the community" in unknown.body
    assert f"{settings.SITE_URL}{reverse('account_signup')}" in unknown.body


# --- The welcome -------------------------------------------------------------------------------


def test_the_portal_welcome_is_for_people_who_have_just_joined(cocreator_client, cocreator):
    assert "Welcome: what to do first" in page_text(cocreator_client.get("/portal/"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=29), tick=False):
        later = client_for(cocreator)
        assert "Welcome: what to do first" not in page_text(later.get("/portal/"))


# --- Signing in after leaving ------------------------------------------------------------------


def _leave(client) -> str:
    response = client.post(reverse("community:portal-leave"), {"understand": "on"})
    assert response.status_code == 302 and response.url == reverse("community:portal-left")
    return "This account was closed when you left the community on " + dateformat.format(
        timezone.localdate(), "j F Y"
    )


def test_after_leaving_asking_for_a_code_says_the_account_was_closed_and_how_to_join_again(
    cocreator_client, cocreator
):
    email = cocreator.email
    closed = _leave(cocreator_client)
    mail.outbox.clear()
    response = cocreator_client.post(reverse("account_request_login_code"), {"email": email})
    assert response.status_code == 200
    words = page_text(response)
    assert closed in words
    assert "To join again, join the co-creation community" in words
    assert f'href="{reverse("account_signup")}"' in response.content.decode()
    assert mail.outbox == []  # no code for an account that is closed


def test_after_leaving_signing_in_with_the_old_password_says_the_account_was_closed(
    cocreator_client, cocreator
):
    email = cocreator.email
    closed = _leave(cocreator_client)
    response = cocreator_client.post(
        reverse("account_login"), {"login": email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    words = page_text(response)
    assert closed in words
    assert "To join again" in words
    assert "_auth_user_id" not in cocreator_client.session


def test_the_note_answers_only_the_address_that_left(cocreator_client, cocreator, other_cocreator):
    _leave(cocreator_client)
    response = cocreator_client.post(
        reverse("account_request_login_code"), {"email": other_cocreator.email}
    )
    assert response.status_code == 302  # an ordinary sign-in by code


def test_another_browser_learns_nothing_from_the_screen_but_the_email_says_how_to_rejoin(
    cocreator_client, cocreator
):
    email = cocreator.email
    _leave(cocreator_client)
    mail.outbox.clear()
    elsewhere = Client()
    response = elsewhere.post(reverse("account_request_login_code"), {"email": email})
    # As for any address: the code page, so nobody learns whether it was ever in the community.
    assert response.status_code == 302
    assert response.url == reverse("account_confirm_login_code")
    [message] = mail.outbox
    assert message.to == [email]
    assert "your account was closed when you left" in message.body
    assert f"{settings.SITE_URL}{reverse('account_signup')}" in message.body


def test_the_browser_keeps_no_address_of_the_person_who_left(cocreator_client, cocreator):
    email = cocreator.email
    _leave(cocreator_client)
    session = dict(cocreator_client.session)
    assert email not in repr(session).lower()
    assert "_auth_user_id" not in session


def test_joining_again_after_leaving_works_from_the_same_browser(cocreator_client, cocreator):
    email = cocreator.email
    _leave(cocreator_client)
    response = join(cocreator_client, email=email)
    assert response.status_code == 302
    cocreator_client.post(response.url, {"code": code_from(mail.outbox[-1])})
    assert "Hello, Sam" in page_text(cocreator_client.get("/portal/"))
