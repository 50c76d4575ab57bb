"""Helpers for the register import tests: writing CSV files and uploading them as staff."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.imports.columns import COLUMNS

UPLOAD_URL = reverse("community:cocreator-import")
PREVIEW_URL = reverse("community:cocreator-import-preview")
CONFIRM_URL = reverse("community:cocreator-import-confirm")
TEMPLATE_URL = reverse("community:cocreator-import-template")


def csv_text(rows: list[dict], columns=None) -> str:
    """A CSV file's text with the given columns (default: every column) and rows."""
    columns = list(columns or COLUMNS)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


def csv_upload(content, name="register.csv", encoding="utf-8") -> SimpleUploadedFile:
    data = content.encode(encoding) if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def person(n: int = 1, **overrides) -> dict:
    """A made-up person who passes every check; `n` keeps their email, phone and name apart."""
    row = {
        "full_name": f"Person Number{n}",
        "email": f"person{n}@example.org",
        "phone": f"07700 9{n:05d}",
    }
    row.update(overrides)
    return row


@pytest.fixture
def upload(staff_client):
    """Post a file to the upload page as staff; returns the response (not followed)."""

    def _upload(content, **kwargs):
        return staff_client.post(UPLOAD_URL, {"file": csv_upload(content, **kwargs)})

    return _upload


@pytest.fixture
def confirm(staff_client, django_capture_on_commit_callbacks):
    """Confirm the waiting upload with the fingerprint the preview page shows.

    The worker's task runs as the request's transaction commits (Celery runs tasks in-process in
    tests), so with `follow=True` the page followed to is the import's progress page, finished.
    """

    def _confirm(sha256=None, follow=False, **kwargs):
        if sha256 is None:
            sha256 = staff_client.get(PREVIEW_URL).context["sha256"]
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(CONFIRM_URL, {"sha256": sha256}, **kwargs)
        if not follow or response.status_code != 302:
            return response
        followed = staff_client.get(response.url, follow=True)
        followed.redirect_chain = [(response.url, 302), *followed.redirect_chain]
        return followed

    return _confirm
