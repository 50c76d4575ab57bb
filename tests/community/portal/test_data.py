"""Download your data: every row held about the person, found from the models, and nobody else's."""

import csv
import datetime
import io
import json

import pytest
from django.apps import apps
from django.db.models import Q

from community.audit import audit_record
from community.data_export import person_data, person_data_csv
from community.models import AuditAction, AuditEvent, CoCreator
from community.services import cocreator_register, equality_consent_give

from .conftest import their_secrets


def _links_to_cocreator(model):
    return [
        f
        for f in model._meta.get_fields()
        if f.concrete
        and (f.many_to_one or f.one_to_one)
        and f.related_model is not None
        and issubclass(f.related_model, CoCreator)
    ]


MODELS_LINKED_TO_A_COCREATOR = [
    model for model in apps.get_models() if _links_to_cocreator(model) and model is not CoCreator
]


def test_every_model_with_a_link_to_a_cocreator_has_a_section(me):
    """A model added later, in any app, with a foreign key to CoCreator cannot be missed."""
    data = person_data(me)
    assert MODELS_LINKED_TO_A_COCREATOR, "expected models linked to CoCreator"
    missing = [m._meta.label for m in MODELS_LINKED_TO_A_COCREATOR if m._meta.label not in data]
    assert not missing, f"person_data leaves out: {missing}"


def test_every_model_with_a_many_to_many_to_a_cocreator_has_a_section(me):
    data = person_data(me)
    for model in apps.get_models():
        for field in model._meta.many_to_many:
            if issubclass(field.related_model, CoCreator):
                assert model._meta.label in data


def test_the_download_holds_every_row_linked_to_me_and_none_linked_to_them(me, them):
    data = person_data(me)
    for model in MODELS_LINKED_TO_A_COCREATOR:
        links = _links_to_cocreator(model)
        mine = Q()
        for link in links:
            mine |= Q(**{link.name: me})
        expected = set(model._default_manager.filter(mine).values_list("pk", flat=True))
        got = {row["id"] for row in data[model._meta.label]}
        assert got == expected, f"{model._meta.label}: rows {got}, expected {expected}"
        theirs = set(
            model._default_manager.filter(**{links[0].name: them}).values_list("pk", flat=True)
        )
        assert not got & theirs, f"{model._meta.label} holds another person's rows"


@pytest.mark.parametrize(
    "label",
    [
        "community.CoCreatorRelationship",
        "community.CoCreatorAccessNeed",
        "community.Demographics",
        "community.Consent",
        "community.Champion",
        "community.Message",
    ],
)
def test_the_fixture_gives_each_person_rows_in_the_community_models(me, them, label):
    """So the test above compares real rows, not two empty sets."""
    assert person_data(me)[label]
    assert person_data(them)[label]


def test_my_own_record_and_choices_are_in_the_download_with_labels(me):
    data = person_data(me)
    (record,) = data["community.CoCreator"]
    assert record["full_name"] == "Casey Cocreator"
    assert record["locality"] == "Maidstone"
    assert record["status"] == "Active"  # a choice's label, not its stored value
    assert record["prefers_sms"] == "Yes"
    assert record["interests"] == me.interests.get().name
    # Everything held about them, the team's note included (the note says so to staff).
    assert "staff_note" in record
    (relationship,) = data["community.CoCreatorRelationship"]
    assert relationship["kind"] == "Carer"
    (answers,) = data["community.Demographics"]
    assert answers["sex"] == "Female"


def test_their_interests_and_everything_else_of_theirs_are_not_in_my_download(me, them):
    text = json.dumps(person_data(me), ensure_ascii=False)
    assert them.interests.get().name not in text
    for secret in their_secrets(them):
        assert secret not in text


def test_values_are_json_safe_strings_and_numbers(me):
    for rows in person_data(me).values():
        for row in rows:
            for value in row.values():
                assert isinstance(value, str | int | float) and not isinstance(value, bool)


def test_my_account_is_included_without_the_password_hash(me):
    data = person_data(me)
    (account,) = data["community.User"]
    assert set(account) == {"id", "email", "full_name", "date_joined", "last_login", "roles"}
    assert account["roles"] == "Co-creator"
    text = json.dumps(data)
    assert me.user.password not in text
    assert "md5$" not in text


def test_two_factor_devices_are_listed_without_their_secrets(me):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(me.user, secret)
    data = person_data(me)
    (device,) = data["mfa.Authenticator"]
    assert device["type"] == Authenticator.Type.TOTP.label
    assert "data" not in device
    text = json.dumps(data)
    assert secret not in text
    assert json.dumps(Authenticator.objects.get().data)[1:-1] not in text


def test_rows_belonging_to_rows_of_mine_are_included_but_not_theirs(me, them):
    """Child rows of child rows: account -> email address -> email confirmation."""
    from allauth.account.models import EmailAddress, EmailConfirmation

    mine = EmailConfirmation.objects.create(
        email_address=EmailAddress.objects.get(user=me.user), key="my-secret-key"
    )
    EmailConfirmation.objects.create(
        email_address=EmailAddress.objects.get(user=them.user), key="their-secret-key"
    )
    data = person_data(me)
    assert [row["id"] for row in data["account.EmailConfirmation"]] == [mine.pk]
    text = json.dumps(data)
    assert "my-secret-key" not in text and "their-secret-key" not in text


