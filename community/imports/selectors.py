"""The reads an import makes: reference data, people who might be duplicates, the whole check, the
template. Saving is `community.services.cocreator_import`.
"""

from __future__ import annotations

import csv
import io

from django.db.models import Value
from django.db.models.functions import Lower, Replace

from cocreation.lib.batches import chunks

from ..models import CoCreator, Interest, Locality
from .cells import CellError, parse_date, phone_digits
from .checking import check_rows
from .columns import (
    COLUMNS,
    LOOKUP_CHUNK,
    RECORD_COLUMN,
    ExistingPerson,
    ImportCheck,
    ParsedCSV,
    Reference,
)
from .parsing import parse_csv


def load_reference() -> Reference:
    """Localities and interests, by lower-cased name (two queries)."""
    return Reference(
        localities={loc.name.lower(): loc for loc in Locality.objects.all()},
        interests={i.name.lower(): i for i in Interest.objects.all()},
    )


def existing_people_like(parsed: ParsedCSV) -> list[ExistingPerson]:
    """People in the register who might be the same as someone in the file.

    A few queries whatever the size of the file: emails, phone numbers and dates of birth are
    looked up in chunks of several hundred.
    """
    emails = sorted({v.get("email", "").lower() for _, v in parsed.rows} - {""})
    found: dict[int, ExistingPerson] = {}
    for chunk in chunks(emails, LOOKUP_CHUNK):
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
    for chunk in chunks(phones, LOOKUP_CHUNK):
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
    for chunk in chunks(sorted(dates), LOOKUP_CHUNK):
        for pk, full_name, born in CoCreator.objects.filter(date_of_birth__in=chunk).values_list(
            "pk", "full_name", "date_of_birth"
        ):
            people.append(ExistingPerson(pk=pk, full_name=full_name, date_of_birth=born))
    # The lowest record number is named when several records match.
    return sorted([*found.values(), *people], key=lambda p: p.pk)


def records_named(parsed: ParsedCSV) -> dict[int, str]:
    """The full names of the records the file's record numbers name (the register's export)."""
    numbers = set()
    for _, values in parsed.rows:
        text = values.get(RECORD_COLUMN, "").strip()
        # Plain digits that fit in a database integer: isdigit() would pass "²", which int() refuses.
        if text.isascii() and text.isdecimal() and len(text) <= 18:
            numbers.add(int(text))
    names: dict[int, str] = {}
    for chunk in chunks(sorted(numbers), LOOKUP_CHUNK):
        names.update(CoCreator.objects.filter(pk__in=chunk).values_list("pk", "full_name"))
    return names


def import_check(text: str, *, progress=None) -> ImportCheck:
    """Parse and check a whole CSV file against the register as it is now. Saves nothing.

    `progress(rows done, rows in the file)` hears how far the check has got (see `check_rows`).
    """
    parsed = parse_csv(text)
    return check_rows(
        parsed,
        reference=load_reference(),
        existing=existing_people_like(parsed),
        on_record=records_named(parsed),
        progress=progress,
    )


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
        "heard_from": "An event",
        "date_joined": "2024-01-15",
        "status": "active",
        "staff_note": "Example row: delete it before you import",
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([example[c] for c in COLUMNS])
    return out.getvalue()
