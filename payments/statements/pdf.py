"""Printable PDFs of payments' pages (statements, certificates, reference letters), made with
WeasyPrint as the governance packs are (`reporting/reports/exports.py`, which payments may not
import): tagged (PDF/UA-1), in English, and reading nothing from outside the template."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from cocreation.lib.email import site_context

PRINT_CSS = "payments/statements/pdf/print.css"


def _refuse_fetch(url, *args, **kwargs):
    # Everything the PDF needs is in the template; never let it reach the network or the disk.
    raise ValueError(f"A payments PDF does not load {url}")


def pdf_render(template: str, context: dict) -> bytes:
    """The template as a tagged PDF (PDF/UA-1) with the shared print styles."""
    # Not a cycle: WeasyPrint loads Pango through cffi (about half a second), so only a request
    # that makes a PDF pays for it, not every process at start-up (as reporting's packs do).
    import weasyprint

    # The site's names (and contact address), as a page's templates see them.
    html = render_to_string(template, {"site": site_context(), **context})
    css = render_to_string(PRINT_CSS)
    document = weasyprint.HTML(string=html, base_url=".", url_fetcher=_refuse_fetch)
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(string=css, url_fetcher=_refuse_fetch)],
        pdf_variant="pdf/ua-1",
    )


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF download, never kept by a shared cache (it is about one person)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
