"""The staff's "Have your say" pages (`/staff/have-your-say/`): the list, adding and changing a
consultation, its page, its questions and documents, publishing, closing early and telling its
audience; and the documents' download (`/have-your-say/<id>/documents/<id>/`) for whoever reaches
the consultation. Staff pages are refused by role to anyone else (403); every consultation is
reached through `consultations.permissions.get_consultation_for_user`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreation.lib.forms import add_service_errors, posted
from community.permissions import staff_required
from impact.documents import download_response
from reporting.newsletters.readability import AIM, flesch_reading_ease

from ..models import Consultation, ConsultationDocument, ConsultationStatus, Question
from ..permissions import SignInNeeded, get_consultation_for_user
from ..services import consultation_save
from .forms import ConfirmForm, ConsultationForm, DocumentForm, QuestionForm
from .selectors import (
    STATE_LABELS,
    consultation_counts,
    has_answers,
    has_taken_part,
    invite_summary,
    publish_problems,
    staff_list,
    state_of,
    url_or_none,
)
from .services import (
    ENDED,
    LOCKED,
    close_problem,
    consultation_close,
    consultation_document_add,
    consultation_document_remove,
    consultation_invite,
    consultation_publish,
    question_delete,
    question_move,
    question_save,
)

DETAIL = "consultations:staff-detail"
QUESTIONS = "consultations:staff-questions"


def _consultation(request, pk) -> Consultation:
    return get_consultation_for_user(request.user, pk)


# --- The list, adding and changing ----------------------------------------------------------------


@staff_required
@require_GET
def consultation_list(request):
    return render(
        request,
        "consultations/staff/consultation_list.html",
        {**staff_list(), "moderation_url": url_or_none("staff-moderation")},
    )


def _form_page(request, consultation: Consultation | None):
    ended = consultation is not None and consultation.has_ended()
    level_locked = consultation is not None and has_taken_part(consultation)
    form = ConsultationForm(
        posted(request),
        instance=consultation,
        user=request.user,
        level_locked=level_locked,
    )
    if request.method == "POST" and not ended and form.is_valid():
        try:
            saved = consultation_save(consultation=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if consultation is None:
                messages.success(
                    request, f"“{saved.title}” has been saved as a draft. Now add its questions."
                )
            else:
                messages.success(request, f"Your changes to “{saved.title}” have been saved.")
            return redirect(DETAIL, pk=saved.pk)
    summary = form["summary"].value() if form.is_bound else getattr(consultation, "summary", "")
    return render(
        request,
        "consultations/staff/consultation_form.html",
        {
            "form": form,
            "consultation": consultation,
            "ended": ended,
            "ended_text": ENDED,
            "outcome_url": url_or_none("staff-outcome", consultation.pk) if consultation else None,
            "readability": flesch_reading_ease(summary or ""),
            "aim": AIM,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def consultation_add(request):
    return _form_page(request, None)


@staff_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request, pk):
    return _form_page(request, _consultation(request, pk))


# --- One consultation -------------------------------------------------------------------------------


@staff_required
@require_GET
def consultation_detail(request, pk):
    consultation = consultation_counts(_consultation(request, pk))
    state = state_of(consultation)
    links = {
        name.replace("-", "_"): url_or_none(name, consultation.pk)
        for name in (
            "detail",
            "staff-assist",
            "staff-results",
            "staff-outcome",
            "staff-export-csv",
            "staff-summary-pdf",
        )
    }
    links["staff_moderation"] = url_or_none("staff-moderation")
    return render(
        request,
        "consultations/staff/consultation_detail.html",
        {
            "consultation": consultation,
            "state": state,
            "state_label": STATE_LABELS[state],
            "questions": list(consultation.questions.all()),
            "documents": list(consultation.documents.all()),
            "problems": publish_problems(consultation) if state == "draft" else [],
            "links": links,
            "readability": flesch_reading_ease(consultation.summary),
            "aim": AIM,
        },
    )


# --- Questions ------------------------------------------------------------------------------------


def _questions_locked(consultation: Consultation) -> str:
    if consultation.has_ended():
        return ENDED
    if has_answers(consultation):
        return LOCKED
    return ""


@staff_required
@require_http_methods(["GET", "POST"])
def questions(request, pk):
    consultation = _consultation(request, pk)
    locked = _questions_locked(consultation)
    form = QuestionForm(posted(request), instance=Question(consultation=consultation))
    if request.method == "POST" and not locked and form.is_valid():
        try:
            question_save(question=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question has been added.")
            return redirect(QUESTIONS, pk=consultation.pk)
    return render(
        request,
        "consultations/staff/questions.html",
        {
            "consultation": consultation,
            "questions": list(consultation.questions.all()),
            "form": form,
            "locked": locked,
        },
    )


def _question(consultation: Consultation, question_pk) -> Question:
    return get_object_or_404(Question, pk=question_pk, consultation=consultation)


@staff_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk, question_pk):
    consultation = _consultation(request, pk)
    question = _question(consultation, question_pk)
    locked = _questions_locked(consultation)
    form = QuestionForm(posted(request), instance=question)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            question_save(question=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question has been changed.")
            return redirect(QUESTIONS, pk=consultation.pk)
    return render(
        request,
        "consultations/staff/question_form.html",
        {"consultation": consultation, "question": question, "form": form, "locked": locked},
    )


@staff_required
@require_POST
def question_remove(request, pk, question_pk):
    consultation = _consultation(request, pk)
    question = _question(consultation, question_pk)
    try:
        question_delete(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The question “{question.text}” has been removed.")
    return redirect(QUESTIONS, pk=consultation.pk)


@staff_required
@require_POST
def question_reorder(request, pk, question_pk):
    consultation = _consultation(request, pk)
    question = _question(consultation, question_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    try:
        question_move(question=question, up=direction == "up", actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The question “{question.text}” has moved {direction}.")
    return redirect(QUESTIONS, pk=consultation.pk)


# --- Documents ------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def documents(request, pk):
    consultation = _consultation(request, pk)
    ended = consultation.has_ended()
    form = DocumentForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and not ended and form.is_valid():
        try:
            document = consultation_document_add(
                consultation=consultation,
                uploaded_file=form.cleaned_data["file"],
                checked=form.checked,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{document.display_name}” has been uploaded.")
            return redirect("consultations:staff-documents", pk=consultation.pk)
    return render(
        request,
        "consultations/staff/documents.html",
        {
            "consultation": consultation,
            "documents": list(consultation.documents.all()),
            "form": form,
            "ended": ended,
            "ended_text": ENDED,
        },
    )


@staff_required
@require_POST
def document_remove(request, pk, doc_pk):
    consultation = _consultation(request, pk)
    document = get_object_or_404(ConsultationDocument, pk=doc_pk, consultation=consultation)
    try:
        consultation_document_remove(document=document, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{document.display_name}” has been removed.")
    return redirect("consultations:staff-documents", pk=consultation.pk)


@require_GET
def document_download(request, pk, doc_pk):
    """A consultation's document, for anyone who may see the consultation (as an attachment)."""
    try:
        consultation = get_consultation_for_user(request.user, pk)
    except SignInNeeded:
        return redirect_to_login(request.get_full_path())
    document = get_object_or_404(ConsultationDocument, pk=doc_pk, consultation=consultation)
    return download_response(
        document.file, display_name=document.display_name, content_type=document.content_type
    )


