"""CSV cells that a spreadsheet opens as text, never runs as a formula (CSV injection), and the one
way every CSV export is sent: streamed, a row at a time.
"""

import csv
import re
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

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


# Rows after the first are sent in pieces of about this many characters: one write per row would
# be one network write (and one HTTP chunk) per person.
STREAM_PIECE_CHARS = 64 * 1024


class _Echo:
    """A file whose write returns what it is given, so csv.writer makes lines for a stream."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Sequence], *, keep_signed_numbers: bool = False) -> Iterator[str]:
    """Each row as one line of CSV text, every cell through `csv_cell`."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([csv_cell(c, keep_signed_numbers=keep_signed_numbers) for c in row])


def _pieces(lines: Iterator[str], first_prefix: str) -> Iterator[str]:
    """The first line at once (the browser starts the download), then the rest in pieces."""
    first = next(lines, None)
    if first is None:
        if first_prefix:
            yield first_prefix
        return
    yield first_prefix + first
    piece: list[str] = []
    size = 0
    for line in lines:
        piece.append(line)
        size += len(line)
        if size >= STREAM_PIECE_CHARS:
            yield "".join(piece)
            piece, size = [], 0
    if piece:
        yield "".join(piece)


def csv_response(
    rows: Iterable[Sequence],
    *,
    filename: str,
    byte_order_mark: bool = False,
    keep_signed_numbers: bool = False,
) -> StreamingHttpResponse:
    """A CSV download streamed as `rows` are made: the way every export is sent.

    `rows` should be a generator that yields its header before it reads the database, so the
    header row leaves at once and the browser shows the download going from the first byte;
    the rest are read as they are sent, so memory stays flat however many rows there are.
    `byte_order_mark` tells Excel the file is UTF-8 (for files people open themselves).
    """
    lines = csv_lines(rows, keep_signed_numbers=keep_signed_numbers)
    response = StreamingHttpResponse(
        _pieces(lines, "\ufeff" if byte_order_mark else ""),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
