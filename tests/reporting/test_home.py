"""The steering group's reports home: the latest ended quarter's report, and nobody's name."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.community.factories import UserFactory
from tests.conftest import client_for

from .sample_report import use_sample_report

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def calls(monkeypatch):
    return use_sample_report(monkeypatch)


@pytest.mark.parametrize(
    ("today", "slug"),
    [
        (datetime(2026, 4, 1, 9, tzinfo=LONDON), "2025-q4"),  # the first day of a financial year
        (datetime(2026, 6, 30, 23, tzinfo=LONDON), "2025-q4"),
        (datetime(2026, 7, 1, 9, tzinfo=LONDON), "2026-q1"),
        (datetime(2027, 1, 15, 9, tzinfo=LONDON), "2026-q3"),
    ],
)
def test_the_home_shows_the_most_recent_quarter_that_has_ended(calls, steering_member, today, slug):
    with time_machine.travel(today, tick=False):
        assert client_for(steering_member).get("/reports/").status_code == 200
    assert [p.slug for p in calls] == [slug]


def test_no_individual_appears_on_the_reports_home(steering_client):
    people = UserFactory.create_batch(9)
    html = steering_client.get("/reports/").content.decode()
    for person in people:
        assert person.email not in html
        assert person.full_name.split()[0] not in html  # not even a first name


def test_the_reports_home_query_count_does_not_grow_with_people(
    steering_client, django_assert_max_num_queries
):
    UserFactory.create_batch(2)
    with django_assert_max_num_queries(8) as few:
        steering_client.get("/reports/")
    UserFactory.create_batch(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        steering_client.get("/reports/")


def test_staff_can_read_reports_too(staff_client):
    assert staff_client.get("/reports/").status_code == 200


def test_a_cocreator_is_refused_the_reports(cocreator_client, calls):
    assert cocreator_client.get("/reports/").status_code == 403
    assert calls == []
