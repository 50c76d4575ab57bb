"""Reading the file: bytes to text (`decode_csv_bytes`), text to rows (`parse_csv`). Pure functions."""

from __future__ import annotations

import csv
import io
import re

from cocreation.lib.spreadsheets import csv_cell_unquoted

from .columns import (
    COLUMN_LABELS,
    COLUMNS,
    EXPORT_HEADINGS,
    MAX_ROWS,
    RECORD_COLUMN,
    REQUIRED_COLUMNS,
    ImportFileError,
    ParsedCSV,
    Problem,
)


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


def _aliases() -> dict[str, str]:
    """Other headings for the columns: their plain-English labels, and the register export's."""
    aliases = {heading_key(label): key for key, label in COLUMN_LABELS.items()}
    aliases.update({heading_key(h): key for h, key in EXPORT_HEADINGS.items()})
    return aliases


def column_key(heading: str) -> str:
    """The column a heading names ("Email address" -> "email"), or its canonical form if none."""
    key = heading_key(heading)
    return key if key in COLUMNS else ALIASES.get(key, key)


ALIASES = _aliases()
# Every column read from a file: the template's, and the export's record number.
READ = (*COLUMNS, RECORD_COLUMN)


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
    keys = [column_key(h) for h in header]
    known = [k for k in keys if k in COLUMNS]
    if not known:
        raise ImportFileError(
            "The first row of the file must be the column names from the template, such as "
            "full_name and email. None of the names in this file's first row are ones we know"
        )
    # A column the import does not know (a spreadsheet's own "Notes", or the export's "Portal
    # login") is left out and listed on the preview, rather than refusing the whole file.
    ignored = [h.strip() for h, k in zip(header, keys, strict=True) if k and k not in READ]
    keys = [k if k in READ else "" for k in keys]
    ignored_positions = {
        i for i, (h, k) in enumerate(zip(header, keys, strict=True)) if h.strip() and not k
    }
    seen = set()
    for key in (k for k in keys if k):
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
                values[key] = csv_cell_unquoted(cell.strip())
            elif index in ignored_positions:
                continue
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
    return ParsedCSV(headings=headings, rows=rows, problems=problems, ignored=ignored)
