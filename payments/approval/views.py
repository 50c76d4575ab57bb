"""Staff pages for claims and payments: the claims list, reviewing one claim (approve, return,
mark paid), exports to finance, payroll numbers and project budgets.

Any involvement staff member may read them; every change is a POST by staff holding
`payments.manage_payments` (others see no buttons, and are refused with 403).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities.permissions import get_project_for_user
from cocreation.lib.forms import posted
from cocreation.lib.pagination import paginate
from cocreation.lib.spreadsheets import csv_response
from community.audit import audit_record
from community.models import AuditAction
from community.permissions import get_cocreator_for_user, staff_required

from ..models import Claim, ExportKind, Payee
from ..money import money_text
from ..permissions import can_manage_payments, get_claim_for_user, manage_payments_required
from . import selectors
from .exports import export_csv_rows
from .forms import (
    BudgetForm,
    BudgetProjectForm,
    ExportForm,
    PayrollReferenceForm,
    ReturnForm,
)
from .permissions import get_export_for_staff
from .services import (
    ClaimRefused,
    budget_set,
    claim_approve,
    claim_mark_paid,
    claim_return,
    export_make,
    export_mark_paid,
    payroll_reference_set,
)

# --- Claims -------------------------------------------------------------------------------------


@staff_required
@require_GET
def claim_list(request):
    slug = request.GET.get("status", "")
    if slug not in selectors.TAB_BY_SLUG:
        slug = selectors.TABS[0].slug
    counts = selectors.claim_counts()
    pages = paginate(request, selectors.claims_in_tab(slug), per_page=selectors.PER_PAGE)
    return render(
        request,
        "payments/approval/claim_list.html",
        {
            **pages,
            "tab": selectors.TAB_BY_SLUG[slug],
            "tabs": [{"tab": tab, "count": counts[tab.slug]} for tab in selectors.TABS],
            "waiting_second": counts["second"],
            "rows": selectors.claim_rows(pages["page_obj"].object_list),
            "can_manage": can_manage_payments(request.user),
        },
    )


def _review(request, claim: Claim, *, return_form=None, error: str = ""):
    """The review page, with a refusal or the return form's errors when there are any."""
    context = selectors.claim_review(claim, request.user)
    return render(
        request,
        "payments/approval/claim_review.html",
        {
            **context,
            "return_form": return_form or ReturnForm(),
            "error": error,
            "can_manage": can_manage_payments(request.user),
        },
    )


@staff_required
@require_GET
def claim_review(request, pk):
    return _review(request, get_claim_for_user(request.user, pk, for_staff=True))


@manage_payments_required
@require_POST
def claim_approve_view(request, pk):
    claim = get_claim_for_user(request.user, pk, for_staff=True)
    try:
        approved = claim_approve(claim=claim, actor=request.user)
    except ClaimRefused as refusal:
        return _review(request, claim, error=str(refusal))
    name = approved.claim.cocreator.full_name
    if approved.waiting_second:
        messages.success(
            request,
            f"You approved {name}'s claim. It is over the limit, so it now needs a second "
            "approval from someone else in the team.",
        )
    else:
        messages.success(request, f"{name}'s claim is approved. It is ready to export.")
    return redirect("payments:claim-review", pk=claim.pk)


@manage_payments_required
@require_POST
def claim_return_view(request, pk):
    claim = get_claim_for_user(request.user, pk, for_staff=True)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _review(request, claim, return_form=form)
    try:
        claim_return(claim=claim, actor=request.user, reason=form.cleaned_data["reason"])
    except ClaimRefused as refusal:
        return _review(request, claim, error=str(refusal))
    messages.success(
        request,
        f"{claim.cocreator.full_name}'s claim has been returned. We are telling them why, by "
        "the way they chose.",
    )
    return redirect("payments:claim-review", pk=claim.pk)


@manage_payments_required
@require_POST
def claim_paid_view(request, pk):
    claim = get_claim_for_user(request.user, pk, for_staff=True)
    try:
        claim_mark_paid(claim=claim, actor=request.user)
    except ClaimRefused as refusal:
        return _review(request, claim, error=str(refusal))
    messages.success(
        request, f"{claim.cocreator.full_name}'s claim is marked paid. We are telling them."
    )
    return redirect("payments:claim-review", pk=claim.pk)


# --- Exports ------------------------------------------------------------------------------------


@staff_required
@require_GET
def export_list(request):
    return render(
        request,
        "payments/approval/export_list.html",
        {
            **selectors.exports_page(),
            **paginate(request, selectors.export_runs(), per_page=selectors.PER_PAGE),
            "can_manage": can_manage_payments(request.user),
        },
    )