# --- Publishing, closing and telling people -----------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def publish(request, pk):
    consultation = _consultation(request, pk)
    form = ConfirmForm(posted(request))
    is_draft = consultation.status == ConsultationStatus.DRAFT
    if request.method == "POST" and is_draft and form.is_valid():
        try:
            consultation_publish(consultation=consultation, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"“{consultation.title}” is published. Now tell the people it is for."
            )
            return redirect(DETAIL, pk=consultation.pk)
    return render(
        request,
        "consultations/staff/publish.html",
        {
            "consultation": consultation,
            "form": form,
            "is_draft": is_draft,
            "problems": publish_problems(consultation) if is_draft else [],
            "question_count": consultation.questions.count(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def close(request, pk):
    consultation = _consultation(request, pk)
    form = ConfirmForm(posted(request))
    problem = close_problem(consultation)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            consultation_close(consultation=consultation, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"“{consultation.title}” has closed. Nobody can take part now."
            )
            return redirect(DETAIL, pk=consultation.pk)
    return render(
        request,
        "consultations/staff/close.html",
        {"consultation": consultation, "form": form, "problem": problem},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    consultation = _consultation(request, pk)
    form = ConfirmForm(posted(request))
    can_invite = (
        consultation.status == ConsultationStatus.PUBLISHED and not consultation.has_ended()
    )
    if request.method == "POST" and can_invite and form.is_valid():
        try:
            told = consultation_invite(consultation=consultation, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if told:
                messages.success(
                    request,
                    f"{told} {'person is' if told == 1 else 'people are'} being told about "
                    f"“{consultation.title}”.",
                )
            else:
                messages.success(
                    request,
                    "Everyone who can be reached has already been told. Nobody was told twice.",
                )
            return redirect(DETAIL, pk=consultation.pk)
    return render(
        request,
        "consultations/staff/invite.html",
        {
            "consultation": consultation,
            "form": form,
            "can_invite": can_invite,
            "summary": invite_summary(consultation),
        },
    )
