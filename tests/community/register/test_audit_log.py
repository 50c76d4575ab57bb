"""Staff read the audit log: who did what to whose record, when (UTC), fields named not shown."""

import datetime

from community.audit import audit_record
from community.models import AuditAction, AuditEvent

URL = "/staff/audit/"


def test_the_log_shows_time_in_utc_who_action_record_fields_and_count(
    staff_client, staff_member_with_mfa, alex
):
    event = audit_record(
        actor=staff_member_with_mfa,
        action=AuditAction.CHANGE,
        cocreator_id=alex.pk,
        fields=["phone", "email"],
    )
    AuditEvent.objects.filter(pk=event.pk).update(
        at=datetime.datetime(2025, 7, 1, 9, 30, tzinfo=datetime.UTC)
    )
    audit_record(actor=staff_member_with_mfa, action=AuditAction.EXPORT, count=42)
    html = staff_client.get(URL).content.decode()
    assert "1 Jul 2025, 09:30:00 UTC" in html  # 10:30 in London: shown in UTC, and says so
    assert "Sam Staff" in html
    assert "Changed" in html and "Exported" in html
    assert f'<a href="/staff/community/{alex.pk}/">Alex Ashdown</a>' in html
    assert "email, phone" in html
    assert ">42<" in html


def test_a_record_that_no_longer_exists_is_named_by_number(staff_client, db):
    audit_record(actor=None, action=AuditAction.ERASE, cocreator_id=987654)
    html = staff_client.get(URL).content.decode()
    assert "Record 987654 (no longer exists)" in html


def test_the_log_can_be_filtered_to_one_record(staff_client, alex, bo):
    audit_record(actor=None, action=AuditAction.VIEW, cocreator_id=bo.pk)
    response = staff_client.get(URL, {"record": alex.pk})
    shown = list(response.context["page_obj"].object_list)
    assert shown and {e.cocreator_id for e in shown} == {alex.pk}


def test_a_record_filter_that_is_not_a_number_gets_a_plain_error(staff_client, db):
    html = staff_client.get(URL, {"record": "abc"}).content.decode()
    assert "Record number must be a whole number" in html
    assert "nhsuk-error-summary" in html


def test_the_log_pages_50_at_a_time_and_keeps_the_filter(staff_client, alex):
    AuditEvent.objects.bulk_create(
        [AuditEvent(action=AuditAction.VIEW, cocreator_id=alex.pk) for _ in range(75)]
    )
    response = staff_client.get(URL, {"record": alex.pk})
    assert len(response.context["page_obj"].object_list) == 50
    assert f"?record={alex.pk}&amp;page=2" in response.content.decode()


def test_the_query_count_does_not_grow_with_the_events(
    staff_client, staff_member_with_mfa, alex, bo, django_assert_max_num_queries
):
    audit_record(actor=staff_member_with_mfa, action=AuditAction.VIEW, cocreator_id=alex.pk)
    with django_assert_max_num_queries(20) as few:
        staff_client.get(URL)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=staff_member_with_mfa,
                action=AuditAction.VIEW,
                cocreator_id=(alex.pk, bo.pk, 10_000 + i)[i % 3],
            )
            for i in range(80)
        ]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(URL)
    assert len(response.context["page_obj"].object_list) == 50
