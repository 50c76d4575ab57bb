"""Reading a spreadsheet of the register (CSV) and checking every row before anything is saved.

The steps are pure functions on text, so each can be tested alone:
`decode_csv_bytes` (bytes to text), `parse_csv` (text to rows, with file-level problems raised as
`ImportFileError`), and `check_rows` (every row checked against reference data and the people
already in the register). `import_check` is the one function that reads the database: it loads the
reference data and possible duplicates, then runs `check_rows`. Saving is
`community.services.cocreator_import`.

Row numbers are the spreadsheet's: the column names are row 1, the first person row 2.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from .forms.register import CHANNEL_NEEDS, normalise_uk_phone
from .models import (
    AccessNeed,
    CoCreator,
    CoCreatorStatus,
    Interest,
    Locality,
    NewsletterChoice,
    Relationship,
)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# How many rows the preview shows, and how many problems the error table lists at most.
PREVIEW_ROWS = 20
ERRORS_SHOWN = 1000
# Existing records are looked up in chunks, well under every database's limit on parameters.
LOOKUP_CHUNK = 900

# The columns, in template order. Only full_name is required.
COLUMNS = (
    "full_name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "address",
    "postcode",
    "date_of_birth",
    "locality",
    "relationships",
    "interests",
    "access_needs",
    "access_needs_other",
    "interpreter_language",
    "availability",
    "preferred_channels",
    "newsletter",
    "date_joined",
    "status",
    "staff_note",
)
REQUIRED_COLUMNS = ("full_name",)

# Plain-English names of the columns, used at the start of messages.
COLUMN_LABELS = {
    "full_name": "Full name",
    "preferred_name": "Preferred name",
    "pronouns": "Pronouns",
    "email": "Email address",
    "phone": "Phone number",
    "address": "Address",
    "postcode": "Postcode",
    "date_of_birth": "Date of birth",
    "locality": "Locality",
    "relationships": "Relationships",
    "interests": "Interests",
    "access_needs": "Access needs",
    "access_needs_other": "Other access needs",
    "interpreter_language": "Interpreter language",
    "availability": "Availability",
    "preferred_channels": "Preferred channels",
    "newsletter": "Newsletter",
    "date_joined": "Date joined",
    "status": "Status",
    "staff_note": "Staff note",
}

# Text columns copied to the model field of the same name.
TEXT_COLUMNS = (
    "preferred_name",
    "pronouns",
    "address",
    "access_needs_other",
    "interpreter_language",
    "staff_note",
)

AVAILABILITY = {
    "weekdays": "available_weekdays",
    "weekday": "available_weekdays",
    "evenings": "available_evenings",
    "evening": "available_evenings",
    "weekends": "available_weekends",
    "weekend": "available_weekends",
    "online": "available_online",
    "in person": "available_in_person",
    "in_person": "available_in_person",
}
AVAILABILITY_HELP = "weekdays; evenings; weekends; online; in person"

CHANNELS = {
    "email": "email",
    "sms": "sms",
    "text": "sms",
    "text message": "sms",
    "text message (sms)": "sms",
    "post": "post",
    "letter": "post",
    "phone": "phone",
    "phone call": "phone",
}
CHANNELS_HELP = "email; sms; post; phone"

YES = {"yes", "y", "true", "1", NewsletterChoice.YES.label.lower()}
NO = {"no", "n", "false", "0", NewsletterChoice.NO.label.lower()}

DATE_HELP = "DD/MM/YYYY or YYYY-MM-DD, for example 27/03/1985"
DATE_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class ImportFileError(Exception):
    """The file as a whole cannot be read: the message says why, in plain English."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one row: the spreadsheet row number, the column heading, the message."""

    row: int
    column: str
    message: str


@dataclass
class ImportRow:
    """One person ready to save: model field values, and the kinds and ids of their child rows."""

    row: int
    fields: dict
    relationships: tuple[str, ...] = ()
    access_needs: tuple[str, ...] = ()
    interest_ids: tuple[int, ...] = ()
    # What the preview table shows, already in words.
    display: dict = field(default_factory=dict)


