"""The demo's staff bookings and "to contact" list, added once."""

import pytest

from activities.demo.bookings import build_demo_bookings
from activities.models import SignUp
from community.models import ToContact
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_bookings_are_added_once():
    UserFactory(email="staff@example.org")
    ActivityFactory(), ActivityFactory()
    for n in range(3):
        CoCreatorFactory(full_name=f"Demo {n}")
    assert build_demo_bookings() == 6
    assert build_demo_bookings() == 0
    assert SignUp.objects.exclude(booking_note="").count() == 2
    assert ToContact.objects.filter(done_at__isnull=True).count() == 3
