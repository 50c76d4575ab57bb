"""Development plans' pages.

Staff (`/staff/plans/...`, `/staff/people/<id>/plan/`): the list (reviews due first), a person's
plan (started from their record when they have none), its steps, reviews, closing and opening
again, and its history. The portal (`/portal/plan/...`): the person's own plan, with no number in
the address, which they may start themselves, change what they want to develop, add steps to and
mark steps done; and a mentee's plan (`/portal/plan/mentee/<id>/...`) for the mentor it was
written with, while they mentor the person. Every plan is reached through
`permissions.get_plan_for_user`; staff pages are refused by role (403) to anyone but staff,
portal pages to anyone but co-creators.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreation.lib.forms import add_service_errors, posted
from cocreation.lib.pagination import paginate
from community.permissions import cocreator_required, staff_required
from community.services import cocreator_for_user_ensure

from ..models import PlanStatus
from . import services
from .forms import HopesForm, PlanFilterForm, PlanForm, ReviewForm, StepForm
from .permissions import get_person_for_plan, get_plan_for_user, get_step_of_plan, own_plan
from .selectors import (
    DUE_WINDOW_DAYS,
    STATUS_ACTIVE,
    history_rows,
    mentee_plans,
    plan_list,
    plan_page,
    revisions_for,
)

PLAN = "capacity:plans-detail"


def _errors_as_message(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


# --- Staff ------------------------------------------------------------------------------------


@staff_required
@require_GET
def plan_list_view(request):
    filter_form = PlanFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    status = filters.get("status") or STATUS_ACTIVE
    plans = plan_list(status=status, due_only=filters.get("due", False), q=filters.get("q", ""))
    return render(
        request,
        "capacity/plans/plan_list.html",
        {
            "filter_form": filter_form,
            "filtered": bool(filters.get("q") or filters.get("due") or status != STATUS_ACTIVE),
            "status": status,
            "due_days": DUE_WINDOW_DAYS,
            **paginate(request, plans),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person_plan(request, cocreator_pk):
    """A person's plan from their record: their plan's page, or the form to start one."""
    cocreator = get_person_for_plan(request.user, cocreator_pk)
    plan = own_plan(cocreator)
    if plan is not None:
        if request.method == "POST":
            return redirect(PLAN, pk=plan.pk)  # started meanwhile: nothing to start
        plan = get_plan_for_user(request.user, plan.pk)
        return render(request, "capacity/plans/plan_detail.html", {"plan": plan, **plan_page(plan)})
    form = PlanForm(posted(request), staff_user=request.user, cocreator=cocreator)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_start(
                cocreator=cocreator,
                hopes=form.cleaned_data["hopes"],
                agreed_on=form.cleaned_data["agreed_on"],
                next_review_on=form.cleaned_data["next_review_on"],
                actor=request.user,
                **form.writers(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{cocreator.full_name}'s development plan has been started.")
            return redirect(PLAN, pk=plan.pk)
    return render(
        request,
        "capacity/plans/plan_form.html",
        {"form": form, "cocreator": cocreator, "plan": None},
    )


@staff_required
@require_GET
def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(request, "capacity/plans/plan_detail.html", {"plan": plan, **plan_page(plan)})


@staff_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = PlanForm(posted(request), staff_user=request.user, cocreator=plan.cocreator, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                hopes=form.cleaned_data["hopes"],
                agreed_on=form.cleaned_data["agreed_on"],
                next_review_on=form.cleaned_data["next_review_on"],
                **form.writers(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The plan has been saved.")
            return redirect(PLAN, pk=plan.pk)
    return render(
        request,
        "capacity/plans/plan_form.html",
        {"form": form, "cocreator": plan.cocreator, "plan": plan},
    )


def _step_page(request, plan, *, step=None, back: str, as_mentor=False, portal=False):
    form = StepForm(posted(request), step=step)
    if request.method == "POST" and form.is_valid():
        try:
            if step is None:
                services.step_add(plan=plan, actor=request.user, **form.values())
            else:
                services.step_update(step=step, actor=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "The step has been added." if step is None else "The step has been saved."
            )
            return redirect(back + "#steps")
    return render(
        request,
        "capacity/plans/step_form.html",
        {
            "form": form,
            "plan": plan,
            "step": step,
            "back": back,
            "portal": portal,
            "as_mentor": as_mentor,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def step_add_view(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    return _step_page(request, plan, back=reverse(PLAN, args=[plan.pk]))


@staff_required
@require_http_methods(["GET", "POST"])
def step_edit_view(request, pk, step_pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    step = get_step_of_plan(plan, step_pk)
    return _step_page(request, plan, step=step, back=reverse(PLAN, args=[plan.pk]))


def _mark_step(request, plan, step) -> None:
    try:
        if request.POST.get("done") == "no":
            services.step_undone(step=step, actor=request.user)
            messages.success(request, f"“{step.what}” is marked as not done yet.")
        else:
            services.step_done(step=step, actor=request.user)
            messages.success(request, f"“{step.what}” is marked as done.")
    except ValidationError as error:
        _errors_as_message(request, error)


@staff_required
@require_POST
def step_done_view(request, pk, step_pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    _mark_step(request, plan, get_step_of_plan(plan, step_pk))
    return redirect(reverse(PLAN, args=[plan.pk]) + "#steps")


@staff_required
@require_http_methods(["GET", "POST"])
def step_remove_view(request, pk, step_pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    step = get_step_of_plan(plan, step_pk)
    if request.method == "POST":
        try:
            services.step_remove(step=step, actor=request.user)
        except ValidationError as error:
            _errors_as_message(request, error)
        else:
            messages.success(request, f"The step “{step.what}” has been removed.")
        return redirect(reverse(PLAN, args=[plan.pk]) + "#steps")
    return render(request, "capacity/plans/step_remove.html", {"plan": plan, "step": step})


@staff_required
@require_http_methods(["GET", "POST"])
def review_add_view(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_add(plan=plan, actor=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The review has been recorded.")
            return redirect(reverse(PLAN, args=[plan.pk]) + "#reviews")
    return render(request, "capacity/plans/review_form.html", {"form": form, "plan": plan})


@staff_required
@require_POST
def plan_close_view(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    try:
        services.plan_close(plan=plan, actor=request.user)
    except ValidationError as error:
        _errors_as_message(request, error)
    else:
        messages.success(request, "The plan has been closed. You can open it again at any time.")
    return redirect(PLAN, pk=plan.pk)


@staff_required
@require_POST
def plan_reopen_view(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    try:
        services.plan_reopen(plan=plan, actor=request.user)
    except ValidationError as error:
        _errors_as_message(request, error)
    else:
        messages.success(request, "The plan is open again.")
    return redirect(PLAN, pk=plan.pk)


@staff_required
@require_GET
def plan_history(request, pk):
    plan = get_plan_for_user(request.user, pk)
    page = paginate(request, revisions_for(plan))
    return render(
        request,
        "capacity/plans/history.html",
        {
            "plan": plan,
            "rows": history_rows(page["page_obj"], plan, request.user, for_staff=True),
            "back": reverse(PLAN, args=[plan.pk]),
            "portal": False,
            **page,
        },
    )


# --- Portal -----------------------------------------------------------------------------------

OWN = {
    "page": "capacity:plans-portal",
    "edit": "capacity:plans-portal-edit",
    "step_add": "capacity:plans-portal-step-add",
    "step_done": "capacity:plans-portal-step-done",
    "history": "capacity:plans-portal-history",
}
MENTEE = {
    "page": "capacity:plans-mentee",
    "edit": "capacity:plans-mentee-edit",
    "step_add": "capacity:plans-mentee-step-add",
    "step_done": "capacity:plans-mentee-step-done",
    "history": "capacity:plans-mentee-history",
}


def _portal_plan(request, pk):
    """(plan, as_mentor): the signed-in person's own plan (404 when they have none) or, with a
    number, a plan they reach through the gatekeeper (their mentee's, or their own)."""
    if pk is None:
        plan = own_plan(cocreator_for_user_ensure(user=request.user))
        if plan is None:
            raise Http404
        return plan, False
    plan = get_plan_for_user(request.user, pk, own=True)
    return plan, plan.cocreator.user_id != request.user.pk


def _url(plan, as_mentor: bool, what: str, *args) -> str:
    if as_mentor:
        return reverse(MENTEE[what], args=[plan.pk, *args])
    return reverse(OWN[what], args=list(args))


def _portal_urls(plan, as_mentor: bool) -> dict:
    return {what: _url(plan, as_mentor, what) for what in ("page", "edit", "step_add", "history")}


@cocreator_required
@require_GET
def portal_plan(request, pk=None):
    me = cocreator_for_user_ensure(user=request.user)
    if pk is None:
        plan = own_plan(me)
        as_mentor = False
    else:
        plan, as_mentor = _portal_plan(request, pk)
        if not as_mentor:
            return redirect(OWN["page"])
    context = {"plan": plan, "as_mentor": as_mentor, "mentee_plans": []}
    if not as_mentor:
        context["mentee_plans"] = mentee_plans(me)
    if plan is not None:
        page = plan_page(plan)
        context.update(
            page,
            urls=_portal_urls(plan, as_mentor),
            step_rows=[(s, _url(plan, as_mentor, "step_done", s.pk)) for s in page["steps"]],
            is_open=plan.status == PlanStatus.ACTIVE,
        )
    return render(request, "capacity/plans/portal_plan.html", context)


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_start(request):
    me = cocreator_for_user_ensure(user=request.user)
    if own_plan(me) is not None:
        return redirect(OWN["page"])
    form = HopesForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_start(cocreator=me, hopes=form.cleaned_data["hopes"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your plan has been started. Now you can add a step.")
            return redirect(OWN["page"])
    return render(request, "capacity/plans/portal_start.html", {"form": form})


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_hopes(request, pk=None):
    plan, as_mentor = _portal_plan(request, pk)
    back = _url(plan, as_mentor, "page")
    form = HopesForm(posted(request), initial={"hopes": plan.hopes}, as_mentor=as_mentor)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_hopes_update(
                plan=plan, actor=request.user, hopes=form.cleaned_data["hopes"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect(back)
    return render(
        request,
        "capacity/plans/portal_hopes.html",
        {"form": form, "plan": plan, "as_mentor": as_mentor, "back": back},
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_step_add(request, pk=None):
    plan, as_mentor = _portal_plan(request, pk)
    return _step_page(
        request, plan, back=_url(plan, as_mentor, "page"), as_mentor=as_mentor, portal=True
    )


@cocreator_required
@require_POST
def portal_step_done(request, step_pk, pk=None):
    plan, as_mentor = _portal_plan(request, pk)
    _mark_step(request, plan, get_step_of_plan(plan, step_pk))
    return redirect(_url(plan, as_mentor, "page") + "#steps")


@cocreator_required
@require_GET
def portal_history(request, pk=None):
    plan, as_mentor = _portal_plan(request, pk)
    page = paginate(request, revisions_for(plan))
    return render(
        request,
        "capacity/plans/history.html",
        {
            "plan": plan,
            "rows": history_rows(page["page_obj"], plan, request.user, for_staff=False),
            "back": _url(plan, as_mentor, "page"),
            "portal": True,
            "as_mentor": as_mentor,
            **page,
        },
    )
