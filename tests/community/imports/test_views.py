"""Staff import the register from a spreadsheet: template, upload, preview, confirm."""

import csv
import datetime
import hashlib
import io

import pytest
from django.urls import reverse

from community.imports.columns import COLUMNS, MAX_BYTES, MAX_ROWS
from community.models import (
    AccessNeed,
    AuditAction,
    AuditEvent,
    CoCreator,
    CoCreatorImportJob,
    CoCreatorStatus,
    ImportStatus,
    Interest,
    Locality,
    NewsletterChoice,
    Relationship,
)
from community.services import cocreator_register
from tests.conftest import client_for

from .conftest import (
    CONFIRM_URL,
    PREVIEW_URL,
    TEMPLATE_URL,
    UPLOAD_URL,
    csv_text,
    csv_upload,
    person,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("community:cocreator-list")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Who may use it ----------------------------------------------------------------------------

PAGES = [
    ("get", UPLOAD_URL),
    ("get", TEMPLATE_URL),
    ("get", PREVIEW_URL),
    ("post", CONFIRM_URL),
]


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous, method, url):
    response = getattr(anonymous, method)(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["cocreator", "steering_member"])
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_a_cocreator_or_steering_member_is_refused(request, persona, method, url):
    client = client_for(request.getfixturevalue(persona))
    response = getattr(client, method)(url)
    assert response.status_code == 403


def test_a_cocreator_cannot_import_even_with_a_file(cocreator):
    client = client_for(cocreator)
    response = client.post(UPLOAD_URL, {"file": csv_upload(csv_text([person()]))})
    assert response.status_code == 403
    assert not CoCreator.objects.filter(email="person1@example.org").exists()


def test_confirm_only_answers_a_post(staff_client):
    assert staff_client.get(CONFIRM_URL).status_code == 405


# --- The template ------------------------------------------------------------------------------


def test_the_template_has_every_column_and_one_example_row(staff_client):
    response = staff_client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 2
    assert rows[1][0] == "Alex Example"


def test_the_template_example_row_passes_the_check(staff_client, upload):
    template = staff_client.get(TEMPLATE_URL).content
    upload(template)
    preview = staff_client.get(PREVIEW_URL)
    assert preview.context["check"].ok, preview.context["check"].problems
    assert "1 person is ready to import" in preview.content.decode()


# --- The upload page ---------------------------------------------------------------------------


