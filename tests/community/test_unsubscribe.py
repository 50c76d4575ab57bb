"""The unsubscribe link: a page with one button, the one-click POST, and choosing email again."""

# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)

import pytest
from django.core import mail
from django.test import Client

from community.messaging import channels
from community.models import AuditAction, AuditEvent, CoCreator, MessageStatus
from community.services import cocreator_for_user_ensure
from tests.community.delivery_support import (  # noqa: F401
    NOTE,
    delivery_templates,
    make_person,
    priya,
    send,
)


def url_for(person) -> str:
    return f"/unsubscribe/{channels.unsubscribe_token(person.pk)}/"


def test_the_link_shows_a_page_with_one_button_and_changes_nothing(client, priya):
    response = client.get(url_for(priya))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Unsubscribe<" in html
    assert 'method="post"' in html
    priya.refresh_from_db()
    assert priya.email_unsubscribed_at is None


def test_pressing_the_button_stops_email_and_offers_to_choose_again(priya):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url_for(priya))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You will not get any more emails or text messages from us" in html
    assert 'href="/portal/preferences/"' in html
    priya.refresh_from_db()
    assert priya.email_unsubscribed_at is not None
    event = AuditEvent.objects.get(action=AuditAction.CHANGE, cocreator_id=priya.pk)
    assert event.fields == ["email_unsubscribed_at"] and event.actor is None


def test_the_one_click_post_from_a_mail_program_works_without_a_csrf_token(priya):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        url_for(priya),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    priya.refresh_from_db()
    assert priya.email_unsubscribed_at is not None


def test_unsubscribing_twice_is_harmless(client, priya):
    client.post(url_for(priya))
    priya.refresh_from_db()
    first = priya.email_unsubscribed_at
    assert client.post(url_for(priya)).status_code == 200
    priya.refresh_from_db()
    assert priya.email_unsubscribed_at == first
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, cocreator_id=priya.pk).count() == 1


@pytest.mark.parametrize("token", ["not-a-token", "MQ:1abcde:forged-signature"])
def test_a_link_that_is_not_ours_answers_404_in_plain_english(client, priya, token):
    response = client.post(f"/unsubscribe/{token}/")
    assert response.status_code == 404
    assert "This unsubscribe link does not work" in response.content.decode()
    priya.refresh_from_db()
    assert priya.email_unsubscribed_at is None


def test_a_token_for_another_purpose_is_refused(client, priya):
    from django.core import signing

    token = signing.dumps(priya.pk, salt="something-else")
    assert client.get(f"/unsubscribe/{token}/").status_code == 404


def test_a_token_for_a_record_that_is_gone_answers_404(client, priya):
    token = channels.unsubscribe_token(priya.pk + 1000)
    assert client.get(f"/unsubscribe/{token}/").status_code == 404


def test_an_unsubscribed_person_gets_nothing(client, priya, delivery_templates):
    client.post(url_for(priya))
    message = send(cocreator_id=priya.pk, kind="newsletter", key="n:1", template=NOTE)
    assert message.status == MessageStatus.SKIPPED
    assert mail.outbox == []


# --- Choosing email again, and the digest, in the portal ---------------------------------------


@pytest.fixture
def me(cocreator):
    return cocreator_for_user_ensure(user=cocreator)


def test_the_choices_page_says_email_is_off_after_unsubscribing(cocreator_client, me):
    channels.email_unsubscribe(cocreator=me)
    response = cocreator_client.get("/portal/preferences/")
    html = response.content.decode()
    assert "so we send you no emails or text messages" in html
    assert "email" not in response.context["form"].initial["channels"]


def test_ticking_email_again_undoes_the_unsubscribe(cocreator_client, me, delivery_templates):
    channels.email_unsubscribe(cocreator=me)
    cocreator_client.post("/portal/preferences/", {"channels": ["email"], "newsletter": "no"})
    me.refresh_from_db()
    assert me.email_unsubscribed_at is None and me.prefers_email
    message = send(cocreator_id=me.pk, kind="reminder", key="r:1", template=NOTE)
    assert message.status == MessageStatus.SENT


def test_saving_choices_without_email_keeps_email_off(cocreator_client, me):
    channels.email_unsubscribe(cocreator=me)
    cocreator_client.post("/portal/preferences/", {"newsletter": "no"})
    me.refresh_from_db()
    assert me.email_unsubscribed_at is not None
    assert not me.prefers_email


def test_a_cocreator_chooses_a_weekly_digest(cocreator_client, me):
    page = cocreator_client.get("/portal/preferences/").content.decode()
    assert "How often would you like a digest of new opportunities and updates?" in page
    assert 'type="radio"' in page and 'value="weekly"' in page
    cocreator_client.post(
        "/portal/preferences/",
        {"channels": ["email"], "newsletter": "no", "digest_frequency": "weekly"},
    )
    me.refresh_from_db()
    assert me.digest_frequency == "weekly"


def test_a_digest_needs_a_way_to_send_it(cocreator_client, me):
    response = cocreator_client.post(
        "/portal/preferences/", {"newsletter": "no", "digest_frequency": "monthly"}
    )
    assert response.status_code == 200
    assert "We send the digest by email or text message" in response.content.decode()
    me.refresh_from_db()
    assert me.digest_frequency == "none"


def test_leaving_the_digest_question_unanswered_keeps_the_choice(cocreator_client, me):
    CoCreator.objects.filter(pk=me.pk).update(digest_frequency="monthly")
    cocreator_client.post("/portal/preferences/", {"channels": ["email"], "newsletter": "no"})
    me.refresh_from_db()
    assert me.digest_frequency == "monthly"


def test_ticking_text_messages_again_also_undoes_the_unsubscribe(cocreator_client, me):
    CoCreator.objects.filter(pk=me.pk).update(phone="07700 900125")
    channels.email_unsubscribe(cocreator=me)
    cocreator_client.post("/portal/preferences/", {"channels": ["sms"], "newsletter": "no"})
    me.refresh_from_db()
    assert me.email_unsubscribed_at is None and me.prefers_sms
