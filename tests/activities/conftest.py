from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory


def at(year, month, day, hour=10, minute=0):
    """An aware datetime in the site's time zone (Europe/London)."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/London"))


def make_activity(*, starts=None, **fields):
    """Only for tests/community/test_erasure.py until it moves over: use ActivityFactory."""
    if starts is not None:
        fields["starts_at"] = starts
    return ActivityFactory(**fields)


@pytest.fixture
def people(db):
    def make(n, prefix="person"):
        return [
            CoCreatorFactory(full_name=f"{prefix.title()} {i}", email=f"{prefix}{i}@example.org")
            for i in range(n)
        ]

    return make
