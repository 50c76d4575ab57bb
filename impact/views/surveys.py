"""Surveys: answering by a no-login link, in the portal, or with staff help; and the results.

The answer pages are public on purpose: the invitation's secret token is the key, so a person can
answer from an email without signing in. An unknown token answers 404.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cocreation.lib.disclosure import EXACT_NOTICE
from cocreation.lib.pagination import paginate
from cocreation.lib.periods import Period, period_asked, recent_period_choices
from cocreation.lib.spreadsheets import csv_response
from community.audit import audit_record
from community.models import AuditAction
from community.permissions import cocreator_required, staff_required
from community.services import cocreator_for_user_ensure

from .. import swemwbs
from ..forms.surveys import ExperienceForm, WellbeingForm
from ..models import SurveyKind
from ..permissions import get_survey_invitation_by_token, get_survey_invitation_for_staff
from ..selectors import (
    SURVEY_QUESTIONS,
    SURVEY_SORTS,
    SurveyResults,
    SurveyRow,
    is_staff_respondent,
    survey_invitations_open,
    survey_results_for,
    surveys_open_for,
)
from ..services.surveys import (
    SurveyClosed,
    experience_response_save,
    survey_opt_out,
    wellbeing_response_save,
)


def _survey_form(invitation, data=None, *, assisted=False):
    if invitation.kind == SurveyKind.EXPERIENCE:
        return ExperienceForm(
            data,
            staff_respondent=is_staff_respondent(invitation.cocreator),
            allow_anonymous=not assisted,
        )
    return WellbeingForm(data)


def _save(invitation, form, *, entered_by=None):
    today = timezone.localdate()
    if invitation.kind == SurveyKind.EXPERIENCE:
        answers = form.answers()
        return experience_response_save(
            invitation=invitation,
            answers=answers,
            anonymous=bool(form.cleaned_data.get("anonymous")),
            today=today,
            assisted=entered_by is not None,
            staff_respondent="understanding_needs" in answers,
        )
    return wellbeing_response_save(
        invitation=invitation, answers=form.answers(), today=today, entered_by=entered_by
    )


def _answer_context(invitation, form, **extra):
    return {
        "invitation": invitation,
        "form": form,
        "is_experience": invitation.kind == SurveyKind.EXPERIENCE,
        "recall_period": swemwbs.RECALL_PERIOD,
        "licence_notice": swemwbs.LICENCE_NOTICE,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    """Answer a survey from its link. Once answered or declined, a plain page says so."""
    invitation = get_survey_invitation_by_token(token)
    if invitation.completed or invitation.opted_out:
        return render(request, "impact/survey_closed.html", {"invitation": invitation})
    form = _survey_form(invitation, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _save(invitation, form)
        except SurveyClosed:
            pass  # answered in another tab a moment ago: the closed page says so
        return redirect("impact:survey-answer", token=token)
    return render(request, "impact/survey_answer.html", _answer_context(invitation, form))


@require_http_methods(["GET", "POST"])
def survey_opt_out_view(request, token):
    """ "I don't want to answer surveys": ask, then close every open invitation of theirs."""
    invitation = get_survey_invitation_by_token(token)
    if request.method == "POST":
        survey_opt_out(invitation=invitation)
        return render(request, "impact/survey_opted_out.html", {"invitation": invitation})
    return render(request, "impact/survey_opt_out.html", {"invitation": invitation})


@require_GET
@cocreator_required
def portal_surveys(request):
    """The signed-in person's surveys waiting for answers."""
    cocreator = cocreator_for_user_ensure(user=request.user)
    return render(
        request,
        "impact/survey_portal_list.html",
        paginate(request, surveys_open_for(cocreator)),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def survey_assisted(request, pk):
    """Staff type in a person's answers for them (by phone, on paper). Marked as assisted."""
    invitation = get_survey_invitation_for_staff(request.user, pk)
    if invitation.completed or invitation.opted_out:
        return render(request, "impact/survey_closed.html", {"invitation": invitation})
    form = _survey_form(
        invitation, request.POST if request.method == "POST" else None, assisted=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save(invitation, form, entered_by=request.user)
        except SurveyClosed:
            return redirect("impact:survey-assisted", pk=pk)
        audit_record(
            actor=request.user,
            action=AuditAction.CREATE,
            cocreator_id=invitation.cocreator_id,
            fields=["survey answers"],
        )
        return render(
            request, "impact/survey_closed.html", {"invitation": invitation, "saved": True}
        )
    return render(
        request, "impact/survey_answer.html", _answer_context(invitation, form, assisted=True)
    )


def _period_asked(slug: str, today) -> Period:
    """The period a `?period=` slug names (the current quarter without one); 404 for no period."""
    try:
        period = period_asked(slug, today)
    except ValueError:
        raise Http404(
            "There is no such period. Choose a quarter, half or year from the list."
        ) from None
    if period.start > today:
        raise Http404("That period has not started yet, so there are no survey results for it.")
    return period


def _csv_figures(row: SurveyRow) -> list:
    cells = [row.invited, row.answered, row.response_rate.percent]
    for share in row.figures:
        cells += [share.denominator, share.numerator, share.percent]
    return cells


def _results_csv_rows(period: Period, sort: str):
    """The results as CSV rows: the notice and header first, then the figures worked out."""
    header = ["Row", "Name", "Project", "Session date", "Invitations sent", "Answers"]
    header.append("Response rate")
    for short in [*(short for _, short, _ in SURVEY_QUESTIONS), "All statements"]:
        header += [f"{short}: answered", f"{short}: agreed", f"{short}: % agreed"]
    yield [EXACT_NOTICE]
    yield [f"Survey results for {period.label}: experience answers given and invitations sent"]
    yield [
        "Anonymous answers count in the total but cannot be placed in an activity; "
        "an activity's answers are those given with a name."
    ]
    yield header
    # Worked out after the first rows are on their way, so the download starts at once.
    results: SurveyResults = survey_results_for(period, sort=sort)
    for row in results.activities:
        when = timezone.localdate(row.starts_at).isoformat()
        yield ["Activity", row.name, row.project, when, *_csv_figures(row)]
    for row in results.projects:
        yield ["Project", row.name, "", "", *_csv_figures(row)]
    for name, answers in (
        ("Anonymous answers", results.anonymous),
        ("Answers whose activity has been deleted", results.unplaced),
    ):
        if answers:
            yield ["Not in an activity", name, "", "", "", answers]
    yield ["Total", f"All answers, {period.label}", "", "", *_csv_figures(results.total)]


@require_GET
@staff_required
def survey_results_view(request):
    """Survey results for a period, exact (with a CSV), and the open invitations to answer."""
    today = timezone.localdate()
    period = _period_asked(request.GET.get("period", ""), today)
    sort = request.GET.get("sort", "")
    if request.GET.get("format") == "csv":
        return csv_response(
            _results_csv_rows(period, sort), filename=f"survey-results-{period.slug}.csv"
        )
    results = survey_results_for(period, sort=sort)
    return render(
        request,
        "impact/survey_results.html",
        {
            "results": results,
            "period": period,
            "choices": recent_period_choices(today, including=period),
            "sorts": SURVEY_SORTS.items(),
            "questions": SURVEY_QUESTIONS,
            **paginate(request, survey_invitations_open()),
            "licence_notice": swemwbs.LICENCE_NOTICE,
        },
    )
