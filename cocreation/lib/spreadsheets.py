"""CSV cells that a spreadsheet opens as text, never runs as a formula (CSV injection)."""

import re

# A spreadsheet runs a cell that starts with one of these as a formula; a leading quote stops it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number ("-1.5", "+0.3", "-12%") cannot be a formula.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")


def csv_cell(value, *, keep_signed_numbers: bool = False) -> str:
    """A value as a CSV cell: a quote before text a spreadsheet would run as a formula.

    None is an empty cell and a number is written as it is. `keep_signed_numbers` leaves text
    such as "-1.5" or "+12%" unquoted too, so a report's figures stay numbers in the sheet;
    without it such text is quoted, so a phone number like "+447700900123" stays text.
    """
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    if keep_signed_numbers and PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell_unquoted(cell: str) -> str:
    """A cell read back from our own export: the quote that `csv_cell` added is taken off."""
    return cell[1:] if cell.startswith("'") and cell[1:2].startswith(FORMULA_STARTS) else cell
