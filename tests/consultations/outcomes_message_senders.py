"""How "We asked, you said, we did" is sent in real life, for
tests/community/test_every_message_kind.py: two people who took part (one who chose email, one
who chose text messages, with an apostrophe and an ampersand in their names) are told when a
second member of staff publishes it through the real page, with words typed with an apostrophe,
an ampersand, a "<" and quotes."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from community.models import Role
from consultations.services import participation_record
from tests.community.factories import CoCreatorFactory, UserFactory
from tests.consultations.factories import ConsultationFactory
from tests.consultations.outcomes_factories import written_outcome

TYPED = 'Carers\' evenings & <more> "soon"'


def send_consultation_outcome(staff_client, host):
    consultation = ConsultationFactory(ended=True, title=TYPED)
    for person in (
        CoCreatorFactory(
            full_name="Siobhán O'Neil & Co", email="siobhan@example.org", prefers_email=True
        ),
        CoCreatorFactory(
            full_name="Tomás D'Arcy & family",
            email="",
            prefers_email=False,
            prefers_sms=True,
            phone="07700 900123",
        ),
    ):
        participation_record(consultation=consultation, cocreator=person)
    writer = UserFactory(email="writer.checker@example.org", role=Role.STAFF, full_name="Wren")
    TOTP.activate(writer, generate_totp_secret())
    outcome = written_outcome(consultation, by=writer, checked_by=writer)
    outcome.we_did = TYPED
    outcome.save()
    response = staff_client.post(
        reverse("consultations:staff-outcome-publish", args=[consultation.pk]),
        {"kind": "service"},
        headers={"host": host},
    )
    assert response.status_code == 302


OUTCOMES_SENDERS = {
    "consultations/email/consultation_outcome": send_consultation_outcome,
}