def test_audit_events_give_the_action_and_time_only(me, them, staff_member):
    audit_record(actor=staff_member, action=AuditAction.VIEW, cocreator_id=me.pk)
    audit_record(actor=staff_member, action=AuditAction.VIEW, cocreator_id=them.pk)
    data = person_data(me)
    events = data["community.AuditEvent"]
    assert len(events) == AuditEvent.objects.filter(cocreator_id=me.pk).count()
    assert all(set(event) == {"action", "at"} for event in events)
    assert "Viewed" in {event["action"] for event in events}
    text = json.dumps(data)
    assert staff_member.email not in text and staff_member.full_name not in text


def test_a_staff_member_who_recorded_something_is_not_named(me, staff_member):
    other = cocreator_register(actor=staff_member, full_name="No Login Person")
    equality_consent_give(cocreator=other, actor=staff_member)
    data = person_data(other)
    (consent,) = data["community.Consent"]
    assert consent["recorded_by"] == "A member of the involvement team"
    assert staff_member.full_name not in json.dumps(data)


def test_a_person_without_a_login_still_gets_every_section(me):
    no_login = cocreator_register(actor=None, full_name="Paper Only")
    assert set(person_data(no_login)) == set(person_data(me))
    assert person_data(no_login)["community.User"] == []


# --- The downloads ------------------------------------------------------------------------------


def test_the_json_download_is_an_attachment_and_is_audited(cocreator_client, me):
    before = AuditEvent.objects.filter(cocreator_id=me.pk, action=AuditAction.DOWNLOAD).count()
    response = cocreator_client.get("/portal/data.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-cocreation-data-')
    data = json.loads(response.content)
    assert data["community.CoCreator"][0]["full_name"] == "Casey Cocreator"
    event = AuditEvent.objects.filter(cocreator_id=me.pk, action=AuditAction.DOWNLOAD).get()
    assert before == 0
    assert event.actor == me.user
    assert event.count == sum(len(rows) for rows in data.values())


def test_the_csv_download_is_one_table_with_plain_headings(cocreator_client, me, them):
    response = cocreator_client.get("/portal/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Section", "Record number", "Detail", "What we hold"]
    assert all(len(row) == 4 for row in rows)
    assert ["Your details", str(me.pk), "Full name", "Casey Cocreator"] in [r[:4] for r in rows]
    assert ["Your details", str(me.pk), "Area you live in", "Maidstone"] in [r[:4] for r in rows]
    for secret in their_secrets(them):
        assert secret not in text
    assert AuditEvent.objects.filter(cocreator_id=me.pk, action=AuditAction.DOWNLOAD).exists()


def test_the_csv_cannot_run_a_formula_in_a_spreadsheet(me):
    CoCreator.objects.filter(pk=me.pk).update(preferred_name='=HYPERLINK("http://x")')
    me.refresh_from_db()
    text = person_data_csv(person_data(me))
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text


def test_the_data_page_lists_what_is_included_and_links_both_files(cocreator_client, me):
    html = cocreator_client.get("/portal/data/").content.decode()
    assert 'href="/portal/data.csv"' in html and 'href="/portal/data.json"' in html
    assert "Your equality monitoring answers" in html
    assert "Community Co-creation Champion roles" in html
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_the_download_query_count_does_not_grow_with_the_rows(
    cocreator_client, me, django_assert_max_num_queries
):
    from community.models import Champion, Locality, Message

    def add(n, start):
        for i in range(start, start + n):
            Message.objects.create(key=f"bulk:{i}", cocreator=me, kind="reminder")
            champion = Champion.objects.create(cocreator=me, communities=f"Group {i}")
            champion.localities.set(Locality.objects.all()[:3])

    add(2, 0)
    # A few queries for each kind of row that can point at a person (objective 4 brought nine
    # more kinds), never one a row: the second count, with 40 more rows, is the same.
    with django_assert_max_num_queries(70) as few:
        cocreator_client.get("/portal/data.json")
    add(40, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = cocreator_client.get("/portal/data.json")
    assert len(json.loads(response.content)["community.Champion"]) == 43


def test_a_long_history_is_read_in_batches_and_kept_whole(me):
    from community.models import Message

    Message.objects.bulk_create(
        [Message(key=f"many:{i}", cocreator=me, kind="reminder") for i in range(1100)]
    )
    assert len(person_data(me)["community.Message"]) == 1101


def test_the_csv_names_no_table_or_field_of_the_app(cocreator_client, me):
    """Headings, sections and details are words; "community.CoCreator" or "full_name" never."""
    response = cocreator_client.get("/portal/data.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for heading in row[:3]:
            assert "." not in heading or " " in heading, heading
            assert "_" not in heading, heading
    assert "community." not in text and "CoCreator" not in text
    details = {(row[0], row[2]) for row in rows}
    assert ("How you are connected to our services", "How you are connected") in details
    assert ("When your record was created, changed or downloaded", "What happened") in details


def test_the_csv_gives_dates_and_times_in_words_in_uk_time(me):
    CoCreator.objects.filter(pk=me.pk).update(date_of_birth=datetime.date(1984, 3, 15))
    AuditEvent.objects.filter(cocreator_id=me.pk).update(
        at=datetime.datetime(2026, 7, 14, 13, 30, tzinfo=datetime.UTC)
    )
    me.refresh_from_db()
    data = person_data(me)
    rows = list(csv.reader(io.StringIO(person_data_csv(data).removeprefix("\ufeff"))))
    assert ["Your details", str(me.pk), "Date of birth", "15 March 1984"] in rows
    when = [r[3] for r in rows if r[2] == "When"]
    assert when and set(when) == {"Tue 14 Jul 2026, 2:30pm"}  # 1:30pm UTC is 2:30pm BST
    # The file for other computer systems keeps the standard form.
    assert data["community.CoCreator"][0]["date_of_birth"] == "1984-03-15"
