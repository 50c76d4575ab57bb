"""People and activities for booking tests."""

import pytest

from tests.community.factories import CoCreatorFactory


@pytest.fixture
def emailer(db):
    """Someone who chose email."""
    return CoCreatorFactory(full_name="Ada Emailer", prefers_email=True)


@pytest.fixture
def texter(db):
    """Someone with no login and no email, who chose text messages."""
    return CoCreatorFactory(
        full_name="Tomás Texter",
        email="",
        prefers_email=False,
        prefers_sms=True,
        phone="07700 900123",
    )


@pytest.fixture
def caller(db):
    """Someone who asked for a phone call and nothing else."""
    return CoCreatorFactory(
        full_name="Pat Phoner",
        email="",
        prefers_email=False,
        prefers_phone=True,
        phone="01234 567890",
    )


@pytest.fixture
def poster(db):
    """Someone who asked for letters by post."""
    return CoCreatorFactory(
        full_name="Lee Letters", email="", prefers_email=False, prefers_post=True
    )
