"""How the discussion's message is sent in real life, for tests/community/test_every_message_kind.py:
a co-creator posts words from the crisis list on a consultation (titled with an apostrophe, an
ampersand, a "<" and quotes) through the real page, and its owner (a staff account named with an
apostrophe and an ampersand) is told, by email, with no words from the post."""

from django.test import Client
from django.urls import reverse

from community.models import Role
from tests.community.factories import UserFactory

from .discussion_factories import person_with_name, seed_crisis_words
from .factories import ConsultationFactory

TYPED = 'Carers\' café & <evenings> "soon"'


def send_consultation_crisis_flag(staff_client, host):
    seed_crisis_words()
    owner = UserFactory(role=Role.STAFF, full_name="Siobhán O'Neil & Co", email="owner@example.org")
    consultation = ConsultationFactory(title=TYPED, owner=owner)
    writer = UserFactory(role=Role.COCREATOR, full_name="Tomás D'Arcy", email="tomas@example.org")
    person_with_name(writer, "Tomás D.")
    client = Client()
    client.force_login(writer)
    response = client.post(
        reverse("consultations:post-add", args=[consultation.pk]),
        {"body": "Some days I want to end my life"},
    )
    assert response.status_code == 302, response.content.decode()


DISCUSSION_SENDERS = {
    "consultations/email/consultation_crisis_flag": send_consultation_crisis_flag,
}
