"""PDFs made from HTML with WeasyPrint: tagged for screen readers (PDF/UA-1), reading nothing from
outside the page (no network, no disk), and served as a download no shared cache keeps."""

from __future__ import annotations

from django.http import HttpResponse


def _refuse_fetch(url, *args, **kwargs):
    # Everything the PDF needs is in its HTML and CSS; never let it reach the network or the disk.
    raise ValueError(f"A PDF made here does not load {url}")


def html_to_pdf(html: str, css: str) -> bytes:
    """The HTML, styled by the CSS, as a tagged PDF (PDF/UA-1)."""
    # Not a cycle: WeasyPrint loads Pango through cffi (about half a second, and the native
    # libraries must be present), so only a request or task that makes a PDF pays for it, not
    # every web and worker process at start-up.
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=".", url_fetcher=_refuse_fetch)
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(string=css, url_fetcher=_refuse_fetch)],
        pdf_variant="pdf/ua-1",
    )


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF download, never kept by a shared cache."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
