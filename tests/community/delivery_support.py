"""People and templates shared by the delivery tests (tests/community/test_delivery*.py)."""

from pathlib import Path

import pytest

from community import notify
from community.messaging import queueing, sending
from community.models import AccessNeed
from tests.community.factories import CoCreatorFactory

TEST_TEMPLATES = str(Path(__file__).resolve().parent.parent / "templates")
NOTE = "delivery/note"  # subject, text, HTML and a text-message version
EMAIL_ONLY = "delivery/emailonly"  # no text-message version


@pytest.fixture
def delivery_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]


@pytest.fixture
def sms_outbox():
    notify.sms_outbox.clear()
    yield notify.sms_outbox
    notify.sms_outbox.clear()


def make_person(name="Priya Shah", **fields):
    """Kept for test_delivery*.py until they move over: use CoCreatorFactory(full_name=...)."""
    return CoCreatorFactory(full_name=name, **{"prefers_email": True, **fields})


@pytest.fixture
def priya(db):
    return make_person("Priya Shah", newsletter="yes")


@pytest.fixture
def texter(db):
    """Chose text messages only."""
    return make_person(
        "Tom Texter", email="", prefers_email=False, prefers_sms=True, phone="07700 900123"
    )


@pytest.fixture
def poster(db):
    """Asked for letters in large print."""
    return make_person(
        "Pat Poster",
        email="",
        prefers_email=False,
        prefers_post=True,
        address="1 High Street, Maidstone",
        postcode="ME14 1AA",
        access_needs=[AccessNeed.LARGE_PRINT],
    )


def send(**kwargs):
    """Queue one message, then run what the worker runs for it; returns the row."""
    message = queueing.message_queue(**kwargs)
    sending.batch_deliver([message.pk])
    message.refresh_from_db()
    return message