@dataclass
class ParsedCSV:
    """A readable file: its headings (canonical name to the heading as typed) and its rows."""

    headings: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportCheck:
    """The result of checking a whole file: the people ready to import, or the problems."""

    rows: list[ImportRow]
    problems: list[Problem]
    headings: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_with_problems(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def preview(self) -> list[ImportRow]:
        return self.rows[:PREVIEW_ROWS]

    @property
    def problems_shown(self) -> list[Problem]:
        return self.problems[:ERRORS_SHOWN]

    @property
    def columns_missing(self) -> list[str]:
        return [c for c in COLUMNS if c not in self.headings]


@dataclass(frozen=True)
class Reference:
    """The rows a cell may name: localities and interests by lower-cased name."""

    localities: Mapping[str, Locality]
    interests: Mapping[str, Interest]


@dataclass(frozen=True)
class ExistingPerson:
    """Just enough of a person already in the register to spot a duplicate."""

    pk: int
    email: str = ""
    phone: str = ""
    full_name: str = ""
    date_of_birth: datetime.date | None = None


# --- Reading the file --------------------------------------------------------------------------


def decode_csv_bytes(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte order mark) or else Windows-1252."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "The selected file is a spreadsheet workbook (for example from Excel), not a CSV "
            "file. In your spreadsheet, choose Save As and then 'CSV UTF-8 (comma delimited)', "
            "and upload that file"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            "The selected file is saved as 'Unicode text', which cannot be read here. In your "
            "spreadsheet, choose Save As and then 'CSV UTF-8 (comma delimited)'"
        )
    if b"\x00" in data:
        raise ImportFileError(
            "The selected file is not a CSV file. Upload the register saved from your "
            "spreadsheet as 'CSV UTF-8 (comma delimited)'"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The selected file could not be read as text. In your spreadsheet, choose Save As "
            "and then 'CSV UTF-8 (comma delimited)', and upload that file"
        ) from None


def heading_key(heading: str) -> str:
    """A heading in canonical form: 'Full Name', 'full_name' and ' FULL  NAME ' are the same."""
    return re.sub(r"[\s_\-]+", "_", heading.strip().lower()).strip("_")


def _delimiter(text: str) -> str:
    # Spreadsheets set to some European locales save with semicolons or tabs: look at the
    # heading row only, because cells (relationships, interests) contain semicolons themselves.
    first_line = text.split("\n", 1)[0]
    if "," in first_line:
        return ","
    for candidate in ("\t", ";"):
        if candidate in first_line:
            return candidate
    return ","


# Our own export puts a quote before a cell that a spreadsheet would run as a formula; a file
# exported and imported again gets the cell back as it was.
FORMULA_STARTS = ("=", "+", "-", "@")


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_STARTS else cell


def parse_csv(text: str) -> ParsedCSV:
    """The headings and non-blank rows of a CSV file, or ImportFileError for the whole file.

    Problems that belong to one row (too many cells, a value under no heading) are returned with
    the rows, so they are listed with every other problem rather than stopping the check.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise ImportFileError(
            f"The selected file could not be read as CSV: there is a problem in row "
            f"{reader.line_num}, usually a quotation mark in the wrong place. Fix that row, "
            "save it again as CSV and upload it"
        ) from error

    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError(
            "The selected file is empty or its first row is blank. The first row must be the "
            "column names from the template, such as full_name and email"
        )

    header = records[0]
    keys = [heading_key(h) for h in header]
    known = [k for k in keys if k in COLUMNS]
    if not known:
        raise ImportFileError(
            "The first row of the file must be the column names from the template, such as "
            "full_name and email. None of the names in this file's first row are ones we know"
        )
    unknown = [h.strip() for h, k in zip(header, keys, strict=True) if k and k not in COLUMNS]
    if unknown:
        listed = ", ".join(f"'{h}'" for h in unknown)
        raise ImportFileError(
            f"The file has {'a column' if len(unknown) == 1 else 'columns'} we do not "
            f"recognise: {listed}. Remove {'it' if len(unknown) == 1 else 'them'} or use the "
            "column names from the template"
        )
    seen = set()
    for key in known:
        if key in seen:
            raise ImportFileError(f"The file has the column '{key}' more than once")
        seen.add(key)
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        raise ImportFileError(
            f"The file has no {missing[0]} column. The first row must be the column names "
            "from the template, and full_name is needed for every person"
        )

    headings = {k: h.strip() for h, k in zip(header, keys, strict=True) if k}
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank rows, often left at the end by spreadsheets
        values = {}
        for index, cell in enumerate(record):
            key = keys[index] if index < len(keys) else ""
            if key:
                values[key] = _unescape(cell.strip())
            elif cell.strip():
                problems.append(
                    Problem(
                        number,
                        f"column {index + 1}",
                        "This cell has a value but its column has no name in row 1. Remove "
                        "the value or give the column a name from the template",
                    )
                )
        rows.append((number, values))

    if not rows:
        raise ImportFileError("The file has column names but no people in it")
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            f"The file has {len(rows):,} people in it. You can import up to {MAX_ROWS:,} at a "
            "time: split the file into smaller files"
        )
    return ParsedCSV(headings=headings, rows=rows, problems=problems)


# --- Checking one cell -------------------------------------------------------------------------


class CellError(Exception):
    """A cell's value is wrong; the message says how to put it right."""


