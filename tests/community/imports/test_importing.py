"""Reading and checking an import file, one pure step at a time (no database unless marked)."""

import datetime

import pytest

from community.imports.cells import CellError, parse_date, split_list
from community.imports.checking import check_rows
from community.imports.columns import ExistingPerson, ImportFileError, Reference
from community.imports.parsing import decode_csv_bytes, heading_key, parse_csv
from community.imports.selectors import import_check
from community.models import AccessNeed, Interest, Locality, Relationship

from .conftest import csv_text, person

TODAY = datetime.date(2025, 6, 1)
REFERENCE = Reference(
    localities={"medway": Locality(pk=7, name="Medway"), "swale": Locality(pk=8, name="Swale")},
    interests={"research": Interest(pk=3, name="Research")},
)


def check(text, existing=()):
    return check_rows(parse_csv(text), reference=REFERENCE, existing=existing, today=TODAY)


# --- Decoding ----------------------------------------------------------------------------------


def test_utf8_is_read_as_utf8():
    assert decode_csv_bytes("full_name\nŁucja".encode()) == "full_name\nŁucja"


def test_a_byte_order_mark_is_dropped():
    assert decode_csv_bytes("\ufefffull_name\n".encode()) == "full_name\n"


def test_windows_1252_is_read_when_the_file_is_not_utf8():
    assert decode_csv_bytes("full_name\nZoë – “quoted”".encode("cp1252")) == (
        "full_name\nZoë – “quoted”"
    )


def test_bytes_that_are_neither_are_refused():
    with pytest.raises(ImportFileError, match="could not be read as text"):
        decode_csv_bytes(b"full_name\n\x81\x8d\x8f\x90\x9d")


def test_unicode_text_from_excel_is_refused_with_how_to_save_it():
    with pytest.raises(ImportFileError, match="Unicode text"):
        decode_csv_bytes("full_name\tEmail\n".encode("utf-16"))


# --- Headings and rows -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading", ["full_name", "Full Name", " FULL_NAME ", "full  name", "Full-Name"]
)
def test_headings_match_whatever_their_case_and_spacing(heading):
    assert heading_key(heading) == "full_name"


def test_rows_are_numbered_as_in_the_spreadsheet_and_blank_rows_are_skipped():
    parsed = parse_csv("full_name\r\nAnn\r\n,\r\n\r\nBo\r\n")
    assert [(number, values["full_name"]) for number, values in parsed.rows] == [
        (2, "Ann"),
        (5, "Bo"),
    ]


def test_a_cell_spread_over_lines_stays_one_row():
    parsed = parse_csv('full_name,address\r\nAnn,"1 High St\r\nMaidstone"\r\nBo,\r\n')
    assert [number for number, _ in parsed.rows] == [2, 3]
    assert parsed.rows[0][1]["address"] == "1 High St\r\nMaidstone"


def test_a_file_saved_with_semicolons_is_read():
    parsed = parse_csv('full_name;relationships\r\nAnn;"Carer; Staff"\r\n')
    assert parsed.rows[0][1] == {"full_name": "Ann", "relationships": "Carer; Staff"}


def test_a_value_in_a_column_with_no_heading_is_a_problem_for_that_row():
    parsed = parse_csv("full_name,\r\nAnn,\r\nBo,oops\r\n")
    assert [(p.row, p.column) for p in parsed.problems] == [(3, "column 2")]


def test_a_heading_twice_is_refused():
    with pytest.raises(ImportFileError, match="'email' more than once"):
        parse_csv("full_name,Email,email\r\nAnn,a@b.org,a@b.org\r\n")


def test_unknown_headings_are_left_out_and_all_named():
    parsed = parse_csv("full_name,Age,Shoe size\r\nAnn,3,4\r\n")
    assert parsed.ignored == ["Age", "Shoe size"]
    assert parsed.rows == [(2, {"full_name": "Ann"})]
    assert not parsed.problems


def test_the_register_exports_headings_are_its_columns():
    parsed = parse_csv(
        "Record number,Full name,Email address,Phone number,Area,Preferred contact,Portal login"
        "\r\n7,Ann,a@b.org,07700900001,Medway,Email,No\r\n"
    )
    assert parsed.rows[0][1] == {
        "record_number": "7",
        "full_name": "Ann",
        "email": "a@b.org",
        "phone": "07700900001",
        "locality": "Medway",
        "preferred_channels": "Email",
    }
    assert parsed.ignored == ["Portal login"]


