"""People and activities for the co-creator's opportunity pages.

`me` is the signed-in `cocreator`, with no preferences unless a test gives some; `them` is
`other_cocreator`, whose name must never appear on my pages. Dates are in a fixed future week
so that mornings, evenings and weekends are always what the names say.
"""

import pytest

from activities.models import Project
from community.models import Interest, InterestKind, Locality
from community.services import cocreator_for_user_ensure, cocreator_update
from tests.activities.conftest import at

TUESDAY_MORNING = at(2035, 3, 6, 10)
TUESDAY_EVENING = at(2035, 3, 6, 18)
WEDNESDAY_MORNING = at(2035, 3, 7, 10)
SATURDAY_MORNING = at(2035, 3, 10, 11)


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
    "prefer",
    "project_about",
    "service_area",
]
