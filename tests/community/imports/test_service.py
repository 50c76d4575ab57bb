"""The import service: everyone at once, all or nothing, in a few queries, with one audit event."""

import pytest
from django.core.exceptions import ValidationError

from community.imports.selectors import import_check
from community.models import (
    AuditAction,
    AuditEvent,
    CoCreator,
    CoCreatorAccessNeed,
    CoCreatorRelationship,
    Interest,
)
from community.services import cocreator_import

from .conftest import csv_text, person

pytestmark = pytest.mark.django_db


def _rows(count, **overrides):
    defaults = {
        "relationships": "Carer; Staff",
        "interests": "Research; Digital services",
        "access_needs": "Large print",
    }
    text = csv_text([person(n, **{**defaults, **overrides}) for n in range(count)])
    result = import_check(text)
    assert result.ok, result.problems[:3]
    return result.rows


def test_every_person_and_their_child_rows_are_added(staff_member):
    rows = _rows(3)
    assert cocreator_import(actor=staff_member, rows=rows) == 3
    assert CoCreator.objects.count() == 3
    assert CoCreatorRelationship.objects.count() == 6
    assert CoCreatorAccessNeed.objects.count() == 3
    research = Interest.objects.get(name="Research")
    assert research.cocreators.count() == 3
    person0 = CoCreator.objects.get(email="person0@example.org")
    assert set(person0.interests.values_list("name", flat=True)) == {"Research", "Digital services"}


def test_one_audit_event_records_the_import_and_its_size(staff_member):
    cocreator_import(actor=staff_member, rows=_rows(4))
    event = AuditEvent.objects.get()
    assert (event.action, event.count, event.actor) == (AuditAction.IMPORT, 4, staff_member)
    assert {"full_name", "email", "phone", "relationships", "interests", "access_needs"} <= set(
        event.fields
    )


def test_a_row_the_model_refuses_stops_the_whole_import(staff_member):
    rows = _rows(3)
    rows[2].fields["status"] = "not-a-status"
    with pytest.raises(ValidationError):
        cocreator_import(actor=staff_member, rows=rows)
    assert CoCreator.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("count", [1000, 5000])
def test_queries_stay_a_small_fixed_number_per_thousand_rows(
    staff_member, django_assert_max_num_queries, count
):
    # Bulk inserts in batches: on PostgreSQL about one query per 2,000 people; SQLite allows
    # 999 parameters a query, so about 30 per 1,000 there. Never one query (or more) per person.
    rows = _rows(count)
    thousands = count // 1000
    with django_assert_max_num_queries(10 + 45 * thousands):
        cocreator_import(actor=staff_member, rows=rows)
    assert CoCreator.objects.count() == count
    assert CoCreatorRelationship.objects.count() == 2 * count


def test_twenty_times_the_people_is_nowhere_near_twenty_times_the_queries(staff_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = _rows(100), _rows(2100)[100:]
    with CaptureQueriesContext(connection) as few:
        cocreator_import(actor=staff_member, rows=small)
    with CaptureQueriesContext(connection) as many:
        cocreator_import(actor=staff_member, rows=large)
    # 20 times the people: the extra queries are a small fraction of the extra people.
    assert len(many) - len(few) < (len(large) - len(small)) / 20
