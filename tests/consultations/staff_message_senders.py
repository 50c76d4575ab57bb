"""How the staff's "Have your say" messages are sent in real life, for
tests/community/test_every_message_kind.py: a consultation whose topic and summary are typed with
an apostrophe, an ampersand, a "<" and quotes, shared through the real invitation page with
someone who chose email and someone who chose text messages (neither signs in, so each gets a
personal link)."""

from django.urls import reverse

from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import ConsultationFactory

TYPED = 'Carers\' evenings & <weekends> "soon"'


def send_consultation_invite(staff_client, host):
    CoCreatorFactory(
        full_name="Siobhán O'Neil & Co", email="siobhan@example.org", prefers_email=True
    )
    CoCreatorFactory(
        full_name="Tomás D'Arcy & family",
        email="",
        prefers_email=False,
        prefers_sms=True,
        phone="07700 900123",
    )
    consultation = ConsultationFactory(title=TYPED, summary=TYPED)
    response = staff_client.post(reverse("consultations:staff-invite", args=[consultation.pk]))
    assert response.status_code == 302


CONSULTATIONS_STAFF_SENDERS = {
    "consultations/email/consultation_invite": send_consultation_invite,
}