# --- Cells -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/1980", datetime.date(1980, 3, 5)),
        ("5/3/1980", datetime.date(1980, 3, 5)),
        ("1980-03-05", datetime.date(1980, 3, 5)),
        ("29/02/2024", datetime.date(2024, 2, 29)),
        ("", None),
    ],
)
def test_dates_are_read_day_first_or_year_first(text, expected):
    assert parse_date(text, "Date") == expected


@pytest.mark.parametrize("text", ["29/02/2023", "31/04/2020", "2020-13-01", "00/01/2020"])
def test_dates_that_do_not_exist_are_refused(text):
    with pytest.raises(CellError, match="must be a real date"):
        parse_date(text, "Date")


@pytest.mark.parametrize("text", ["March 5th", "05.03.1980", "05/03/80", "1980/03/05"])
def test_dates_in_other_formats_say_which_formats_to_use(text):
    with pytest.raises(CellError, match="DD/MM/YYYY or YYYY-MM-DD"):
        parse_date(text, "Date")


def test_lists_drop_blanks_and_repeats():
    assert split_list(" Carer ;; carer; Staff ; ") == ["Carer", "Staff"]


# --- Rows --------------------------------------------------------------------------------------


def test_labels_and_values_are_both_accepted_for_relationships_and_needs():
    result = check(
        csv_text(
            [
                person(
                    relationships="service user or patient; CARER; family",
                    access_needs="bsl; Step-free access",
                )
            ]
        )
    )
    assert result.ok, result.problems
    row = result.rows[0]
    assert row.relationships == (
        Relationship.SERVICE_USER,
        Relationship.CARER,
        Relationship.FAMILY,
    )
    assert row.access_needs == (AccessNeed.BSL, AccessNeed.STEP_FREE)


def test_locality_and_interests_are_matched_whatever_their_case():
    result = check(csv_text([person(locality="MEDWAY", interests="research")]))
    assert result.ok
    assert result.rows[0].fields["locality_id"] == 7
    assert result.rows[0].interest_ids == (3,)


def test_an_unknown_locality_is_named_with_the_ones_to_use():
    result = check(csv_text([person(locality="Atlantis")]))
    (problem,) = result.problems
    assert problem.message == "'Atlantis' is not one of our localities. Use one of: Medway; Swale"


def test_several_unknown_names_are_named_together():
    result = check(csv_text([person(relationships="Carer; Pilot; Astronaut")]))
    (problem,) = result.problems
    assert problem.message.startswith("'Pilot' and 'Astronaut' are not relationships we know")


def test_an_over_long_value_is_a_problem():
    result = check(csv_text([person(pronouns="x" * 51)]))
    assert [(p.column, p.message) for p in result.problems] == [
        ("pronouns", "Pronouns must be 50 characters or fewer")
    ]


def test_other_access_needs_must_be_described():
    result = check(csv_text([person(access_needs="Other")]))
    assert [p.column for p in result.problems] == ["access_needs_other"]


def test_problems_name_the_heading_as_it_is_written_in_the_file():
    result = check("Full Name, EMAIL \r\nAnn,nope\r\n")
    assert [p.column for p in result.problems] == ["EMAIL"]


def test_a_duplicate_names_the_lowest_matching_record():
    existing = [
        ExistingPerson(pk=5, email="a@b.org"),
        ExistingPerson(pk=9, email="a@b.org"),
    ]
    result = check(
        csv_text([person(email="A@B.org")]), existing=sorted(existing, key=lambda p: p.pk)
    )
    (problem,) = result.problems
    assert "record 5" in problem.message


def test_a_blank_email_or_phone_is_never_a_duplicate():
    result = check(
        csv_text([{"full_name": "Ann"}, {"full_name": "Bo"}]),
        existing=[ExistingPerson(pk=1, full_name="Cy")],
    )
    assert result.ok


@pytest.mark.django_db
def test_checking_5000_rows_takes_a_few_queries(django_assert_max_num_queries):
    text = csv_text([person(n, date_of_birth="01/01/1990") for n in range(5000)])
    with django_assert_max_num_queries(20):
        result = import_check(text)
    assert result.total == 5000