def parse_date(value: str, label: str) -> datetime.date | None:
    """A date written DD/MM/YYYY or YYYY-MM-DD; None when blank."""
    if not value:
        return None
    match = DATE_UK.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = DATE_ISO.match(value)
        if not match:
            raise CellError(f"{label} must be written as {DATE_HELP}")
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(f"{label} must be a real date, written as {DATE_HELP}") from None


def phone_digits(value: str) -> str:
    """A phone number as the staff form stores it (UK digits starting 0), or its bare digits."""
    try:
        return normalise_uk_phone(value)
    except ValidationError:
        return re.sub(r"\D", "", value)


def check_phone(value: str) -> str:
    """The staff form's rule: a UK number, kept as digits starting with 0."""
    if not value:
        return ""
    try:
        return normalise_uk_phone(value)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None


def check_email(value: str) -> str:
    """The staff form's rule: a valid address, kept in lower case."""
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(
            "Enter an email address in the correct format, like name@example.com"
        ) from None
    return value.lower()


def check_postcode(value: str) -> str:
    """The staff form's rule: capitals, single spaces."""
    return " ".join(value.upper().split())


def split_list(value: str) -> list[str]:
    """The items of a semicolon-separated cell, without blanks or repeats, in order."""
    items = []
    for part in value.split(";"):
        part = part.strip()
        if part and part.lower() not in (i.lower() for i in items):
            items.append(part)
    return items


def _choices_by_word(choices) -> dict[str, str]:
    """Each choice's value and label, lower-cased, mapped to the value."""
    words = {}
    for value, label in choices:
        words[value.lower()] = value
        words[str(label).lower()] = value
        words[value.replace("_", " ").lower()] = value
    return words


RELATIONSHIPS = _choices_by_word(Relationship.choices)
ACCESS_NEEDS = _choices_by_word(AccessNeed.choices)
STATUSES = _choices_by_word(CoCreatorStatus.choices)


