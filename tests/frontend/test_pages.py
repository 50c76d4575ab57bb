"""Public pages, error pages and allauth's pages share one NHS.UK layout that works under a strict CSP.

No page may carry an inline script, an inline event handler or a style attribute: production's
Content Security Policy (script-src 'self'; style-src 'self') would block them.
"""

import re

import pytest
from django.template import loader

from .htmltree import parse

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/login/code/",
    "/accounts/password/reset/",
]
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def assert_csp_safe(html: str) -> None:
    doc = parse(html)
    for script in doc.find_all("script"):
        assert script.attrs.get("src"), f"inline script: {script.text[:80]}"
    assert not [el for el in doc.iter() if "style" in el.attrs], "style attribute found"
    assert not INLINE_HANDLER.search(html), "inline event handler found"


def assert_nhsuk_layout(html: str) -> None:
    doc = parse(html)
    assert doc.find("html").attrs["lang"] == "en-GB"
    skip = doc.find("a", cls="nhsuk-skip-link")
    assert skip is not None and skip.attrs["href"] == "#maincontent"
    assert doc.find("main", id="maincontent") is not None
    assert doc.find("header", cls="nhsuk-header") is not None
    assert doc.find("footer", cls="nhsuk-footer") is not None
    assert len(doc.find_all("h1")) == 1
    module = doc.find("script", type="module")
    assert module is not None and module.attrs["src"].endswith("js/app.js")
    ids = [el.attrs["id"] for el in doc.iter() if "id" in el.attrs]
    assert len(ids) == len(set(ids)), "duplicate ids"


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_uses_the_nhsuk_layout_and_is_csp_safe(anonymous, path):
    response = anonymous.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert_nhsuk_layout(html)
    assert_csp_safe(html)


@pytest.mark.django_db
def test_anonymous_visitor_is_offered_sign_in_and_sign_up(anonymous):
    doc = parse(anonymous.get("/").content.decode())
    account = doc.find("nav", cls="nhsuk-header__account")
    assert account.find("a").text == "Sign in"
    assert doc.find("a", href="/accounts/signup/") is not None
    levels = [dt.text for dt in doc.find_all("dt", cls="nhsuk-summary-list__key")]
    assert levels == ["Inform", "Engage", "Involve", "Collaborate", "Co-create"]


@pytest.mark.django_db
def test_signed_in_person_can_sign_out_and_go_to_their_home(cocreator_client):
    doc = parse(cocreator_client.get("/").content.decode())
    account = doc.find("nav", cls="nhsuk-header__account")
    assert account.find("a", href="/accounts/logout/").text == "Sign out"
    home_button = next(
        a for a in doc.find_all("a", cls="nhsuk-button") if a.text == "Go to your home"
    )
    assert home_button.attrs["href"]


@pytest.mark.django_db
def test_footer_links_to_the_accessibility_statement_and_privacy_notice(anonymous):
    doc = parse(anonymous.get("/privacy/").content.decode())
    footer = doc.find("footer")
    assert footer.find("a", href="/accessibility/") is not None
    assert footer.find("a", href="/privacy/") is not None
    assert "©" in footer.text


@pytest.mark.django_db
def test_privacy_notice_shows_its_version_and_contact(anonymous, settings):
    html = anonymous.get("/privacy/").content.decode()
    assert f"Version {settings.PRIVACY_NOTICE_VERSION}" in html
    assert f"mailto:{settings.CONTACT_EMAIL}" in html
    assert "Prefer not to say" in html


@pytest.mark.django_db
def test_a_missing_page_says_page_not_found(anonymous):
    response = anonymous.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert_nhsuk_layout(html)
    assert_csp_safe(html)


def test_the_500_page_renders_with_no_request_or_context():
    html = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html
    assert "nhsuk-frontend.min.css" in html
    assert_csp_safe(html)


@pytest.mark.django_db
def test_the_csrf_failure_page_asks_to_go_back_and_try_again(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.shortcuts import render

    request = rf.post("/")
    request.user = AnonymousUser()
    html = render(request, "403_csrf.html", status=403).content.decode()
    assert "Your session may have expired" in html
    assert "try again" in html


@pytest.mark.django_db
def test_sign_in_errors_appear_in_an_error_summary(anonymous):
    response = anonymous.post(
        "/accounts/login/", {"login": "nobody@example.org", "password": "wrong-password"}
    )
    doc = parse(response.content.decode())
    summary = doc.find(cls="nhsuk-error-summary")
    assert summary is not None
    assert summary.find("a", href="#id_login") is not None
    assert doc.find("button", type="submit", cls="nhsuk-button") is not None


@pytest.mark.django_db
def test_sign_up_errors_are_linked_to_each_field(anonymous):
    response = anonymous.post(
        "/accounts/signup/", {"email": "not-an-email", "password1": "x", "password2": "y"}
    )
    doc = parse(response.content.decode())
    hrefs = {a.attrs["href"] for a in doc.find(cls="nhsuk-error-summary").find_all("a")}
    assert "#id_email" in hrefs
    email = doc.find(id="id_email")
    assert "nhsuk-input--error" in email.classes
    assert "id_email_error" in email.attrs["aria-describedby"]
    assert "placeholder" not in email.attrs


@pytest.mark.django_db
def test_two_factor_set_up_page_is_nhsuk_and_csp_safe(cocreator, client):
    client.post("/accounts/login/", {"login": cocreator.email, "password": "a-long-test-password"})
    client.post("/accounts/reauthenticate/", {"password": "a-long-test-password"})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert_nhsuk_layout(html)
    assert_csp_safe(html)
    doc = parse(html)
    assert doc.find("img", cls="app-qr-code").attrs["src"].startswith("data:image/svg+xml")
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    doc = parse(response.content.decode())
    assert doc.find(cls="nhsuk-error-summary").find("a", href="#id_code") is not None


@pytest.mark.django_db
def test_sign_in_page_header_names_the_service(anonymous, settings):
    doc = parse(anonymous.get("/accounts/login/").content.decode())
    assert settings.SERVICE_NAME in doc.find("header").text
    assert doc.find("title").text.endswith(settings.SERVICE_NAME)


def test_each_role_has_its_own_areas_in_the_header(steering_client, staff_client):
    steering = steering_client.get("/reports/").content.decode()
    header = steering.split("</header>")[0]
    for href in ('href="/reports/"', 'href="/reports/plan/"', 'href="/reports/packs/"'):
        assert href in header
    assert 'href="/staff/messages/"' not in steering
    staff = staff_client.get("/staff/").content.decode()
    assert 'href="/staff/messages/"' in staff
    assert 'href="/staff/newsletters/"' in staff
