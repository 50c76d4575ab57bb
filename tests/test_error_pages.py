"""Error pages are in the NHS.UK style and say what to do next in plain English."""

from django.test import Client

from cocreation.views import server_error


def test_a_missing_page_gets_the_styled_404(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "nhsuk-header" in html
    assert "<h1" in html


def test_a_refused_page_gets_the_styled_403(cocreator_client):
    response = cocreator_client.get("/staff/")
    assert response.status_code == 403
    assert "nhsuk-header" in response.content.decode()


def test_a_form_posted_without_its_security_token_gets_a_plain_english_page(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@example.org"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "nhsuk-header" in html
    assert "try again" in html.lower()


def test_the_500_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "nhsuk-frontend.min.css" in html
    assert "<h1" in html
