"""Staff pages for impact records (evidence, documents, publishing) and the public "You said, we did"."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cocreation.lib.links import absolute_url
from cocreation.lib.pagination import paginate
from community.permissions import staff_required

from .. import selectors
from ..documents import download_response
from ..forms.records import (
    EvidenceItemForm,
    ImpactDocumentForm,
    ImpactRecordFilterForm,
    ImpactRecordForm,
    YouSaidFilterForm,
)
from ..models import EvidenceItem, ImpactDocument
from ..permissions import get_impact_record_for_user
from ..services.records import (
    PublishRefused,
    evidence_item_delete,
    evidence_item_save,
    impact_document_add,
    impact_record_check,
    impact_record_publish,
    impact_record_save,
    publish_blocked_for,
)


def _posted(request, *, files=False) -> tuple:
    """The form's data on a POST (even an empty one, so it is checked), else nothing."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


def _errors_to_form(form, error: ValidationError):
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@staff_required
@require_http_methods(["GET"])
def record_list(request):
    form = ImpactRecordFilterForm(request.GET or None)
    filtered = any(request.GET.get(name) for name in form.fields)
    context = {"form": form, "filtered": filtered, "page_obj": None}
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        rows = selectors.impact_record_list(
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            service_area=data.get("service_area"),
        )
        context.update(paginate(request, rows))
    return render(request, "impact/record_list.html", context)


@staff_required
@require_http_methods(["GET"])
def record_detail(request, pk):
    record = get_impact_record_for_user(request.user, pk)
    record = selectors.impact_record_detail(record.pk)
    return render(
        request,
        "impact/record_detail.html",
        {
            "record": record,
            "publish_ready": _publish_problem(record) == "",
            "publish_blocked": publish_blocked_for(record=record, actor=request.user),
        },
    )


def _publish_problem(record) -> str:
    if not record.you_said.strip():
        return "you_said"
    if not (record.we_did.strip() or record.we_could_not.strip()):
        return "we_did"
    return ""


def _record_form(request, record):
    """Add a record (`record` None) or change one, through the service."""
    form = ImpactRecordForm(*_posted(request), instance=record)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        impact_record_save(
            record=saved,
            activities=form.cleaned_data["activities"],
            contributors=form.cleaned_data["contributors"],
            actor=request.user,
        )
        if record is None:
            messages.success(request, f"The impact record “{saved.title}” has been added.")
        else:
            messages.success(request, "Your changes have been saved.")
        return redirect("impact:record-detail", saved.pk)
    return render(request, "impact/record_form.html", {"form": form, "record": record})


@staff_required
@require_http_methods(["GET", "POST"])
def record_add(request):
    return _record_form(request, None)


@staff_required
@require_http_methods(["GET", "POST"])
def record_edit(request, pk):
    return _record_form(request, get_impact_record_for_user(request.user, pk))


@staff_required
@require_http_methods(["GET", "POST"])
def record_check(request, pk):
    record = get_impact_record_for_user(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            impact_record_check(record=record, actor=request.user)
        except PublishRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, "The record has been marked as checked.")
            return redirect("impact:record-detail", record.pk)
    return render(
        request,
        "impact/record_status.html",
        {
            "record": record,
            "action": "check",
            "error": error,
            "two_person": settings.IMPACT_TWO_PERSON_PUBLISH,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def record_publish(request, pk):
    record = get_impact_record_for_user(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            impact_record_publish(
                record=record,
                public_url=absolute_url(reverse("impact:you-said-we-did")),
                actor=request.user,
            )
        except PublishRefused as refusal:
            error = str(refusal)
        else:
            messages.success(
                request, "The record has been published on the “You said, we did” page."
            )
            return redirect("impact:record-detail", record.pk)
    blocked = publish_blocked_for(record=record, actor=request.user)
    return render(
        request,
        "impact/record_status.html",
        {
            "record": record,
            "action": "publish",
            "error": "" if blocked else error,
            "blocked": blocked,
        },
    )


# --- Evidence ---


def _evidence_form(request, record, item, *, adding: bool):
    """Add or change one evidence item; the service's check errors go back on the form."""
    form = EvidenceItemForm(*_posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_item_save(item=form.save(commit=False))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            if adding:
                messages.success(request, f"The evidence “{item.measure}” has been added.")
            else:
                messages.success(request, "Your changes to the evidence have been saved.")
            return redirect("impact:record-detail", record.pk)
    context = {"form": form, "record": record, "item": None if adding else item}
    return render(request, "impact/record_evidence_form.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def evidence_add(request, pk):
    record = get_impact_record_for_user(request.user, pk)
    return _evidence_form(request, record, EvidenceItem(record=record), adding=True)


def _evidence_for(request, pk, item_pk):
    record = get_impact_record_for_user(request.user, pk)
    return record, get_object_or_404(EvidenceItem, pk=item_pk, record=record)


@staff_required
@require_http_methods(["GET", "POST"])
def evidence_edit(request, pk, item_pk):
    record, item = _evidence_for(request, pk, item_pk)
    return _evidence_form(request, record, item, adding=False)


@staff_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk, item_pk):
    record, item = _evidence_for(request, pk, item_pk)
    if request.method == "POST":
        measure = item.measure
        evidence_item_delete(item=item)
        messages.success(request, f"The evidence “{measure}” has been removed.")
        return redirect("impact:record-detail", record.pk)
    return render(request, "impact/record_evidence_delete.html", {"record": record, "item": item})


# --- Documents ---


@staff_required
@require_http_methods(["GET", "POST"])
def document_add(request, pk):
    record = get_impact_record_for_user(request.user, pk)
    form = ImpactDocumentForm(*_posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        document = impact_document_add(
            record=record,
            uploaded_file=form.cleaned_data["file"],
            checked=form.checked,
            actor=request.user,
        )
        messages.success(request, f"“{document.display_name}” has been uploaded.")
        return redirect("impact:record-detail", record.pk)
    return render(request, "impact/record_document_form.html", {"form": form, "record": record})


@staff_required
@require_http_methods(["GET"])
def document_download(request, pk, document_pk):
    record = get_impact_record_for_user(request.user, pk)
    document = get_object_or_404(ImpactDocument, pk=document_pk, record=record)
    return download_response(
        document.file, display_name=document.display_name, content_type=document.content_type
    )


# --- Public: You said, we did ---


@require_http_methods(["GET"])
def you_said_we_did(request):
    form = YouSaidFilterForm(request.GET or None)
    filtered = any(request.GET.get(name) for name in form.fields)
    context = {"form": form, "filtered": filtered, "page_obj": None}
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        year = data.get("year")
        rows = selectors.you_said_we_did(
            service_area=data.get("service_area"),
            financial_year=int(year) if year else None,
        )
        context.update(paginate(request, rows))
    return render(request, "impact/yousaid_list.html", context)
