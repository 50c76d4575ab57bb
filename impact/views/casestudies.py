"""Case studies (staff only): the story, its links, consent to publish, and publishing.

Every view reaches a case study through `get_case_study_for_user` (staff only, anyone else 404).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cocreation.lib.pagination import paginate
from community.permissions import staff_required

from .. import selectors
from ..forms.casestudies import CaseStudyForm
from ..permissions import get_case_study_for_user
from ..services.case_studies import (
    CaseStudyRefused,
    case_study_consent_record,
    case_study_consent_withdraw,
    case_study_publish,
    case_study_save,
    has_publish_consent,
)


@staff_required
def casestudy_list(request):
    pages = paginate(request, selectors.case_study_list())
    return render(request, "impact/casestudy_list.html", pages)


@staff_required
@require_http_methods(["GET", "POST"])
def casestudy_add(request):
    form = CaseStudyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        case_study = form.save(commit=False)
        case_study_save(
            case_study=case_study,
            impact_records=form.cleaned_data["impact_records"],
            actor=request.user,
        )
        messages.success(request, f"Case study \u201c{case_study.title}\u201d added.")
        return redirect("impact:casestudy-edit", pk=case_study.pk)
    return render(request, "impact/casestudy_form.html", {"form": form, "case_study": None})


@staff_required
@require_http_methods(["GET", "POST"])
def casestudy_edit(request, pk):
    case_study = get_case_study_for_user(request.user, pk)
    form = CaseStudyForm(request.POST if request.method == "POST" else None, instance=case_study)
    if request.method == "POST" and form.is_valid():
        case_study_save(
            case_study=form.save(commit=False),
            impact_records=form.cleaned_data["impact_records"],
            actor=request.user,
            changed_fields=form.changed_data,
        )
        messages.success(request, "Case study saved.")
        return redirect("impact:casestudy-edit", pk=case_study.pk)
    return render(
        request,
        "impact/casestudy_form.html",
        {
            "form": form,
            "case_study": case_study,
            "has_consent": has_publish_consent(case_study),
        },
    )


@staff_required
@require_POST
def casestudy_consent(request, pk):
    case_study = get_case_study_for_user(request.user, pk)
    case_study_consent_record(case_study=case_study, actor=request.user)
    messages.success(request, "Consent to publish recorded.")
    return redirect("impact:casestudy-edit", pk=case_study.pk)


@staff_required
@require_POST
def casestudy_consent_withdraw(request, pk):
    case_study = get_case_study_for_user(request.user, pk)
    try:
        case_study_consent_withdraw(case_study=case_study, actor=request.user)
    except CaseStudyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            "Consent withdrawn. The case study is not published and cannot be until "
            "consent is given again.",
        )
    return redirect("impact:casestudy-edit", pk=case_study.pk)


def _set_published(request, pk, published: bool):
    case_study = get_case_study_for_user(request.user, pk)
    try:
        case_study_publish(case_study=case_study, published=published)
    except CaseStudyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, "Case study published." if published else "Case study unpublished."
        )
    return redirect("impact:casestudy-edit", pk=case_study.pk)


@staff_required
@require_POST
def casestudy_publish(request, pk):
    return _set_published(request, pk, True)


@staff_required
@require_POST
def casestudy_unpublish(request, pk):
    return _set_published(request, pk, False)
