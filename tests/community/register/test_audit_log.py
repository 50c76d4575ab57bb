"""Staff read the audit log: who did what to whose record, when (UK time), fields named not shown."""

import datetime

from community.audit import audit_field_label, audit_record
from community.models import AuditAction, AuditEvent

URL = "/staff/audit/"


def test_the_log_shows_uk_time_who_action_record_fields_and_count(
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
    assert "Tue 1 Jul 2025, 10:30am" in html  # 09:30 UTC is 10:30 in London in summer
    assert "UTC" not in html
    assert "Sam Staff" in html
    assert "Changed" in html and "Exported" in html
    assert f'<a href="/staff/community/{alex.pk}/">Alex Ashdown</a>' in html
    assert "Email address, Phone number" in html
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


def test_fields_are_named_in_words_never_by_their_code_names(
    staff_client, staff_member_with_mfa, alex
):
    audit_record(
        actor=staff_member_with_mfa,
        action=AuditAction.CHANGE,
        cocreator_id=alex.pk,
        fields=["demographics.pregnancy_maternity", "demographics.sex", "prefers_sms", "user"],
    )
    audit_record(actor=None, action=AuditAction.CHANGE, cocreator_id=alex.pk, fields=["champion"])
    for url in (URL, f"/staff/community/{alex.pk}/"):
        html = staff_client.get(url).content.decode()
        assert "Pregnancy and maternity, Sex, Contact by text message, Portal login" in html
        assert "Community Co-creation Champion role" in html
        for code in ("demographics.", "pregnancy_maternity", "prefers_sms", "UTC"):
            assert code not in html, code


def test_every_name_the_app_audits_has_words():
    assert audit_field_label("demographics.pregnancy_maternity") == "Pregnancy and maternity"
    assert audit_field_label("demographics.gender_same_as_birth") == "Gender identity"
    assert audit_field_label("full_name") == "Full name"
    assert audit_field_label("locality") == "Area they live in"
    assert audit_field_label("survey answers") == "Survey answers"
    # A name nobody has given words to yet still reads as words.
    assert audit_field_label("something_new") == "Something new"