def test_the_upload_page_offers_the_template_and_a_file_field(staff_client):
    response = staff_client.get(UPLOAD_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert TEMPLATE_URL in page
    assert 'type="file"' in page
    assert 'enctype="multipart/form-data"' in page


def test_uploading_no_file_says_to_select_one(staff_client):
    response = staff_client.post(UPLOAD_URL, {})
    assert response.status_code == 200
    assert "Select a CSV file" in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()


def _file_error(upload, content, **kwargs) -> str:
    response = upload(content, **kwargs)
    assert response.status_code == 200, "A file that cannot be read must not reach the preview"
    assert "nhsuk-error-summary" in response.content.decode()
    return " ".join(response.context["form"].errors["file"])


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused(upload):
    # 0x81 and 0x8D are undefined in Windows-1252 and invalid alone in UTF-8.
    message = _file_error(upload, b"full_name\r\nAn\x81\x8dna\r\n")
    assert "could not be read as text" in message
    assert "CSV UTF-8" in message


def test_an_excel_workbook_is_refused_saying_how_to_save_it_as_csv(upload):
    message = _file_error(upload, b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 50, name="x.xlsx")
    assert "spreadsheet workbook" in message
    assert "CSV UTF-8" in message


def test_binary_content_is_not_a_csv(upload):
    message = _file_error(upload, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "not a CSV file" in message


def test_prose_is_not_a_csv_of_the_register(upload):
    message = _file_error(upload, "Dear team\nHere are the people\n")
    assert "first row of the file must be the column names" in message


def test_broken_quoting_is_not_a_csv(upload):
    message = _file_error(upload, 'full_name,email\n"Ann "Smith" x,ann@example.org\n')
    assert "could not be read as CSV" in message
    assert "row 2" in message


def test_a_file_over_2_mb_is_refused(upload):
    content = "full_name,staff_note\r\n" + "A,{}\r\n".format("x" * 1000) * 2200
    assert len(content) > MAX_BYTES
    message = _file_error(upload, content)
    assert "smaller than 2 MB" in message


def test_a_file_over_5000_people_is_refused(upload):
    content = csv_text([{"full_name": f"P{n}"} for n in range(MAX_ROWS + 1)], ["full_name"])
    assert len(content) < MAX_BYTES
    message = _file_error(upload, content)
    assert "5,001 people" in message
    assert "up to 5,000" in message


def test_a_file_without_the_full_name_column_is_refused(upload):
    message = _file_error(upload, "email,phone\r\nann@example.org,07700900001\r\n")
    assert "no full_name column" in message


def test_a_file_with_an_unknown_column_is_read_without_it_and_names_it(
    staff_client, upload, confirm
):
    upload("full_name,Favourite colour,Area\r\nAnn,Blue,Maidstone\r\n")
    response = staff_client.get(PREVIEW_URL)
    assert response.context["check"].ok
    html = response.content.decode()
    assert "We ignored this column, which the import does not use: Favourite colour." in html
    confirm()
    ann = CoCreator.objects.get(full_name="Ann")
    assert ann.locality.name == "Maidstone"  # "Area" is the register export's name for it


def test_an_empty_file_is_refused(upload):
    message = _file_error(upload, b"")
    assert "empty" in message


def test_a_file_with_headings_but_nobody_is_refused(upload):
    message = _file_error(upload, "full_name,email\r\n,\r\n")
    assert "no people in it" in message


def test_a_refused_upload_replaces_the_one_waiting(staff_client, upload):
    upload(csv_text([person()]))
    upload(b"PK\x03\x04\x00\x00")
    response = staff_client.get(PREVIEW_URL)
    assert response.status_code == 302
    assert response.url == UPLOAD_URL


# --- A good file -------------------------------------------------------------------------------


def test_a_good_file_imports_every_row_with_every_column_mapped(
    staff_client, staff_member_with_mfa, upload, confirm
):
    maidstone = Locality.objects.get(name="Maidstone")
    research = Interest.objects.get(name="Research")
    crisis = Interest.objects.get(name="Crisis and urgent care")
    rows = [
        {
            "full_name": "  Ayesha   Khan ",
            "preferred_name": "Ash",
            "pronouns": "she/her",
            "email": "Ayesha.Khan@Example.org",
            "phone": "+44 7700 900123",
            "address": "1 High Street\nMaidstone",
            "postcode": "me14 1xx",
            "date_of_birth": "05/03/1980",
            "locality": "maidstone",
            "relationships": "Carer; service_user",
            "interests": "research; Crisis and urgent care",
            "access_needs": "Large print; interpreter; Other",
            "access_needs_other": "Quiet room",
            "interpreter_language": "Urdu",
            "availability": "Weekdays; evenings; weekends; online; in person",
            "preferred_channels": "email; sms; post; phone",
            "newsletter": "Yes",
            "date_joined": "2023-11-02",
            "status": "Paused",
            "staff_note": "Met at the carers' cafe",
        },
        {"full_name": "Bo Brown"},
    ]
    upload(csv_text(rows))
    preview = staff_client.get(PREVIEW_URL)
    assert preview.context["check"].ok, preview.context["check"].problems
    assert "2 people are ready to import" in preview.content.decode()

    response = confirm()

    assert response.status_code == 302
    job = CoCreatorImportJob.objects.get()
    assert response.url == reverse("community:cocreator-import-progress", args=[job.pk])
    assert job.status == ImportStatus.DONE
    ayesha = CoCreator.objects.get(email="ayesha.khan@example.org")
    assert (ayesha.full_name, ayesha.preferred_name, ayesha.pronouns) == (
        "Ayesha Khan",
        "Ash",
        "she/her",
    )
    assert ayesha.phone == "07700900123"
    assert ayesha.address == "1 High Street\nMaidstone"
    assert ayesha.postcode == "ME14 1XX"
    assert ayesha.date_of_birth == datetime.date(1980, 3, 5)
    assert ayesha.locality == maidstone
    assert set(ayesha.relationships.values_list("kind", flat=True)) == {
        Relationship.CARER,
        Relationship.SERVICE_USER,
    }
    assert set(ayesha.interests.all()) == {research, crisis}
    assert set(ayesha.access_needs.values_list("kind", flat=True)) == {
        AccessNeed.LARGE_PRINT,
        AccessNeed.INTERPRETER,
        AccessNeed.OTHER,
    }
    assert ayesha.access_needs_other == "Quiet room"
    assert ayesha.interpreter_language == "Urdu"
    assert all(
        getattr(ayesha, f"available_{k}")
        for k in ("weekdays", "evenings", "weekends", "online", "in_person")
    )
    assert all(getattr(ayesha, f"prefers_{k}") for k in ("email", "sms", "post", "phone"))
    assert ayesha.newsletter == NewsletterChoice.YES
    assert ayesha.date_joined == datetime.date(2023, 11, 2)
    assert ayesha.status == CoCreatorStatus.PAUSED
    assert ayesha.staff_note == "Met at the carers' cafe"
    assert ayesha.user is None

    bo = CoCreator.objects.get(full_name="Bo Brown")
    assert (bo.email, bo.phone, bo.locality, bo.date_of_birth) == ("", "", None, None)
    assert bo.status == CoCreatorStatus.ACTIVE
    assert bo.newsletter == NewsletterChoice.NO
    assert not bo.relationships.exists() and not bo.interests.exists()
    assert not any(getattr(bo, f"prefers_{k}") for k in ("email", "sms", "post", "phone"))


def test_the_import_is_one_audit_event_with_the_count(staff_member_with_mfa, upload, confirm):
    upload(csv_text([person(n) for n in range(1, 4)]))
    confirm()
    events = AuditEvent.objects.all()
    assert events.count() == 1
    event = events.get()
    assert (event.action, event.count, event.actor) == (
        AuditAction.IMPORT,
        3,
        staff_member_with_mfa,
    )
    assert event.cocreator_id is None
    assert "email" in event.fields and "full_name" in event.fields
    assert not any("@" in name for name in event.fields), "Field names only, never values"


def test_the_progress_page_says_how_many_were_imported(staff_client, upload, confirm):
    upload(csv_text([person(n) for n in range(1, 4)]))
    response = confirm(follow=True)
    assert "<h1>3 people imported</h1>" in response.content.decode()
    assert 'http-equiv="refresh"' not in response.content.decode()  # finished: it stops


def test_one_person_is_imported_in_the_singular(staff_client, upload, confirm):
    upload(csv_text([person()]))
    response = confirm(follow=True)
    assert "<h1>1 person imported</h1>" in response.content.decode()


def test_the_preview_shows_the_first_20_rows_and_the_total(staff_client, upload):
    upload(csv_text([person(n) for n in range(1, 214)]))
    response = staff_client.get(PREVIEW_URL)
    page = response.content.decode()
    assert "213 people are ready to import" in page
    assert len(response.context["check"].preview) == 20
    assert "Person Number20" in page
    assert "Person Number21<" not in page
    assert "Import 213 people" in page
    assert CoCreator.objects.count() == 0, "The preview imports nothing"


def test_the_preview_names_the_columns_left_out(staff_client, upload):
    upload("Full Name,EMAIL\r\nAnn Lee,ann@example.org\r\n")
    response = staff_client.get(PREVIEW_URL)
    assert response.context["check"].ok
    missing = response.context["missing_columns"]
    assert "Phone number" in missing and "Email address" not in missing


def test_headings_may_use_capitals_and_spaces(staff_client, upload, confirm):
    upload(
        "FULL NAME,Date Of Birth,preferred channels,Email\r\nAnn Lee,1980-02-29,Email,a@b.org\r\n"
    )
    confirm()
    ann = CoCreator.objects.get(full_name="Ann Lee")
    assert ann.date_of_birth == datetime.date(1980, 2, 29)
    assert ann.prefers_email


def test_a_windows_1252_file_keeps_its_accents(staff_client, upload, confirm):
    upload("full_name\r\nZoë Brontë\r\n", encoding="cp1252")
    confirm()
    assert CoCreator.objects.filter(full_name="Zoë Brontë").exists()


def test_a_utf8_file_with_a_byte_order_mark_reads_its_first_heading(staff_client, upload, confirm):
    upload("\ufefffull_name,email\r\nŁucja Nowak,lucja@example.org\r\n")
    confirm()
    assert CoCreator.objects.filter(full_name="Łucja Nowak").exists()


def test_formula_looking_cells_are_stored_as_text(staff_client, upload, confirm):
    rows = [
        person(1, full_name='=HYPERLINK("http://evil.example","Click")'),
        person(2, staff_note="@SUM(1+1)*cmd|' /C calc'!A0", preferred_name="+Sam"),
        person(3, full_name="'=Quoted Name"),
    ]
    upload(csv_text(rows))
    response = staff_client.get(PREVIEW_URL)
    assert response.context["check"].ok, response.context["check"].problems
    confirm()
    assert CoCreator.objects.filter(full_name='=HYPERLINK("http://evil.example","Click")').exists()
    second = CoCreator.objects.get(email="person2@example.org")
    assert second.staff_note == "@SUM(1+1)*cmd|' /C calc'!A0"
    assert second.preferred_name == "+Sam"
    # Our own export writes '= for a cell starting with =; importing it gives the cell back.
    assert CoCreator.objects.filter(full_name="=Quoted Name").exists()


# --- A file with problems ----------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_names_the_row_and_column(staff_client, upload, confirm):
    rows = [person(1), person(2), person(3, email="not an email"), person(4)]
    upload(csv_text(rows))
    response = staff_client.get(PREVIEW_URL)
    page = response.content.decode()
    problems = response.context["check"].problems
    assert [(p.row, p.column) for p in problems] == [(4, "email")]
    assert "1 problem in 1 row; nothing has been imported" in page
    assert "nhsuk-error-summary" in page
    assert 'id="row-4"' in page
    assert "Enter an email address in the correct format" in page
    assert 'name="sha256"' not in page, "No confirm button when there are problems"

    response = confirm(sha256=hashlib.sha256(b"anything").hexdigest())
    assert CoCreator.objects.count() == 0


def test_problems_are_counted_by_problem_and_by_row(staff_client, upload):
    rows = [
        person(1, email="bad", phone="12"),
        person(2, locality="Atlantis"),
        person(3),
        {"full_name": ""},  # a blank name, but the row has a value below
    ]
    rows[3]["staff_note"] = "no name"
    upload(csv_text(rows))
    response = staff_client.get(PREVIEW_URL)
    assert "4 problems in 3 rows; nothing has been imported" in response.content.decode()
    assert {p.row for p in response.context["check"].problems} == {2, 3, 5}


def test_an_unknown_relationship_interest_or_need_is_named(staff_client, upload):
    rows = [
        person(1, relationships="Carer; Volunteer"),
        person(2, interests="Research; Knitting"),
        person(3, access_needs="Braille"),
    ]
    upload(csv_text(rows))
    messages = {
        p.column: p.message for p in staff_client.get(PREVIEW_URL).context["check"].problems
    }
    assert "'Volunteer' is not a relationship we know" in messages["relationships"]
    assert "'Knitting' is not an interest we know" in messages["interests"]
    assert "'Braille'" in messages["access_needs"]


def test_the_staff_form_rules_apply_to_every_row(staff_client, upload):
    rows = [
        person(1, date_of_birth="31/02/1990"),
        person(2, date_of_birth="2999-01-01"),
        person(3, access_needs="Interpreter"),
        person(4, email="", preferred_channels="email"),
        person(5, address="", preferred_channels="post"),
        person(6, phone="", preferred_channels="sms"),
        person(7, newsletter="maybe"),
        person(8, status="Retired"),
        person(9, phone="+33 1 23 45 67 89"),
        person(10, date_joined="tomorrow"),
    ]
    upload(csv_text(rows))
    problems = staff_client.get(PREVIEW_URL).context["check"].problems
    found = {(p.row, p.column): p.message for p in problems}
    assert "must be a real date" in found[(2, "date_of_birth")]
    assert "must be in the past" in found[(3, "date_of_birth")]
    assert "interpreter" in found[(4, "interpreter_language")]
    assert "Enter an email address" in found[(5, "email")]
    assert "Enter a postal address" in found[(6, "address")]
    assert "Enter a phone number" in found[(7, "phone")]
    assert "yes or no" in found[(8, "newsletter")]
    assert "'Retired' is not a status" in found[(9, "status")]
    assert "+44" in found[(10, "phone")]
    assert "DD/MM/YYYY" in found[(11, "date_joined")]
    assert len(problems) == 10


def test_the_error_table_is_capped_but_the_summary_counts_everything(staff_client, upload):
    upload(csv_text([{"full_name": f"P{n}", "email": "bad"} for n in range(1200)]))
    response = staff_client.get(PREVIEW_URL)
    page = response.content.decode()
    assert "1,200 problems in 1,200 rows" in page
    assert page.count('<td class="nhsuk-table__cell">Enter an email address') == 1000
    assert "The first 1,000 problems are shown" in page


# --- Duplicates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("second", "column", "what"),
    [
        ({"email": "SAME@example.org"}, "email", "email address"),
        ({"phone": "+44 (7700) 900-555"}, "phone", "phone number"),
        (
            {"full_name": "ann   LEE", "date_of_birth": "1980-01-02"},
            "full_name and date_of_birth",
            "full name and date of birth",
        ),
    ],
    ids=["email", "phone", "name-and-date-of-birth"],
)
def test_a_person_twice_in_the_file_is_a_problem_naming_the_other_row(
    staff_client, upload, second, column, what
):
    first = {
        "full_name": "Ann Lee",
        "email": "same@example.org",
        "phone": "07700 900555",
        "date_of_birth": "02/01/1980",
    }
    other = {"full_name": "Someone Else", **second}
    upload(csv_text([person(1), first, other]))
    problems = staff_client.get(PREVIEW_URL).context["check"].problems
    assert [(p.row, p.column) for p in problems] == [(4, column)]
    assert problems[0].message.startswith(f"Same {what} as row 3")
    assert CoCreator.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column", "what"),
    [
        ({"email": "Existing@Example.org"}, "email", "email address"),
        ({"phone": "07700 900-777"}, "phone", "phone number"),
        (
            {"full_name": "Existing Person", "date_of_birth": "03/04/1975"},
            "full_name and date_of_birth",
            "full name and date of birth",
        ),
    ],
    ids=["email", "phone", "name-and-date-of-birth"],
)
def test_a_person_already_in_the_register_is_a_problem_naming_the_record(
    staff_client, staff_member, upload, row, column, what
):
    existing = cocreator_register(
        actor=staff_member,
        full_name="Existing Person",
        email="existing@example.org",
        phone="07700900777",
        date_of_birth=datetime.date(1975, 4, 3),
    )
    upload(csv_text([person(1), {"full_name": "New Name", **row}]))
    problems = staff_client.get(PREVIEW_URL).context["check"].problems
    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert f"Same {what} as record {existing.pk}, already in the register" in problems[0].message
    assert CoCreator.objects.count() == 1


