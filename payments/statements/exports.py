"""A statement as a CSV (every cell through `cocreation.lib.spreadsheets`) and as a PDF."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from ..pdf import pdf_render
from .selectors import Statement

CSV_HEADER = (
    "Section",
    "Session date",
    "Session",
    "Sent to finance or given",
    "Amount (£)",
    "Charity",
)


def statement_csv_rows(statement: Statement) -> Iterator[tuple]:
    """The header, each line by section, and each section's total (amounts as "12.50")."""
    yield CSV_HEADER
    for section in statement.sections:
        for line in section.lines:
            yield (
                section.title,
                line.session_date.isoformat(),
                line.session_title,
                line.dated.isoformat(),
                f"{line.amount:.2f}",
                line.charity,
            )
        yield (section.title, "", f"Total {section.title.lower()}", "", f"{section.total:.2f}", "")


def statement_filename(statement: Statement, extension: str) -> str:
    year = statement.tax_year
    return f"payment-statement-{year.start_year}-to-{year.start_year + 1}.{extension}"


def statement_pdf(statement: Statement) -> bytes:
    """The statement, plain and printable: who, which year, each section and its total."""
    return pdf_render(
        "payments/statements/pdf/statement.html",
        {
            "statement": statement,
            "organisation_name": getattr(settings, "ORGANISATION_NAME", ""),
            "made_on": timezone.localdate(),
        },
    )
