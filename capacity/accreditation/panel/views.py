"""The panel's pages: staff put reviewers on a submitted application's panel, see the scores and
record the decision, and list panels and renewals; each reviewer (staff in the dashboard,
co-creators in the portal) declares any conflict of interest and scores each criterion against the
service's self-assessment and evidence; the public list of accredited services and each one's
page. Staff pages are staff only, portal pages co-creators only; every seat is reached through
`get_panel_member_for_user`, every application through applying's `get_application_for_user`."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreation.lib.forms import add_service_errors, posted
from community.permissions import cocreator_required, staff_required

from ...models import ApplicationStatus
from ..applying.downloads import evidence_download
from ..applying.permissions import get_application_for_user, get_criterion_of_application
from .forms import AddCocreatorForm, AddStaffForm, ConflictForm, DecisionForm, ScoreForm
from .permissions import (
    get_accredited_application,
    get_evidence_for_panel_member,
    get_panel_member_for_user,
)
from .selectors import (
    DECIDED,
    OPEN,
    accredited_list,
    criterion_page,
    member_name,
    my_seats,
    next_to_score,
    panel_list,
    panel_summary,
    renewal_rows,
    seat_page,
)
from .services import (
    ACTIONS,
    AWARD,
    conflict_declare,
    decision_record,
    panel_member_add,
    panel_member_remove,
    score_save,
)

# --- Staff: panels, the decision, renewals ---------------------------------------------------


def _application_with_panel(user, pk):
    """An application that has (or may now have) a panel: submitted or later, not withdrawn."""
    application = get_application_for_user(user, pk)
    if application.status not in (*OPEN, *DECIDED):
        raise Http404
    return application


@staff_required
@require_GET
def panels(request):
    return render(request, "capacity/accreditation/panel/panel_list.html", panel_list())


@staff_required
@require_GET
def renewals(request):
    return render(request, "capacity/accreditation/panel/renewal_list.html", renewal_rows())


@staff_required
@require_GET
def panel(request, pk):
    application = _application_with_panel(request.user, pk)
    return render(
        request,
        "capacity/accreditation/panel/panel.html",
        {
            "application": application,
            "summary": panel_summary(application),
            "is_open": application.status in OPEN,
        },
    )


def _add_member(request, pk, *, form_class, template):
    application = _application_with_panel(request.user, pk)
    if application.status not in OPEN:
        messages.info(request, "The panel's decision has been made, so its members cannot change.")
        return redirect("capacity:panel-application", pk=application.pk)
    form = form_class(posted(request), application=application)
    if request.method == "POST" and form.is_valid():
        if "cocreator" in form.cleaned_data:
            user, is_cocreator = form.cleaned_data["cocreator"].user, True
        else:
            user, is_cocreator = form.cleaned_data["user"], False
        try:
            member = panel_member_add(
                application=application, user=user, is_cocreator=is_cocreator, actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member_name(member)} is now on the panel.")
            return redirect("capacity:panel-application", pk=application.pk)
    return render(request, template, {"form": form, "application": application})


@staff_required
@require_http_methods(["GET", "POST"])
def add_staff(request, pk):
    return _add_member(
        request,
        pk,
        form_class=AddStaffForm,
        template="capacity/accreditation/panel/add_staff.html",
    )


@staff_required
@require_http_methods(["GET", "POST"])
def add_cocreator(request, pk):
    return _add_member(
        request,
        pk,
        form_class=AddCocreatorForm,
        template="capacity/accreditation/panel/add_cocreator.html",
    )


@staff_required
@require_POST
def remove_member(request, pk):
    member = get_panel_member_for_user(request.user, pk)
    name = member_name(member)
    try:
        panel_member_remove(member=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{name} is no longer on the panel.")
    return redirect("capacity:panel-application", pk=member.application_id)


@staff_required
@require_http_methods(["GET", "POST"])
def decision(request, pk):
    application = _application_with_panel(request.user, pk)
    summary = panel_summary(application)
    months = settings.ACCREDITATION_RENEW_AFTER_MONTHS
    context = {"application": application, "summary": summary, "months": months}
    if application.status in DECIDED:
        return render(request, "capacity/accreditation/panel/decision_made.html", context)
    form = DecisionForm(posted(request), months=months)
    if request.method == "POST" and summary.ready and form.is_valid():
        data = form.cleaned_data
        try:
            decision_record(
                application=application,
                actor=request.user,
                outcome=data["outcome"],
                summary=data["decision_summary"],
                level=data.get("level") or "",
                awarded_on=data.get("awarded_on"),
                renew_by=data.get("renew_by"),
                actions_needed=data.get("actions_needed") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The decision for {application.service.name} is recorded and its contacts "
                "have been told.",
            )
            return redirect("capacity:panel-decision", pk=application.pk)
    elif request.method == "POST" and not summary.ready:
        form.is_valid()  # shows the form's own errors beside what is missing
    return render(
        request,
        "capacity/accreditation/panel/decision_form.html",
        {**context, "form": form, "award": AWARD, "actions": ACTIONS},
    )


# --- Reviewers: staff and co-creators --------------------------------------------------------

AREAS = {
    "staff": {
        "list": "capacity:panel-staff-reviews",
        "seat": "capacity:panel-staff-review",
        "conflict": "capacity:panel-staff-conflict",
        "score": "capacity:panel-staff-score",
        "evidence": "capacity:panel-staff-evidence",
    },
    "portal": {
        "list": "capacity:panel-portal-reviews",
        "seat": "capacity:panel-portal-review",
        "conflict": "capacity:panel-portal-conflict",
        "score": "capacity:panel-portal-score",
        "evidence": "capacity:panel-portal-evidence",
    },
}


def _closed_why(application) -> str:
    """Why a seat can no longer change, in words that begin a sentence."""
    if application.status == ApplicationStatus.WITHDRAWN:
        return "The service withdrew its application"
    return "The panel has made its decision"


def _seat_context(request, member, area: str) -> dict:
    own = member.user_id == request.user.pk
    application = member.application
    return {
        "closed_why": _closed_why(application),
        "member": member,
        "application": application,
        "area": area,
        "urls": AREAS[area],
        "own": own,
        "is_open": application.status in OPEN,
        # Only the reviewer in the seat changes it, and only until the decision.
        "can_declare": own and application.status in OPEN,
        "can_score": (
            own
            and application.status in OPEN
            and member.conflict_declared_at is not None
            and not member.has_conflict
        ),
    }


def _reviews(request, area: str):
    return render(
        request,
        "capacity/accreditation/panel/review_list.html",
        {**my_seats(request.user), "area": area, "urls": AREAS[area]},
    )


def _seat(request, pk, area: str):
    member = get_panel_member_for_user(request.user, pk, own=area == "portal")
    context = _seat_context(request, member, area)
    if context["can_declare"] and member.conflict_declared_at is None:
        return redirect(AREAS[area]["conflict"], pk=member.pk)
    return render(
        request,
        "capacity/accreditation/panel/seat.html",
        {**context, **seat_page(member)},
    )


def _conflict(request, pk, area: str):
    member = get_panel_member_for_user(request.user, pk, write=True)
    context = _seat_context(request, member, area)
    if not context["can_declare"]:
        messages.info(request, f"{context['closed_why']}, so this can no longer change.")
        return redirect(AREAS[area]["seat"], pk=member.pk)
    initial = {}
    if member.conflict_declared_at is not None:
        initial = {
            "has_conflict": "yes" if member.has_conflict else "no",
            "conflict_details": member.conflict_details,
        }
    form = ConflictForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conflict_declare(
                member=member,
                has_conflict=form.cleaned_data["has_conflict"],
                details=form.cleaned_data["conflict_details"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if member.has_conflict:
                messages.success(
                    request,
                    "Thank you for telling us. You will not score this application, and the "
                    "involvement team can see what you said.",
                )
            else:
                messages.success(request, "Thank you. You can now score each criterion.")
            return redirect(AREAS[area]["seat"], pk=member.pk)
    return render(
        request, "capacity/accreditation/panel/conflict_form.html", {**context, "form": form}
    )


def _score(request, pk, criterion_pk, area: str):
    writing = request.method == "POST"
    member = get_panel_member_for_user(request.user, pk, write=writing, own=area == "portal")
    criterion = get_criterion_of_application(member.application, criterion_pk)
    context = _seat_context(request, member, area)
    score_page = criterion_page(member, criterion)
    initial = {}
    if score_page["score"] is not None:
        initial = {"score": str(score_page["score"].score), "comment": score_page["score"].comment}
    form = ScoreForm(posted(request), initial=initial)
    if writing and not context["can_score"]:
        if context["can_declare"] and member.conflict_declared_at is None:
            return redirect(AREAS[area]["conflict"], pk=member.pk)
        form.is_valid()
        form.add_error(
            None,
            "You said you have a conflict of interest, so you cannot score this application."
            if member.has_conflict
            else f"{context['closed_why']}, so scores can no longer change.",
        )
    elif writing and form.is_valid():
        try:
            score_save(
                member=member,
                criterion=criterion,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            following = next_to_score(member, criterion)
            if following is None:
                messages.success(
                    request, "Your score is saved. You have scored every criterion, thank you."
                )
                return redirect(AREAS[area]["seat"], pk=member.pk)
            messages.success(request, f"Your score for {criterion} is saved.")
            return redirect(AREAS[area]["score"], pk=member.pk, criterion_pk=following.pk)
    return render(
        request,
        "capacity/accreditation/panel/score_form.html",
        {**context, **score_page, "criterion": criterion, "form": form},
    )


def _evidence(request, pk, evidence_pk, area: str):
    member = get_panel_member_for_user(request.user, pk, own=area == "portal")
    return evidence_download(get_evidence_for_panel_member(member, evidence_pk))


@staff_required
@require_GET
def staff_reviews(request):
    return _reviews(request, "staff")


@staff_required
@require_GET
def staff_seat(request, pk):
    return _seat(request, pk, "staff")


@staff_required
@require_http_methods(["GET", "POST"])
def staff_conflict(request, pk):
    return _conflict(request, pk, "staff")


@staff_required
@require_http_methods(["GET", "POST"])
def staff_score(request, pk, criterion_pk):
    return _score(request, pk, criterion_pk, "staff")


@staff_required
@require_GET
def staff_evidence(request, pk, evidence_pk):
    return _evidence(request, pk, evidence_pk, "staff")


@cocreator_required
@require_GET
def portal_reviews(request):
    return _reviews(request, "portal")


@cocreator_required
@require_GET
def portal_seat(request, pk):
    return _seat(request, pk, "portal")


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_conflict(request, pk):
    return _conflict(request, pk, "portal")


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_score(request, pk, criterion_pk):
    return _score(request, pk, criterion_pk, "portal")


@cocreator_required
@require_GET
def portal_evidence(request, pk, evidence_pk):
    return _evidence(request, pk, evidence_pk, "portal")


# --- The public list ---------------------------------------------------------------------------


@require_GET
def accredited(request):
    return render(
        request,
        "capacity/accreditation/panel/accredited_list.html",
        {"applications": accredited_list()},
    )


@require_GET
def accredited_detail(request, pk):
    return render(
        request,
        "capacity/accreditation/panel/accredited_detail.html",
        {"application": get_accredited_application(pk)},
    )
