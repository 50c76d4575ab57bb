"""People and activities for the co-creator's opportunity pages.

`me` is the signed-in `cocreator`, with no preferences unless a test gives some; `them` is
`other_cocreator`, whose name must never appear on my pages. Dates are in a fixed future week
so that mornings, evenings and weekends are always what the names say.
"""

import pytest

from activities.models import Project
from activities.services import activity_save
from community.models import Interest, InterestKind, Locality
from community.services import cocreator_for_user_ensure, cocreator_update
from tests.activities.conftest import at
from tests.activities.conftest import make_activity as _make_activity

TUESDAY_MORNING = at(2035, 3, 6, 10)
TUESDAY_EVENING = at(2035, 3, 6, 18)
WEDNESDAY_MORNING = at(2035, 3, 7, 10)
SATURDAY_MORNING = at(2035, 3, 10, 11)


def make_activity(*, format=None, **fields):  # noqa: A002  (the model's own field name)
    """The shared activity maker, plus a format (it makes in-person activities)."""
    activity = _make_activity(**fields)
    if format is not None:
        activity.format = format
        activity_save(activity=activity)
    return activity


@pytest.fixture
def me(cocreator):
    return cocreator_for_user_ensure(user=cocreator)


@pytest.fixture
def them(other_cocreator):
    return cocreator_for_user_ensure(user=other_cocreator)


def prefer(person, **fields):
    """Give a person preferences (interests, locality, availability) through the service."""
    cocreator_update(actor=None, cocreator=person, **fields)
    person.refresh_from_db()
    return person


def service_area(name=None):
    rows = Interest.objects.filter(kind=InterestKind.SERVICE_AREA)
    return rows.get(name=name) if name else rows.first()


def locality(name):
    return Locality.objects.get(name=name)


def project_about(area, title="A project"):
    return Project.objects.create(title=title, service_area=area)


__all__ = [
    "SATURDAY_MORNING",
    "TUESDAY_EVENING",
    "TUESDAY_MORNING",
    "WEDNESDAY_MORNING",
    "at",
    "locality",
    "make_activity",
    "prefer",
    "project_about",
    "service_area",
]