def test_several_matches_with_one_row_are_named_together(staff_client, upload):
    rows = [person(1), person(1, full_name="Other Name")]
    upload(csv_text(rows))
    problems = staff_client.get(PREVIEW_URL).context["check"].problems
    assert len(problems) == 1
    assert problems[0].message.startswith("Same email address and phone number as row 2")


# --- Confirming --------------------------------------------------------------------------------


def test_confirming_with_a_stale_fingerprint_imports_nothing(staff_client, upload, confirm):
    upload(csv_text([person(1)]))
    old = staff_client.get(PREVIEW_URL).context["sha256"]
    upload(csv_text([person(2)]))

    response = confirm(sha256=old, follow=True)

    assert CoCreator.objects.count() == 0
    assert response.redirect_chain[-1][0] == PREVIEW_URL
    assert any("Nothing has been imported" in m for m in _messages(response))
    # The file now waiting can still be confirmed from its own preview.
    confirm()
    assert list(CoCreator.objects.values_list("email", flat=True)) == ["person2@example.org"]


def test_confirming_with_nothing_waiting_imports_nothing(staff_client):
    sha256 = hashlib.sha256(b"full_name\r\nAnn\r\n").hexdigest()
    response = staff_client.post(CONFIRM_URL, {"sha256": sha256}, follow=True)
    assert CoCreator.objects.count() == 0
    assert response.redirect_chain[-1][0] == UPLOAD_URL
    assert any("no file waiting" in m for m in _messages(response))


