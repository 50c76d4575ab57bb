"""Checking every row with the staff form's rules, and for duplicates in the file and the register.

Pure functions: the people already in the register and the reference data are passed in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import CoCreatorStatus, NewsletterChoice, Relationship
from .cells import (
    ACCESS_NEEDS,
    ACCESS_NEEDS_HELP,
    AVAILABILITY,
    CHANNELS,
    HEARD_FROM,
    HEARD_FROM_HELP,
    RELATIONSHIPS,
    RELATIONSHIPS_HELP,
    STATUSES,
    CellError,
    date_parts,
    match_names,
    phone_digits,
)
from .columns import (
    AVAILABILITY_HELP,
    CHANNELS_HELP,
    COLUMN_LABELS,
    DATE_HELP,
    NO,
    RECORD_COLUMN,
    TEXT_COLUMNS,
    YES,
    ExistingPerson,
    ImportCheck,
    ImportRow,
    ParsedCSV,
    Problem,
    Reference,
)
from .forms import CoCreatorImportForm


def _name_key(full_name: str, date_of_birth) -> tuple[str, datetime.date] | None:
    if not full_name or not date_of_birth:
        return None
    return (" ".join(full_name.lower().split()), date_of_birth)


# How often a long check says how far it has got (the import's progress page shows it).
PROGRESS_EVERY = 250

# Where the staff form's fields are in the spreadsheet, when the column has another name.
FORM_COLUMNS = {"channels": "preferred_channels"}

# The staff form's messages that the import words its own way, by (column, code): a spreadsheet
# has no ticked boxes to point at, so the message names the column that asked for the detail.
IMPORT_MESSAGES = {
    ("interpreter_language", "needed_for_interpreter"): (
        "Enter the language the person needs an interpreter for, because access_needs "
        "includes Interpreter"
    ),
    ("access_needs_other", "needed_for_other"): (
        "Describe the other access need, because access_needs includes Other"
    ),
}


def import_message(key: str, error: ValidationError) -> str:
    """The words for one of the staff form's errors about column `key`, said for a spreadsheet."""
    if (key, error.code) in IMPORT_MESSAGES:
        return IMPORT_MESSAGES[key, error.code]
    label = COLUMN_LABELS.get(key, key)
    if error.code == "max_length":
        return f"{label} must be {error.params['limit_value']:,} characters or fewer"
    if error.code == "not_real":
        return f"{label} must be a real date, written as {DATE_HELP}"
    return error.messages[0]


