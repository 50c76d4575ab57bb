"""How the development plan review message is sent in real life, for
tests/community/test_every_message_kind.py: to someone who chose email and someone who chose
text messages, whose names are typed with an apostrophe and an ampersand, a week before the
review."""

from capacity.plans.services import plan_reviews_notify
from tests.community.factories import CoCreatorFactory

from .plans_factories import a_plan


def send_plan_review_due(staff_client, host):
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
        a_plan(person, hopes='To speak up & be "heard" <sometimes>', next_review_in=7)
    plan_reviews_notify()


PLANS_SENDERS = {"capacity/plans/email/plan_review_due": send_plan_review_due}