def test_confirming_without_a_fingerprint_imports_nothing(staff_client, upload):
    upload(csv_text([person(1)]))
    staff_client.post(CONFIRM_URL, {})
    assert CoCreator.objects.count() == 0


def test_confirming_twice_imports_once(staff_client, upload, confirm):
    upload(csv_text([person(1)]))
    sha256 = staff_client.get(PREVIEW_URL).context["sha256"]
    confirm(sha256=sha256)
    confirm(sha256=sha256)
    assert CoCreator.objects.count() == 1


def test_a_person_added_meanwhile_stops_the_import(staff_client, staff_member, upload, confirm):
    upload(csv_text([person(1), person(2)]))
    sha256 = staff_client.get(PREVIEW_URL).context["sha256"]
    cocreator_register(actor=staff_member, full_name="Added Meanwhile", email="person2@example.org")

    response = confirm(sha256=sha256, follow=True)

    assert CoCreator.objects.count() == 1
    job = CoCreatorImportJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/staff/community/import/{job.pk}/"
    page = response.content.decode()
    assert "Nothing has been imported" in page and "register has changed" in page
    assert "1 problem in 1 row" in page
    assert "Same email address as record" in page
    assert (job.status, job.people_added, job.text) == (ImportStatus.FAILED, 0, "")


def test_the_preview_without_an_upload_sends_staff_to_choose_a_file(staff_client):
    response = staff_client.get(PREVIEW_URL)
    assert response.status_code == 302
    assert response.url == UPLOAD_URL


def test_the_whole_import_makes_a_bounded_number_of_queries(
    staff_client, upload, confirm, django_assert_max_num_queries
):
    upload(csv_text([person(n, relationships="Carer", interests="Research") for n in range(1000)]))
    sha256 = staff_client.get(PREVIEW_URL).context["sha256"]
    # The request: session, user, roles, the job and its outbox message. The worker: reference
    # data, duplicate look-ups, a progress write every 250 rows, and per 500 people the job's
    # lock, its count and the bulk inserts (batched on SQLite); then, when the new people moved
    # a month of the figures on, the worker's refresh of that month's rollups.
    with django_assert_max_num_queries(125):
        response = confirm(sha256=sha256)
    assert response.status_code == 302
    assert CoCreator.objects.count() == 1000
