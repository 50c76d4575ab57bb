"""The steering group's reports home shows only suppressed aggregate figures."""

import pytest

from community.models import Role
from community.services import user_create_with_role


def _cocreators(n, start=0):
    for i in range(start, start + n):
        user_create_with_role(
            email=f"person{i}@example.org", role=Role.COCREATOR, full_name=f"Person Number{i}"
        )


@pytest.mark.parametrize(("people", "shown"), [(3, "*"), (12, "10"), (13, "15")])
def test_the_community_size_is_suppressed_and_rounded(steering_client, people, shown):
    _cocreators(people)
    html = steering_client.get("/reports/").content.decode()
    assert f'numeric">{shown}</td>' in html


def test_no_individual_appears_on_the_reports_home(steering_client):
    _cocreators(9)
    html = steering_client.get("/reports/").content.decode()
    assert "person1@example.org" not in html
    assert "Number1" not in html


def test_the_reports_home_query_count_does_not_grow_with_people(
    steering_client, django_assert_max_num_queries
):
    _cocreators(2)
    with django_assert_max_num_queries(8) as few:
        steering_client.get("/reports/")
    _cocreators(40, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        steering_client.get("/reports/")


def test_staff_can_read_reports_too(staff_client):
    assert staff_client.get("/reports/").status_code == 200


def test_a_cocreator_is_refused_the_reports(cocreator_client):
    assert cocreator_client.get("/reports/").status_code == 403
