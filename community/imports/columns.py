"""The spreadsheet's columns, its limits and ways of writing things, and the shapes of a check's results."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..models import Interest, Locality, NewsletterChoice

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
    "heard_from",
    "date_joined",
    "status",
    "staff_note",
)
REQUIRED_COLUMNS = ("full_name",)

# The register's own export has a record number for each person: a row whose number and full
# name are a person's already in the register is that person, and is skipped, not imported
# again. It is not a column of the template: a new person has no number yet.
RECORD_COLUMN = "record_number"

# The headings of the register's own export (`community.selectors.cocreator_export_rows`) that
# differ from the template's column names, so an export can be imported as it is.
EXPORT_HEADINGS = {
    "Record number": RECORD_COLUMN,
    "Email address": "email",
    "Phone number": "phone",
    "Postal address": "address",
    "Area": "locality",
    "Language for an interpreter": "interpreter_language",
    "Other access needs": "access_needs_other",
    "Preferred contact": "preferred_channels",
    "How they heard about us": "heard_from",
}

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
    "heard_from": "How they heard about us",
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

# The words a cell may use for a choice: each of the staff form's own choices (value or label,
# any case), and a few more that people write in spreadsheets.
AVAILABILITY_WORDS = {"weekday": "weekdays", "evening": "evenings", "weekend": "weekends"}
AVAILABILITY_HELP = "weekdays; evenings; weekends; online; in person"
CHANNELS_WORDS = {"text": "sms", "text message": "sms", "letter": "post"}
CHANNELS_HELP = "email; sms; post; phone"
# The register's export writes the choice's label, which has changed over time: each is taken.
YES = {
    "yes",
    "y",
    "true",
    "1",
    NewsletterChoice.YES.label.lower(),
    "yes, send me the newsletter",
    "gets the newsletter",
}
NO = {"no", "n", "false", "0", NewsletterChoice.NO.label.lower(), "does not get the newsletter"}
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
    # Headings of columns the import does not know, as typed: their cells are left out.
    ignored: list[str] = field(default_factory=list)


@dataclass
class ImportCheck:
    """The result of checking a whole file: the people ready to import, or the problems."""

    rows: list[ImportRow]
    problems: list[Problem]
    headings: dict[str, str]
    # Headings of columns left out, and the spreadsheet rows of people already in the register.
    ignored: list[str] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)

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

    @property
    def nothing_new(self) -> bool:
        """Every row is someone already in the register: there is nobody to import."""
        return not self.rows


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
