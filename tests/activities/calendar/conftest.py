"""The calendar's clock, and activities and awareness dates to put on it."""

import datetime

import pytest

from activities.models import AwarenessDate
from community.services import cocreator_for_user_ensure
from tests.activities.conftest import at

# "Now" for these tests: Tuesday 10 November 2026, midday in London (GMT).
NOW = at(2026, 11, 10, 12)


@pytest.fixture
def frozen(db, time_machine):
    """The clock stopped at NOW, and no awareness dates but each test's own.

    (The data migration's dates may or may not be in a reused test database; they are tested
    on their own in test_awareness_dates.py.)
    """
    AwarenessDate.objects.all().delete()
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def own_cocreator(cocreator):
    """The `cocreator` persona's own community record."""
    return cocreator_for_user_ensure(user=cocreator)


@pytest.fixture
def other_cocreator_record(other_cocreator):
    return cocreator_for_user_ensure(user=other_cocreator)


def awareness(name, starts_on, ends_on=None, description=""):
    return AwarenessDate.objects.create(
        name=name, starts_on=starts_on, ends_on=ends_on, description=description
    )


def d(year, month, day):
    return datetime.date(year, month, day)