def _named(items: Iterable[str]) -> str:
    items = [f"'{i}'" for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def match_names(value: str, words: Mapping[str, object], *, what: str, allowed: str) -> list:
    """The values a semicolon-separated cell names; CellError naming every unknown one."""
    matched, unknown = [], []
    for item in split_list(value):
        found = words.get(item.lower())
        if found is None:
            unknown.append(item)
        elif found not in matched:
            matched.append(found)
    if unknown:
        if len(unknown) == 1:
            article = "an" if what[0] in "aeiou" else "a"
            said = f"is not {article} {what}"
        else:
            said = f"are not {what}s"
        raise CellError(f"{_named(unknown)} {said} we know. Use: {allowed}")
    return matched


# --- Checking every row ------------------------------------------------------------------------


def _name_key(full_name: str, date_of_birth) -> tuple[str, datetime.date] | None:
    if not full_name or not date_of_birth:
        return None
    return (" ".join(full_name.lower().split()), date_of_birth)


def _check_row(
    number: int,
    values: Mapping[str, str],
    reference: Reference,
    today: datetime.date,
    problems: list[Problem],
    column: Mapping[str, str],
) -> ImportRow:
    """One row, checked with the rules of the staff form for adding a person."""
    fields: dict = {}
    display: dict = {}
    row = ImportRow(row=number, fields=fields, display=display)
    first_problem = len(problems)

    def problem(key: str, message: str) -> None:
        problems.append(Problem(number, column.get(key, key), message))

    def cell(key: str) -> str:
        return values.get(key, "")

    fields["full_name"] = " ".join(cell("full_name").split())
    if not fields["full_name"]:
        problem("full_name", "Enter the person's full name")
    for key in TEXT_COLUMNS:
        fields[key] = cell(key)

    for key, check in (
        ("email", check_email),
        ("phone", check_phone),
        ("postcode", check_postcode),
    ):
        try:
            fields[key] = check(cell(key))
        except CellError as error:
            problem(key, str(error))
            fields[key] = ""

    for key in (*TEXT_COLUMNS, "full_name", "email", "phone", "postcode"):
        limit = CoCreator._meta.get_field(key).max_length
        if limit and len(fields[key]) > limit:
            problem(key, f"{COLUMN_LABELS[key]} must be {limit:,} characters or fewer")

    try:
        dob = parse_date(cell("date_of_birth"), "Date of birth")
        if dob and dob > today:
            raise CellError("Date of birth must be in the past")
        fields["date_of_birth"] = dob
    except CellError as error:
        problem("date_of_birth", str(error))
        fields["date_of_birth"] = None

    try:
        joined = parse_date(cell("date_joined"), "Date joined")
        if joined and joined > today:
            raise CellError("Date joined must be today or in the past")
        fields["date_joined"] = joined or today
    except CellError as error:
        problem("date_joined", str(error))
        fields["date_joined"] = today

    locality_name = " ".join(cell("locality").split())
    fields["locality_id"] = None
    if locality_name:
        locality = reference.localities.get(locality_name.lower())
        if locality is None:
            names = "; ".join(sorted(loc.name for loc in reference.localities.values()))
            problem(
                "locality", f"'{locality_name}' is not one of our localities. Use one of: {names}"
            )
        else:
            fields["locality_id"] = locality.pk
            display["locality"] = locality.name

    try:
        row.relationships = tuple(
            match_names(
                cell("relationships"),
                RELATIONSHIPS,
                what="relationship",
                allowed="; ".join(str(label) for label in Relationship.labels),
            )
        )
    except CellError as error:
        problem("relationships", str(error))
    try:
        row.access_needs = tuple(
            match_names(
                cell("access_needs"),
                ACCESS_NEEDS,
                what="access need",
                allowed="; ".join(str(label) for label in AccessNeed.labels),
            )
        )
    except CellError as error:
        problem("access_needs", str(error))
    try:
        interests = match_names(
            cell("interests"),
            reference.interests,
            what="interest",
            allowed="; ".join(sorted(i.name for i in reference.interests.values())),
        )
        row.interest_ids = tuple(i.pk for i in interests)
        display["interests"] = [i.name for i in interests]
    except CellError as error:
        problem("interests", str(error))

    if AccessNeed.INTERPRETER in row.access_needs and not fields["interpreter_language"]:
        problem(
            "interpreter_language",
            "Enter the language the person needs an interpreter for, because access_needs "
            "includes Interpreter",
        )
    if AccessNeed.OTHER in row.access_needs and not fields["access_needs_other"]:
        problem(
            "access_needs_other",
            "Describe the other access need, because access_needs includes Other",
        )

    for name in set(AVAILABILITY.values()):
        fields[name] = False
    try:
        for name in match_names(
            cell("availability"),
            AVAILABILITY,
            what="availability choice",
            allowed=AVAILABILITY_HELP,
        ):
            fields[name] = True
    except CellError as error:
        problem("availability", str(error))

    channels = []
    try:
        channels = match_names(
            cell("preferred_channels"), CHANNELS, what="channel", allowed=CHANNELS_HELP
        )
    except CellError as error:
        problem("preferred_channels", str(error))
    for channel in CHANNEL_NEEDS:
        fields[f"prefers_{channel}"] = channel in channels
    for channel in channels:
        needed, message = CHANNEL_NEEDS[channel]
        # As on the staff form: a wrong detail is already a problem; only a missing one is new.
        if not fields[needed] and not cell(needed):
            problem(needed, message)

    newsletter = cell("newsletter").lower()
    if not newsletter or newsletter in NO:
        fields["newsletter"] = NewsletterChoice.NO
    elif newsletter in YES:
        fields["newsletter"] = NewsletterChoice.YES
    else:
        problem("newsletter", "Newsletter must be yes or no")
        fields["newsletter"] = NewsletterChoice.NO

    status = cell("status").lower()
    if not status:
        fields["status"] = CoCreatorStatus.ACTIVE
    elif status in STATUSES:
        fields["status"] = STATUSES[status]
    else:
        problem(
            "status",
            f"'{cell('status')}' is not a status we know. Use one of: "
            + "; ".join(str(label).lower() for label in CoCreatorStatus.labels),
        )
        fields["status"] = CoCreatorStatus.ACTIVE

    if len(problems) == first_problem:
        # The model's own rules last, as the staff form does; the locality was found above.
        try:
            CoCreator(**fields).full_clean(exclude=["locality", "user"], validate_unique=False)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    problem(key, message)

    display["relationships"] = [Relationship(k).label for k in row.relationships]
    display["status"] = CoCreatorStatus(fields["status"]).label
    return row


def _duplicates(
    rows: Sequence[ImportRow],
    existing: Iterable[ExistingPerson],
    problems: list[Problem],
    column: Mapping[str, str],
) -> None:
    """Add a problem for each row that repeats an earlier row or matches an existing record."""
    criteria = (
        ("email", "email address", lambda f: f["email"].lower()),
        ("phone", "phone number", lambda f: phone_digits(f["phone"]) if f["phone"] else ""),
        (
            "full_name",
            "full name and date of birth",
            lambda f: _name_key(f["full_name"], f["date_of_birth"]),
        ),
    )
    on_record: list[dict] = [{}, {}, {}]
    for person in existing:
        fields = {
            "email": person.email,
            "phone": person.phone,
            "full_name": person.full_name,
            "date_of_birth": person.date_of_birth,
        }
        for index, (_, _, key_of) in enumerate(criteria):
            key = key_of(fields)
            if key:
                on_record[index].setdefault(key, person.pk)
    in_file: list[dict] = [{}, {}, {}]
    for row in rows:
        earlier_rows: dict[int, list[int]] = {}
        records: dict[int, list[int]] = {}
        for index, (_, _, key_of) in enumerate(criteria):
            key = key_of(row.fields)
            if not key:
                continue
            if key in on_record[index]:
                records.setdefault(on_record[index][key], []).append(index)
            if key in in_file[index]:
                earlier_rows.setdefault(in_file[index][key], []).append(index)
            else:
                in_file[index][key] = row.row

        def say(indexes: list[int]) -> tuple[str, str]:
            words = _named_plain([criteria[i][1] for i in indexes])
            first = criteria[indexes[0]][0]
            heading = column.get(first, first)
            if first == "full_name":
                heading = f"{heading} and {column.get('date_of_birth', 'date_of_birth')}"
            return heading, words

        for other, indexes in earlier_rows.items():
            heading, words = say(indexes)
            problems.append(
                Problem(row.row, heading, f"Same {words} as row {other}: the same person twice?")
            )
        for pk, indexes in records.items():
            heading, words = say(indexes)
            problems.append(
                Problem(
                    row.row,
                    heading,
                    f"Same {words} as record {pk}, already in the register. Remove this row "
                    "or change the existing record instead",
                )
            )


def _named_plain(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_rows(
    parsed: ParsedCSV,
    *,
    reference: Reference,
    existing: Iterable[ExistingPerson] = (),
    today: datetime.date | None = None,
) -> ImportCheck:
    """Check every row with the staff form's rules and for duplicates; nothing is saved."""
    today = today or timezone.localdate()
    problems = list(parsed.problems)
    rows = [
        _check_row(number, values, reference, today, problems, parsed.headings)
        for number, values in parsed.rows
    ]
    _duplicates(rows, existing, problems, parsed.headings)
    order = {heading: i for i, heading in enumerate(parsed.headings.values())}
    problems.sort(key=lambda p: (p.row, order.get(p.column, len(order))))
    return ImportCheck(rows=rows, problems=problems, headings=parsed.headings)


# --- The one function that reads the database --------------------------------------------------


def load_reference() -> Reference:
    """Localities and interests, by lower-cased name (two queries)."""
    return Reference(
        localities={loc.name.lower(): loc for loc in Locality.objects.all()},
        interests={i.name.lower(): i for i in Interest.objects.all()},
    )


def _chunks(items: Sequence, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing_people_like(parsed: ParsedCSV) -> list[ExistingPerson]:
    """People in the register who might be the same as someone in the file.

    A few queries whatever the size of the file: emails, phone numbers and dates of birth are
    looked up in chunks of several hundred.
    """
    emails = sorted({v.get("email", "").lower() for _, v in parsed.rows} - {""})
    found: dict[int, ExistingPerson] = {}
    for chunk in _chunks(emails):
        for pk, email in (
            CoCreator.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("pk", "email")
        ):
            found[pk] = ExistingPerson(pk=pk, email=email)
    phones = sorted({phone_digits(v["phone"]) for _, v in parsed.rows if v.get("phone")} - {""})
    people = []
    # The staff form stores phone numbers as digits; spaces and dashes typed before it did so
    # are taken out here, as the staff form's own duplicate check does.
    stored_digits = Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value(""))
    for chunk in _chunks(phones):
        for pk, phone in (
            CoCreator.objects.annotate(phone_digits=stored_digits)
            .filter(phone_digits__in=chunk)
            .values_list("pk", "phone_digits")
        ):
            people.append(ExistingPerson(pk=pk, phone=phone))
    dates = set()
    for _, values in parsed.rows:
        try:
            born = parse_date(values.get("date_of_birth", ""), "")
        except CellError:
            continue
        if born:
            dates.add(born)
    for chunk in _chunks(sorted(dates)):
        for pk, full_name, born in CoCreator.objects.filter(date_of_birth__in=chunk).values_list(
            "pk", "full_name", "date_of_birth"
        ):
            people.append(ExistingPerson(pk=pk, full_name=full_name, date_of_birth=born))
    # The lowest record number is named when several records match.
    return sorted([*found.values(), *people], key=lambda p: p.pk)


def import_check(text: str) -> ImportCheck:
    """Parse and check a whole CSV file against the register as it is now. Saves nothing."""
    parsed = parse_csv(text)
    return check_rows(parsed, reference=load_reference(), existing=existing_people_like(parsed))


# --- The template ------------------------------------------------------------------------------


def template_csv(reference: Reference | None = None) -> str:
    """The template: the column names and one made-up example person, as CSV text."""
    reference = reference or load_reference()
    locality = next(iter(sorted(loc.name for loc in reference.localities.values())), "")
    interests = sorted(i.name for i in reference.interests.values())[:2]
    example = {
        "full_name": "Alex Example",
        "preferred_name": "Alex",
        "pronouns": "they/them",
        "email": "alex.example@example.org",
        "phone": "07700 900982",
        "address": "1 Example Street, Exampletown",
        "postcode": "ME14 1XX",
        "date_of_birth": "27/03/1985",
        "locality": locality,
        "relationships": "Carer; Service user or patient",
        "interests": "; ".join(interests),
        "access_needs": "Large print; Interpreter",
        "access_needs_other": "",
        "interpreter_language": "Polish",
        "availability": "weekdays; online",
        "preferred_channels": "email; post",
        "newsletter": "yes",
        "date_joined": "2024-01-15",
        "status": "active",
        "staff_note": "Example row: delete it before you import",
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([example[c] for c in COLUMNS])
    return out.getvalue()
