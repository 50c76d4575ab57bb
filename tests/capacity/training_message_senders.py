"""How the refresher message is sent in real life, for tests/community/test_every_message_kind.py:
to someone who chose email and someone who chose text messages, about a course whose title is
typed with an apostrophe, an ampersand, a "<" and quotes."""

import datetime as dt

from django.utils import timezone

from capacity.training.services import refreshers_notify
from tests.community.factories import CoCreatorFactory

from .training_factories import CompletionFactory, CourseFactory

TYPED = 'Carers\' safeguarding & <more> "soon"'


def send_refresher_due(staff_client, host):
    course = CourseFactory(title=TYPED, expires_after_months=12)
    today = timezone.localdate()
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
        CompletionFactory(
            course=course,
            cocreator=person,
            completed_on=today - dt.timedelta(days=350),
            expires_on=today + dt.timedelta(days=15),
        )
    refreshers_notify()


TRAINING_SENDERS = {"capacity/training/email/refresher_due": send_refresher_due}
