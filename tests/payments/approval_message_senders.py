"""How each approval message is sent in real life, for tests/community/test_every_message_kind.py:
to someone who chose email and someone who chose text messages, about a session whose title is
typed with an apostrophe, an ampersand, a "<" and quotes, and a reason typed the same way."""

from payments.approval.services import claim_mark_paid, claim_return
from payments.models import PaymentMethod
from tests.community.factories import CoCreatorFactory

from .factories import another_manager, approved, past_session, submitted

TYPED = 'Carers\' pack & <more> "soon"'


def _people():
    return [
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


def send_returned(staff_client, host):
    actor = another_manager()
    for person in _people():
        claim = submitted(person, activity=past_session(title=TYPED), expenses=["2.50"])
        claim_return(claim=claim, actor=actor, reason=TYPED)


def send_paid(staff_client, host):
    actor = another_manager()
    for person, method in zip(
        _people(), (PaymentMethod.VOUCHER, PaymentMethod.DONATION), strict=True
    ):
        claim = approved(person, activity=past_session(title=TYPED), method=method)
        claim_mark_paid(claim=claim, actor=actor)


APPROVAL_SENDERS = {
    "payments/approval/email/claim_returned": send_returned,
    "payments/approval/email/claim_paid": send_paid,
}
