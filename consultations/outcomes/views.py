"""Staff pages for a consultation's results and its "We asked, you said, we did", and its
exports. Every page is for staff only (403 for anyone else signed in, sign in for a visitor);
the consultation is reached through `get_consultation_for_user` (404 for one that is not there).
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreation.lib.disclosure import EXACT
from cocreation.lib.forms import posted
from cocreation.lib.links import absolute_url
from cocreation.lib.pdf import pdf_response
from cocreation.lib.spreadsheets import csv_response
from community.permissions import staff_required

from ..models import Outcome
from ..permissions import get_consultation_for_user
from . import exports
from .forms import OutcomeForm, PublishForm
from .selectors import results_for, results_shown, we_asked_draft, you_said_draft
from .services import (
    CHANGED_SINCE,
    PublishRefused,
    check_blocked_for,
    outcome_check,
    outcome_publish,
    outcome_save,
    publish_blocked_for,
)

OUTCOME = "consultations:staff-outcome"


@staff_required
@require_GET
def results(request, pk):
    consultation = get_consultation_for_user(request.user, pk)
    return render(
        request,
        "consultations/outcomes/results.html",
        {
            "consultation": consultation,
            "results": results_shown(results_for(consultation), EXACT),
            "outcome": Outcome.objects.filter(consultation=consultation).first(),
        },
    )


def _outcome_page(request, consultation, outcome, form, *, error=""):
    context = {
        "consultation": consultation,
        "outcome": outcome,
        "form": form,
        "error": error,
        "ended": consultation.has_ended(),
        "two_person": settings.IMPACT_TWO_PERSON_PUBLISH,
    }
    if outcome is not None and outcome.pk is not None:
        context["check_blocked"] = check_blocked_for(outcome=outcome, actor=request.user)
        context["publish_blocked"] = publish_blocked_for(record=outcome, actor=request.user)
    return render(request, "consultations/outcomes/outcome.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def outcome(request, pk):
    """Write or change the outcome once the consultation has ended; read it once published."""
    consultation = get_consultation_for_user(request.user, pk)
    stored = (
        Outcome.objects.filter(consultation=consultation)
        .select_related("written_by", "checked_by", "published_by", "impact_record")
        .first()
    )
    if not consultation.has_ended() or (stored is not None and stored.is_published):
        return _outcome_page(request, consultation, stored, None)
    instance = stored or Outcome(
        consultation=consultation,
        we_asked=we_asked_draft(consultation),
        you_said=you_said_draft(results_for(consultation)),
    )
    form = OutcomeForm(posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_save(outcome=form.save(commit=False), actor=request.user)
        except PublishRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "“We asked, you said, we did” has been saved.")
            return redirect(OUTCOME, consultation.pk)
    return _outcome_page(request, consultation, stored, form)


@staff_required
@require_POST
def outcome_check_view(request, pk):
    consultation = get_consultation_for_user(request.user, pk)
    stored = Outcome.objects.filter(consultation=consultation).first()
    if stored is None:
        return redirect(OUTCOME, consultation.pk)
    # When the words the checker read were saved (the page sends it back): a check is refused
    # when they have changed since, or when the page did not say.
    seen_at = parse_datetime(request.POST.get("seen", ""))
    try:
        if seen_at is None:
            raise PublishRefused(CHANGED_SINCE)
        outcome_check(outcome=stored, actor=request.user, seen_at=seen_at)
    except PublishRefused as refusal:
        form = None if stored.is_published else OutcomeForm(instance=stored)
        return _outcome_page(request, consultation, stored, form, error=str(refusal))
    messages.success(request, "It has been marked as checked.")
    return redirect(OUTCOME, consultation.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def outcome_publish_view(request, pk):
    consultation = get_consultation_for_user(request.user, pk)
    stored = (
        Outcome.objects.filter(consultation=consultation)
        .select_related("checked_by", "written_by")
        .first()
    )
    if stored is None or stored.is_published:
        return redirect(OUTCOME, consultation.pk)
    form = PublishForm(posted(request))
    if request.method == "POST" and form.is_valid():
        page_url = absolute_url(reverse("consultations:detail", args=[consultation.pk]))
        try:
            outcome_publish(
                outcome=stored,
                kind=form.cleaned_data["kind"],
                page_url=page_url,
                actor=request.user,
            )
        except PublishRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                "It has been published on the consultation's page and in “You said, we did”. "
                "Everyone who took part has been told.",
            )
            return redirect(OUTCOME, consultation.pk)
    return render(
        request,
        "consultations/outcomes/outcome_publish.html",
        {
            "consultation": consultation,
            "outcome": stored,
            "form": form,
            "blocked": publish_blocked_for(record=stored, actor=request.user),
        },
    )


@staff_required
@require_GET
def export_csv(request, pk):
    """Every response, one row each, with a column per question: no names or contact details
    (staff have those in the person's record), formula-safe, streamed."""
    consultation = get_consultation_for_user(request.user, pk)
    return csv_response(
        exports.answer_rows(consultation),
        filename=exports.answers_filename(consultation),
        byte_order_mark=True,
    )


@staff_required
@require_GET
def export_contributions_csv(request, pk):
    """Every idea and post, no author named, formula-safe, streamed."""
    consultation = get_consultation_for_user(request.user, pk)
    return csv_response(
        exports.contribution_rows(consultation),
        filename=exports.contributions_filename(consultation),
        byte_order_mark=True,
    )


@staff_required
@require_GET
def summary_pdf(request, pk):
    consultation = get_consultation_for_user(request.user, pk)
    return pdf_response(
        exports.summary_pdf(consultation), f"have-your-say-{consultation.pk}-summary.pdf"
    )
