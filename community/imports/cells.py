"""Reading one cell: dates, phone numbers, and lists of choices named in any case. Pure functions."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError

from ..forms.register import normalise_uk_phone
from ..models import AccessNeed, CoCreatorStatus, HeardFrom, Relationship
from .columns import AVAILABILITY_WORDS, CHANNELS_WORDS, DATE_HELP, DATE_ISO, DATE_UK
from .forms import CoCreatorImportForm


class CellError(Exception):
    """A cell's value is wrong; the message says how to put it right."""


def date_parts(value: str, label: str) -> tuple[str, str, str] | None:
    """The day, month and year of a date written DD/MM/YYYY or YYYY-MM-DD; None when blank.

    Only the way of writing it is checked here; whether it is a real date is the date field's.
    """
    if not value:
        return None
    match = DATE_UK.match(value)
    if match:
        day, month, year = match.groups()
        return day, month, year
    match = DATE_ISO.match(value)
    if not match:
        raise CellError(f"{label} must be written as {DATE_HELP}")
    year, month, day = match.groups()
    return day, month, year


def parse_date(value: str, label: str) -> datetime.date | None:
    """A date written DD/MM/YYYY or YYYY-MM-DD; None when blank."""
    parts = date_parts(value, label)
    if parts is None:
        return None
    day, month, year = (int(part) for part in parts)
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
        if not value:
            continue
        words[value.lower()] = value
        words[str(label).lower()] = value
        words[value.replace("_", " ").lower()] = value
    return words


# The staff form's own lists of choices, so a choice added there can be imported too.
_FORM_FIELDS = CoCreatorImportForm.base_fields
RELATIONSHIPS = _choices_by_word(_FORM_FIELDS["relationships"].choices)
ACCESS_NEEDS = _choices_by_word(_FORM_FIELDS["access_needs"].choices)
AVAILABILITY = {**_choices_by_word(_FORM_FIELDS["availability"].choices), **AVAILABILITY_WORDS}
CHANNELS = {**_choices_by_word(_FORM_FIELDS["channels"].choices), **CHANNELS_WORDS}
STATUSES = _choices_by_word(CoCreatorStatus.choices)
HEARD_FROM = _choices_by_word(HeardFrom.choices)
HEARD_FROM_HELP = "; ".join(str(label) for label in HeardFrom.labels)
RELATIONSHIPS_HELP = "; ".join(str(label) for label in Relationship.labels)
ACCESS_NEEDS_HELP = "; ".join(str(label) for label in AccessNeed.labels)


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
