"""Importing the register from a spreadsheet: template, upload, preview, confirm. Staff only.

The uploaded text waits in the session between the preview and the confirmation, with its
SHA-256. The confirmation form posts that fingerprint back, so a tab left open on an older
preview cannot import a different file; and the file is checked again on confirmation, because
the register may have changed in the meantime.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_POST

from ..models import AccessNeed, CoCreatorStatus, HeardFrom, Relationship
from ..permissions import staff_required
from ..services import cocreator_import as cocreator_import_save
from .columns import COLUMN_LABELS, MAX_ROWS, ImportFileError
from .forms import CoCreatorImportConfirmForm, CoCreatorImportUploadForm, csv_fingerprint
from .selectors import import_check, load_reference, template_csv

SESSION_KEY = "cocreator_import"
TEMPLATE_FILENAME = "co-creator-register-template.csv"


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
    """Import every row of the file the preview showed, or nothing at all."""
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
    try:
        check = import_check(stored["text"])
    except ImportFileError:
        check = None
    if check is None or not check.ok:
        messages.error(
            request,
            "Nothing has been imported: the register has changed since you checked the file, "
            "and some rows now have problems.",
        )
        return redirect("community:cocreator-import-preview")
    if check.nothing_new:
        request.session.pop(SESSION_KEY, None)
        messages.info(
            request, "Nothing has been imported: everyone in the file is already in the register."
        )
        return redirect("community:cocreator-list")
    count = cocreator_import_save(actor=request.user, rows=check.rows)
    request.session.pop(SESSION_KEY, None)
    message = f"{_people(count)} imported"
    if check.skipped:
        skipped = len(check.skipped)
        message += (
            f". {_people(skipped)} already in the register "
            f"{'was' if skipped == 1 else 'were'} left as they were"
        )
    messages.success(request, message)
    return redirect("community:cocreator-list")
