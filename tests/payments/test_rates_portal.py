"""Before someone books, an activity's portal page (and the public calendar's page) says whether
it is paid, at what rate and which expenses are covered; the opportunity list shows only the
kind of payment, from the activity's own field, so its queries do not grow with the rows."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import ActivityPayment, AttendanceRole
from activities.opportunity_facts import opportunity_facts
from community.services import cocreator_for_user_ensure
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

from .factories import rate_added

pytestmark = pytest.mark.django_db

SESSION = at(2035, 3, 6, 10)
OPPORTUNITIES = "/portal/opportunities/"


def _rate(**overrides):
    return rate_added(**{"valid_from": datetime.date(2035, 1, 1), **overrides})


@pytest.fixture
def rates(db):
    return [
        _rate(),
        _rate(name="Full day", up_to_hours=None, amount=Decimal("75.00")),
        # Not for participants, and not yet valid: neither is shown.
        _rate(name="Leads", role=AttendanceRole.LEAD, amount=Decimal("90.00")),
        _rate(name="Next year", valid_from=datetime.date(2036, 1, 1), level=3),
    ]


@pytest.fixture
def me(cocreator):
    return cocreator_for_user_ensure(user=cocreator)


def _paid(**fields):
    fields.setdefault("starts_at", SESSION)
    return ActivityFactory(
        title="Paid panel",
        payment=ActivityPayment.PAID,
        expenses_covered="Bus or train fares, or 45p a mile; parking.",
        **fields,
    )


def test_a_paid_activity_says_its_rates_and_expenses_before_booking(cocreator_client, me, rates):
    activity = _paid()
    html = cocreator_client.get(f"{OPPORTUNITIES}{activity.pk}/").content.decode()
    assert "Payment for taking part" in html
    assert "£40.00 for up to 4 hours; £75.00 for longer" in html
    assert "£90.00" not in html
    assert "Expenses covered" in html
    assert "Bus or train fares, or 45p a mile; parking." in html


def test_the_rates_are_those_valid_on_the_day_of_the_session(rates):
    later = _paid(starts_at=at(2036, 3, 6, 10))
    assert dict(opportunity_facts(later))["Payment for taking part"] == ("£40.00 for up to 4 hours")


def test_a_paid_activity_with_no_rate_says_to_ask(cocreator_client, me):
    activity = _paid()
    html = cocreator_client.get(f"{OPPORTUNITIES}{activity.pk}/").content.decode()
    assert "Paid. Ask the involvement team about the rate." in html


def test_an_expenses_only_activity_says_so(cocreator_client, me, rates):
    activity = ActivityFactory(starts_at=SESSION, payment=ActivityPayment.EXPENSES)
    html = cocreator_client.get(f"{OPPORTUNITIES}{activity.pk}/").content.decode()
    assert "Expenses only: no involvement payment" in html
    assert "Ask the involvement team which expenses you can claim." in html
    assert "£40.00" not in html


def test_a_volunteering_activity_says_so(cocreator_client, me, rates):
    activity = ActivityFactory(starts_at=SESSION, payment=ActivityPayment.VOLUNTEER)
    html = cocreator_client.get(f"{OPPORTUNITIES}{activity.pk}/").content.decode()
    assert "Volunteering: no payment or expenses" in html
    assert "Expenses covered" not in html


def test_the_public_calendar_page_says_the_same(client, rates):
    activity = _paid()
    html = client.get(f"/calendar/activities/{activity.pk}/").content.decode()
    assert "£40.00 for up to 4 hours; £75.00 for longer" in html
    assert "Bus or train fares" in html


def test_the_opportunity_list_shows_paid_ones_without_a_query_per_row(
    cocreator_client, me, rates, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            _paid(starts_at=SESSION + timedelta(days=i))
            ActivityFactory(
                title="Volunteer walk",
                starts_at=SESSION + timedelta(days=i, hours=2),
                payment=ActivityPayment.VOLUNTEER,
            )

    add(1)
    with CaptureQueriesContext(connection) as few:
        response = cocreator_client.get(OPPORTUNITIES)
    html = response.content.decode()
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Paid</strong>' in html
    assert "Volunteering: no payment or expenses" in html
    add(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = cocreator_client.get(OPPORTUNITIES)
    assert response.content.decode().count(">Paid</strong>") >= 5
