"""Printable PDFs of payments' pages (statements, certificates, reference letters): a template
rendered with the site's names and the shared print styles, through `cocreation.lib.pdf`."""

from __future__ import annotations

from django.template.loader import render_to_string

from cocreation.lib.email import site_context
from cocreation.lib.pdf import html_to_pdf

PRINT_CSS = "payments/statements/pdf/print.css"


def pdf_render(template: str, context: dict) -> bytes:
    """The template as a tagged PDF (PDF/UA-1) with the shared print styles."""
    # The site's names (and contact address), as a page's templates see them.
    html = render_to_string(template, {"site": site_context(), **context})
    return html_to_pdf(html, render_to_string(PRINT_CSS))