@manage_payments_required
@require_POST
def export_make_view(request):
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose which export to make.")
        return redirect("payments:export-list")
    kind = form.cleaned_data["kind"]
    export = export_make(kind=kind, actor=request.user)
    words = "payroll" if kind == ExportKind.PAYROLL else "expenses"
    if export is None:
        messages.info(request, f"No claims are ready for the {words} export, so none was made.")
        return redirect("payments:export-list")
    messages.success(
        request,
        f"Export number {export.pk} is made: {export.claims_count} "
        f"claim{'s' if export.claims_count != 1 else ''}, {money_text(export.total)}. Download its CSV "
        "for finance.",
    )
    return redirect("payments:export-detail", pk=export.pk)


@staff_required
@require_GET
def export_detail(request, pk):
    export = get_export_for_staff(request.user, pk)
    pages = paginate(request, selectors.export_lines(export), per_page=selectors.PER_PAGE)
    return render(
        request,
        "payments/approval/export_detail.html",
        {
            **pages,
            "export": export,
            "can_manage": can_manage_payments(request.user),
        },
    )


@staff_required
@require_GET
def export_csv(request, pk):
    export = get_export_for_staff(request.user, pk)
    audit_record(actor=request.user, action=AuditAction.EXPORT, count=export.claims_count)
    stamp = timezone.localtime(export.created_at).strftime("%Y-%m-%d")
    return csv_response(
        export_csv_rows(export),
        filename=f"{export.kind}-export-{export.pk}-{stamp}.csv",
        byte_order_mark=True,
    )


@manage_payments_required
@require_POST
def export_paid_view(request, pk):
    export = get_export_for_staff(request.user, pk)
    try:
        paid = export_mark_paid(export=export, actor=request.user)
    except ClaimRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("payments:export-detail", pk=export.pk)
    count = len(paid)
    messages.success(
        request,
        f"Export number {export.pk} is marked paid. {count} claim{'s are' if count != 1 else ' is'} "
        "now paid in full, and we are telling each person.",
    )
    return redirect("payments:export-detail", pk=export.pk)


# --- Payroll numbers ----------------------------------------------------------------------------


@manage_payments_required
@require_http_methods(["GET", "POST"])
def payroll_reference(request, cocreator_pk):
    cocreator = get_cocreator_for_user(request.user, cocreator_pk, write=True)
    payee = Payee.objects.filter(cocreator=cocreator).first()
    initial = {"payroll_reference": payee.payroll_reference if payee else ""}
    form = PayrollReferenceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        payroll_reference_set(
            cocreator=cocreator,
            actor=request.user,
            reference=form.cleaned_data["payroll_reference"],
        )
        messages.success(request, f"{cocreator.full_name}'s payroll or supplier number is saved.")
        return redirect(_person_url(cocreator.pk))
    return render(
        request,
        "payments/approval/payroll_reference.html",
        {"form": form, "cocreator": cocreator, "back": _person_url(cocreator.pk)},
    )


def _person_url(cocreator_pk: int) -> str:
    """The person's payments page (the claims package's)."""
    return reverse("payments:person-payments", args=[cocreator_pk])


# --- Budgets ------------------------------------------------------------------------------------


@staff_required
@require_GET
def budget_list(request):
    can_manage = can_manage_payments(request.user)
    choose = None
    if can_manage:
        # Choosing a project without a budget yet (a plain GET form: no JavaScript needed).
        sent = any(key == "project" or key.startswith("project__") for key in request.GET)
        choose = BudgetProjectForm(request.GET if sent else None)
        if choose.is_bound and choose.is_valid():
            return redirect("payments:budget-edit", project_pk=choose.cleaned_data["project"].pk)
    pages = paginate(request, selectors.budget_projects(), per_page=selectors.PER_PAGE)
    return render(
        request,
        "payments/approval/budget_list.html",
        {
            **pages,
            "rows": selectors.budget_rows(pages["page_obj"].object_list),
            "can_manage": can_manage,
            "choose": choose,
        },
    )


@manage_payments_required
@require_http_methods(["GET", "POST"])
def budget_edit(request, project_pk):
    project = get_project_for_user(request.user, project_pk)
    budget = selectors.project_budget(project)
    form = BudgetForm(posted(request), initial={"amount": budget.amount if budget else None})
    if request.method == "POST" and form.is_valid():
        saved = budget_set(project=project, actor=request.user, amount=form.cleaned_data["amount"])
        messages.success(
            request, f"The budget for {project.title} is now {money_text(saved.amount)}."
        )
        return redirect("payments:budget-list")
    return render(
        request,
        "payments/approval/budget_form.html",
        {"form": form, "project": project, "budget": budget},
    )
