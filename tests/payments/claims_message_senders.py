"""How the claims message is sent in real life, for tests/community/test_every_message_kind.py:
a paid session's register makes a draft claim for someone who chose email and someone who chose
text messages, about a session whose title is typed with an apostrophe, an ampersand, a "<" and
quotes."""

from tests.community.factories import CoCreatorFactory, UserFactory

from .factories import past_session, rate, register

TYPED = 'Carers\' pack & <more> "soon"'


def send_claim_ready(staff_client, host):
    rate("40.00")
    people = [
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
    ]
    register(past_session(title=TYPED, venue=TYPED), people, actor=UserFactory())


CLAIMS_SENDERS = {"payments/claims/email/claim_ready": send_claim_ready}
