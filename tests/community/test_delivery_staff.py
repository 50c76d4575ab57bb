"""Staff see messages that were not sent, those being tried again, and whom to post to."""

# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)

import smtplib

import pytest

from community.models import Message, MessageStatus
from tests.community.delivery_support import (  # noqa: F401
    NOTE,
    delivery_templates,
    make_person,
    poster,
    priya,
    send,
)
from tests.community.test_delivery import _failing

URL = "/staff/messages/"


def test_an_anonymous_visitor_is_sent_to_sign_in(db, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_cocreator_is_refused(cocreator_client):
    assert cocreator_client.get(URL).status_code == 403


def test_a_steering_member_is_refused(steering_client):
    assert steering_client.get(URL).status_code == 403


def test_a_permanent_failure_is_shown_to_staff_with_its_error(
    staff_client, priya, monkeypatch, delivery_templates
):
    _failing(monkeypatch, smtplib.SMTPRecipientsRefused({"x": (550, b"No such mailbox")}))
    message = send(
        cocreator_id=priya.pk, kind="reminder", key="r:1", template=NOTE, context={"title": "Hi"}
    )
    assert message.status == MessageStatus.FAILED
    html = staff_client.get(URL).content.decode()
    assert "1 message could not be sent" in html
    assert "Priya Shah" in html
    assert "priya@example.org" in html
    assert "No such mailbox" in html
    assert "Hi for Priya Shah" in html


def test_a_message_being_tried_again_is_shown_with_its_last_problem(
    staff_client, priya, monkeypatch, delivery_templates
):
    _failing(monkeypatch, ConnectionRefusedError("Connection refused by the mail server"))
    message = send(cocreator_id=priya.pk, kind="reminder", key="r:2", template=NOTE)
    assert message.status == MessageStatus.PENDING
    html = staff_client.get(URL).content.decode()
    assert "Being tried again" in html
    assert "1 message could not be sent at the first try" in html
    assert "Connection refused by the mail server" in html
    assert "Every message has been sent or is on its way." in html


def test_people_to_send_to_by_hand_are_listed_with_their_address(staff_client, poster, priya):
    html = staff_client.get(URL + "?kind=other").content.decode()
    assert "Pat Poster" in html
    assert "1 High Street, Maidstone" in html and "ME14 1AA" in html
    assert "Post, Large print" in html
    assert "Priya Shah" not in html


def test_the_by_hand_list_for_the_newsletter_has_only_people_who_asked_for_it(staff_client, poster):
    assert "Pat Poster" not in staff_client.get(URL + "?kind=newsletter").content.decode()
    Message.objects.all().delete()
    poster.newsletter = "yes"
    poster.save()
    assert "Pat Poster" in staff_client.get(URL).content.decode()


def test_an_unknown_kind_shows_an_error(staff_client):
    response = staff_client.get(URL + "?kind=pigeon")
    assert response.status_code == 200
    assert "Choose from the options given" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 12])
def test_the_page_takes_the_same_number_of_queries_however_many_rows(
    staff_client, rows, django_assert_max_num_queries
):
    for i in range(rows):
        person = make_person(
            f"Person{i} Test", prefers_post=True, address="A street", access_needs=["easy_read"]
        )
        Message.objects.create(
            key=f"f:{i}", cocreator=person, kind="update", status=MessageStatus.FAILED
        )
        Message.objects.create(
            key=f"p:{i}",
            cocreator=person,
            kind="update",
            status=MessageStatus.PENDING,
            attempts=2,
            last_error="busy",
        )
    staff_client.get(URL)  # sessions and the like warm up first
    with django_assert_max_num_queries(14):
        response = staff_client.get(URL)
    assert response.status_code == 200