def _check_row(
    number: int,
    values: Mapping[str, str],
    reference: Reference,
    form: CoCreatorImportForm,
    problems: list[Problem],
    column: Mapping[str, str],
) -> ImportRow:
    """One row, checked by the staff form for a person (`CoCreatorImportForm`).

    The cells are first turned into what the form would be sent: dates into day, month and year;
    names of choices (in any case, value or label) into the form's values. Only problems with
    that turning are found here; every rule about the answers is the form's.
    """
    problems_before = len(problems)

    def problem(key: str, message: str) -> None:
        problems.append(Problem(number, column.get(key, key), message))

    def cell(key: str) -> str:
        return values.get(key, "")

    data: dict = {key: cell(key) for key in ("full_name", *TEXT_COLUMNS, "email", "phone")}
    data["postcode"] = cell("postcode")
    for key in ("date_of_birth", "date_joined"):
        try:
            parts = date_parts(cell(key), COLUMN_LABELS[key]) or ("", "", "")
        except CellError as error:
            problem(key, str(error))
            parts = ("", "", "")
        for part, text in zip(("day", "month", "year"), parts, strict=True):
            data[f"{key}_{part}"] = text

    locality_name = " ".join(cell("locality").split())
    data["locality"] = ""
    if locality_name:
        locality = reference.localities.get(locality_name.lower())
        if locality is None:
            names = "; ".join(sorted(loc.name for loc in reference.localities.values()))
            problem(
                "locality", f"'{locality_name}' is not one of our localities. Use one of: {names}"
            )
        else:
            data["locality"] = str(locality.pk)

    for key, form_field, words, what, allowed in (
        (
            "relationships",
            "relationships",
            RELATIONSHIPS,
            "relationship",
            RELATIONSHIPS_HELP,
        ),
        (
            "access_needs",
            "access_needs",
            ACCESS_NEEDS,
            "access need",
            ACCESS_NEEDS_HELP,
        ),
        (
            "interests",
            "interests",
            {name: str(i.pk) for name, i in reference.interests.items()},
            "interest",
            "; ".join(sorted(i.name for i in reference.interests.values())),
        ),
        ("availability", "availability", AVAILABILITY, "availability choice", AVAILABILITY_HELP),
        ("preferred_channels", "channels", CHANNELS, "channel", CHANNELS_HELP),
    ):
        try:
            data[form_field] = match_names(cell(key), words, what=what, allowed=allowed)
        except CellError as error:
            problem(key, str(error))
            data[form_field] = []

    newsletter = cell("newsletter").lower()
    data["newsletter"] = NewsletterChoice.NO
    if newsletter in YES:
        data["newsletter"] = NewsletterChoice.YES
    elif newsletter and newsletter not in NO:
        problem("newsletter", "Newsletter must be yes or no")

    heard_from = " ".join(cell("heard_from").split()).lower()
    data["heard_from"] = HEARD_FROM.get(heard_from, "")
    if heard_from and heard_from not in HEARD_FROM and heard_from != "not known":
        problem(
            "heard_from",
            f"'{cell('heard_from')}' is not one of the ways we know. Use one of: {HEARD_FROM_HELP}",
        )

    status = cell("status").lower()
    data["status"] = STATUSES.get(status, CoCreatorStatus.ACTIVE)
    if status and status not in STATUSES:
        problem(
            "status",
            f"'{cell('status')}' is not a status we know. Use one of: "
            + "; ".join(str(label).lower() for label in CoCreatorStatus.labels),
        )

    valid = form.check(data)
    if not valid:
        for name, errors in form.errors.as_data().items():
            key = FORM_COLUMNS.get(name, name)
            for error in errors:
                problem(key, import_message(key, error))

    cleaned = form.cleaned_data
    if valid and len(problems) == problems_before:
        fields = form.record_fields()
        locality = fields.pop("locality")
        fields["locality_id"] = locality.pk if locality else None
    else:
        # Enough of a row with problems to look for duplicates of it too.
        fields = {
            "full_name": cleaned.get("full_name", ""),
            "email": cleaned.get("email", ""),
            "phone": cleaned.get("phone", ""),
            "date_of_birth": cleaned.get("date_of_birth"),
            "status": data["status"],
        }
    row = ImportRow(
        row=number,
        fields=fields,
        relationships=tuple(cleaned.get("relationships") or ()),
        access_needs=tuple(cleaned.get("access_needs") or ()),
        interest_ids=tuple(i.pk for i in cleaned.get("interests") or ()),
    )
    row.display = {
        "relationships": [Relationship(k).label for k in row.relationships],
        "interests": [i.name for i in cleaned.get("interests") or ()],
        "status": CoCreatorStatus(fields["status"]).label,
    }
    if fields.get("locality_id"):
        row.display["locality"] = cleaned["locality"].name
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


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def already_in_register(
    parsed: ParsedCSV, on_record: Mapping[int, str]
) -> tuple[list[tuple[int, dict]], list[int]]:
    """The rows to check, and the rows of people already in the register (from its own export).

    A row is someone already in the register when its record number is a record's and its full
    name is that record's too: a number alone could be another system's. Anything else is
    checked as a new person (and a duplicate of a record is still found and named).
    """
    rows, skipped = [], []
    for number, values in parsed.rows:
        try:
            pk = int(values.get(RECORD_COLUMN, "").strip())
        except ValueError:
            pk = None
        name = on_record.get(pk) if pk is not None else None
        if name is not None and _same_name(name, values.get("full_name", "")):
            skipped.append(number)
        else:
            rows.append((number, values))
    return rows, skipped


def check_rows(
    parsed: ParsedCSV,
    *,
    reference: Reference,
    existing: Iterable[ExistingPerson] = (),
    on_record: Mapping[int, str] | None = None,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportCheck:
    """Check every row with the staff form's rules and for duplicates; nothing is saved.

    `on_record` gives the full names of the records the file's record numbers name, so people
    already in the register (an export imported again) are skipped rather than added twice.
    `progress(rows done, rows in the file)` is called every PROGRESS_EVERY rows and at the end.
    """
    form = CoCreatorImportForm(
        {},
        localities={str(loc.pk): loc for loc in reference.localities.values()},
        interests={str(i.pk): i for i in reference.interests.values()},
        today=today or timezone.localdate(),
    )
    to_check, skipped = already_in_register(parsed, on_record or {})
    skipped_rows = set(skipped)
    problems = [p for p in parsed.problems if p.row not in skipped_rows]
    total = len(parsed.rows)
    rows = []
    for done, (number, values) in enumerate(to_check, start=1):
        rows.append(_check_row(number, values, reference, form, problems, parsed.headings))
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(len(skipped) + done, total)
    if progress is not None:
        progress(total, total)
    _duplicates(rows, existing, problems, parsed.headings)
    order = {heading: i for i, heading in enumerate(parsed.headings.values())}
    problems.sort(key=lambda p: (p.row, order.get(p.column, len(order))))
    return ImportCheck(
        rows=rows,
        problems=problems,
        headings=parsed.headings,
        ignored=parsed.ignored,
        skipped=skipped,
    )
