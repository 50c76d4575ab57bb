"""Importing the register from a spreadsheet: template, upload, preview, confirm, progress. Staff only.

The uploaded text waits in the session between the preview and the confirmation, with its
SHA-256. The confirmation form posts that fingerprint back, so a tab left open on an older
preview cannot import a different file. Confirming hands the file to the worker
(`services.cocreator_import_run`), which checks it again, because the register may have changed
in the meantime, and adds the people; the progress page shows how far it has got.
"""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_GET, require_POST

from ..models import AccessNeed, CoCreatorStatus, HeardFrom, Relationship
from ..permissions import get_import_job_for_user, staff_required
from .columns import COLUMN_LABELS, MAX_ROWS, ImportFileError
from .forms import CoCreatorImportConfirmForm, CoCreatorImportUploadForm, csv_fingerprint
from .selectors import import_check, load_reference, template_csv
from .services import cocreator_import_queue

SESSION_KEY = "cocreator_import"
TEMPLATE_FILENAME = "co-creator-register-template.csv"
# The progress page reloads itself this often while the worker is busy (no JavaScript needed),
# and says the worker may have stopped when nothing has moved for this long.
REFRESH_SECONDS = 3
STALLED_AFTER = timedelta(minutes=10)


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


@staff_required
def cocreator_import_template(request):
    """The template as a CSV download: the column names and one made-up example row."""
    # The byte order mark tells Excel the file is UTF-8, so accented names survive.
    body = ("\ufeff" + template_csv()).encode("utf-8")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


@staff_required
def cocreator_import(request):
    """Choose a CSV file; a readable one is kept in the session and checked on the preview."""
    if request.method == "POST":
        # A new upload replaces whatever was waiting, even if this one cannot be read.
        request.session.pop(SESSION_KEY, None)
        form = CoCreatorImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            request.session[SESSION_KEY] = {
                "text": form.text,
                "sha256": csv_fingerprint(form.text),
                "filename": form.cleaned_data["file"].name[:200],
            }
            return redirect("community:cocreator-import-preview")
    else:
        form = CoCreatorImportUploadForm()
    reference = load_reference()
    return render(
        request,
        "community/cocreator_import.html",
        {
            "form": form,
            "max_rows": MAX_ROWS,
            "localities": sorted(loc.name for loc in reference.localities.values()),
            "interests": sorted(i.name for i in reference.interests.values()),
            "relationships": Relationship.labels,
            "access_needs": AccessNeed.labels,
            "statuses": CoCreatorStatus.labels,
            "heard_from": HeardFrom.labels,
        },
    )


def _waiting_upload(request):
    """The upload waiting in the session, or None."""
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict) or not stored.get("text"):
        return None
    return stored


@staff_required
def cocreator_import_preview(request):
    """Every problem in the file, or the first rows and a button to import them all."""
    stored = _waiting_upload(request)
    if stored is None:
        messages.info(request, "Choose a CSV file to import first.")
        return redirect("community:cocreator-import")
    try:
        check = import_check(stored["text"])
    except ImportFileError as error:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, f"{error}.")
        return redirect("community:cocreator-import")
    return render(
        request,
        "community/cocreator_import_preview.html",
        {
            "check": check,
            "filename": stored.get("filename", ""),
            "sha256": csv_fingerprint(stored["text"]),
            "people": _people(check.total),
            "rows_with_problems": check.rows_with_problems,
            "missing_columns": [COLUMN_LABELS[c] for c in check.columns_missing],
            "problem_rows": sorted({p.row for p in check.problems}),
            "skipped": _people(len(check.skipped)),
        },
    )


@staff_required
@require_POST
def cocreator_import_confirm(request):
    """Hand the file the preview showed to the worker, and go to its progress page."""
    stored = _waiting_upload(request)
    if stored is None:
        messages.error(
            request,
            "Nothing has been imported: there is no file waiting to import (it may have been "
            "imported already, or you signed out). Choose the file again.",
        )
        return redirect("community:cocreator-import")
    form = CoCreatorImportConfirmForm(request.POST)
    if not form.is_valid() or not constant_time_compare(
        form.cleaned_data["sha256"], csv_fingerprint(stored["text"])
    ):
        messages.error(
            request,
            "Nothing has been imported: the page you confirmed on was for a different file from "
            "the one now waiting. Check the file below and confirm again.",
        )
        return redirect("community:cocreator-import-preview")
    # Checked again and added by the worker, which may take a while for a large file: the page
    # it goes to shows how far it has got.
    job = cocreator_import_queue(
        actor=request.user,
        text=stored["text"],
        sha256=stored["sha256"],
        filename=stored.get("filename", ""),
    )
    request.session.pop(SESSION_KEY, None)
    return redirect("community:cocreator-import-progress", pk=job.pk)


@staff_required
@require_GET
def cocreator_import_progress(request, pk):
    """How far an import has got, and what came of it; updates itself until it has finished."""
    job = get_import_job_for_user(request.user, pk)
    stalled = not job.finished and job.updated_at < timezone.now() - STALLED_AFTER
    return render(
        request,
        "community/cocreator_import_progress.html",
        {
            "job": job,
            "refresh": not job.finished,
            "refresh_seconds": REFRESH_SECONDS,
            "stalled": stalled,
            "people": _people(job.people_added),
            "skipped": _people(job.people_skipped),
        },
    )
