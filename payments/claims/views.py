"""Claims pages: the person's own in the portal (their choice, their claims, adding expenses and
submitting) and staff doing the same for a person (assisted).

Portal pages find the signed-in person from their login; a claim is reached only through
`get_claim_for_user`, which answers 404 for anyone else's. Staff pages reach the person through
`community.permissions.get_cocreator_for_user` and a claim with `for_staff=True`. Every change is
a POST; a refusal is shown in plain English and writes nothing.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.permissions import cocreator_required, get_cocreator_for_user, staff_required
from community.selectors import cocreator_left_at
from community.services import cocreator_for_user_ensure
from impact.documents import download_response

from ..notice import NOTICE_TEMPLATE, NOTICE_VERSION
from ..permissions import get_claim_for_user, get_expense_for_claim
from .forms import (
    EXPENSE_FORMS,
    MileageForm,
    PaymentChoiceForm,
    ReceiptExpenseForm,
    StaffPaymentChoiceForm,
    StartClaimForm,
    SubmitClaimForm,
)
from .selectors import (
    choice_summary,
    claim_detail,
    claims_grouped,
    review_url,
    staff_person_payments,
)
from .services import (
    ChoiceNeeded,
    ClaimRefused,
    claim_start,
    claim_submit,
    claimable_attendances,
    expense_add,
    expense_remove,
    payment_choice_record,
)

MY_PAYMENTS = "payments:my-payments"
PORTAL_PREFIX = "/portal/payments/"

# The URL names each side's claim page links to.
PORTAL_URLS = {
    "claim": "payments:my-claim",
    "remove": "payments:my-expense-remove",
    "submit": "payments:my-claim-submit",
    "receipt": "payments:my-receipt",
}
STAFF_URLS = {
    "claim": "payments:claim-edit",
    "remove": "payments:claim-expense-remove",
    "submit": "payments:claim-submit",
    "receipt": "payments:claim-receipt",
}


def _own_record(request):
    return cocreator_for_user_ensure(user=request.user)


def _next(request) -> str:
    """Where to go after choosing: a portal payments page the person came from, or ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith(PORTAL_PREFIX) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _initial(choice) -> dict | None:
    return {"method": choice.method, "charity": choice.charity} if choice else None


def _claim_page(request, claim, *, staff: bool, expense_form=None, submit_form=None):
    detail = claim_detail(claim)
    forms = {"mileage_form": MileageForm(), "receipt_form": ReceiptExpenseForm()}
    if expense_form is not None:
        forms[f"{expense_form.FORM}_form"] = expense_form
    return render(
        request,
        "payments/claims/claim.html",
        {
            **detail,
            **choice_summary(claim.cocreator),
            **forms,
            "staff": staff,
            "urls": STAFF_URLS if staff else PORTAL_URLS,
            "submit_form": submit_form or SubmitClaimForm(),
            "review_url": review_url(claim) if staff else None,
            "has_errors": bool(
                (expense_form is not None and expense_form.errors)
                or (submit_form is not None and submit_form.errors)
            ),
        },
    )


def _add_expense(request, claim, *, staff: bool):
    """The add-an-expense POST of a claim page (mileage, or anything else with a receipt): saved
    and back to the page, or the page again with the errors (nothing written)."""
    form_class = EXPENSE_FORMS.get(request.POST.get("form"), ReceiptExpenseForm)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            expense_add(
                claim=claim,
                kind=data.get("kind") or form.kind,
                miles=data.get("miles"),
                amount=data.get("amount"),
                description=data.get("description", ""),
                receipt=data.get("receipt") or None,
                checked=form.checked,
                actor=request.user,
                assisted=staff,
            )
        except ClaimRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "The expense has been added to the claim.")
            return redirect(
                reverse((STAFF_URLS if staff else PORTAL_URLS)["claim"], args=[claim.pk])
            )
    return _claim_page(request, claim, staff=staff, expense_form=form)


def _remove_expense(request, claim, expense_pk, *, staff: bool):
    expense = get_expense_for_claim(claim, expense_pk)
    try:
        expense_remove(expense=expense, actor=request.user, assisted=staff)
    except ClaimRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The expense “{expense.get_kind_display()}” has been removed.")
    return redirect(reverse((STAFF_URLS if staff else PORTAL_URLS)["claim"], args=[claim.pk]))


def _submit(request, claim, *, staff: bool, choose_url: str, done_url: str):
    try:
        claim_submit(claim=claim, actor=request.user, assisted=staff)
    except ChoiceNeeded as refusal:
        if staff:
            messages.info(
                request,
                f"Before you submit the claim, give {claim.cocreator.full_name} the notice about "
                "payments, tax and benefits and record how they would like to be paid.",
            )
        else:
            messages.info(request, str(refusal))
        return redirect(choose_url)
    except ClaimRefused as refusal:
        form = SubmitClaimForm(data={})
        form.is_valid()
        form.add_error(None, str(refusal))
        return _claim_page(request, claim, staff=staff, submit_form=form)
    who = "Their" if staff else "Your"
    messages.success(request, f"{who} claim for {claim.activity.title} has been sent for approval.")
    return redirect(done_url)


def _start(request, cocreator, *, staff: bool):
    """Starting a claim for a session the person came to: the person's own, or staff for them
    (assisted). The page says why when there is nothing to choose."""
    attendances = list(claimable_attendances(cocreator))
    form = StartClaimForm(
        request.POST if request.method == "POST" else None,
        attendances=attendances,
        label="Which session is the claim for?" if staff else None,
    )
    if not attendances:
        form = None  # nothing to choose: the page says why
    elif request.method == "POST" and form.is_valid():
        try:
            claim = claim_start(
                cocreator=cocreator,
                activity=form.chosen_activity(),
                actor=request.user,
                assisted=staff,
            )
        except ClaimRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            who = (
                "The claim has been started. Add their"
                if staff
                else ("Your claim has been started. Add your")
            )
            messages.success(request, f"{who} expenses below.")
            return redirect((STAFF_URLS if staff else PORTAL_URLS)["claim"], pk=claim.pk)
    return render(
        request,
        "payments/claims/start.html",
        {"form": form, "attendances": attendances, "staff": staff, "cocreator": cocreator},
    )


# --- Portal ------------------------------------------------------------------------------------


@cocreator_required
@require_GET
def my_payments(request):
    cocreator = _own_record(request)
    return render(
        request,
        "payments/claims/portal_payments.html",
        {
            **choice_summary(cocreator),
            "groups": claims_grouped(cocreator),
            "can_start": claimable_attendances(cocreator).exists(),
        },
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def my_choice(request):
    cocreator = _own_record(request)
    summary = choice_summary(cocreator)
    form = PaymentChoiceForm(
        request.POST if request.method == "POST" else None, initial=_initial(summary["choice"])
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment_choice_record(
                cocreator=cocreator,
                method=form.cleaned_data["method"],
                charity=form.cleaned_data["charity"],
                actor=request.user,
            )
        except ClaimRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Your choice has been saved. You can change it at any time.")
            return redirect(_next(request) or reverse(MY_PAYMENTS))
    return render(
        request,
        "payments/claims/choice.html",
        {
            **summary,
            "form": form,
            "notice_template": NOTICE_TEMPLATE,
            "notice_version": NOTICE_VERSION,
            "next": _next(request),
        },
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def my_claim_start(request):
    return _start(request, _own_record(request), staff=False)


@cocreator_required
@require_http_methods(["GET", "POST"])
def my_claim(request, pk):
    claim = get_claim_for_user(request.user, pk)
    if request.method == "POST":
        return _add_expense(request, claim, staff=False)
    return _claim_page(request, claim, staff=False)


@cocreator_required
@require_POST
def my_expense_remove(request, pk, expense_pk):
    claim = get_claim_for_user(request.user, pk)
    return _remove_expense(request, claim, expense_pk, staff=False)


@cocreator_required
@require_POST
def my_claim_submit(request, pk):
    claim = get_claim_for_user(request.user, pk)
    here = reverse("payments:my-claim", args=[claim.pk])
    return _submit(
        request,
        claim,
        staff=False,
        choose_url=f"{reverse('payments:my-choice')}?next={here}",
        done_url=reverse(MY_PAYMENTS),
    )


@cocreator_required
@require_GET
def my_receipt(request, pk, expense_pk):
    claim = get_claim_for_user(request.user, pk)
    return _receipt(claim, expense_pk)


def _receipt(claim, expense_pk):
    expense = get_expense_for_claim(claim, expense_pk)
    if not expense.receipt:
        raise Http404
    return download_response(
        expense.receipt,
        display_name=expense.receipt_name or "receipt",
        content_type=expense.receipt_content_type,
    )


# --- Staff, for a person -----------------------------------------------------------------------


def _person_url(cocreator) -> str:
    return reverse("payments:person-payments", args=[cocreator.pk])


@staff_required
@require_GET
def person_payments(request, cocreator_pk):
    cocreator = get_cocreator_for_user(request.user, cocreator_pk)
    return render(
        request,
        "payments/claims/staff_person.html",
        {
            "cocreator": cocreator,
            "has_left": cocreator_left_at(cocreator) is not None,
            **staff_person_payments(cocreator),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person_choice(request, cocreator_pk):
    cocreator = get_cocreator_for_user(request.user, cocreator_pk, write=True)
    summary = choice_summary(cocreator)
    form = StaffPaymentChoiceForm(
        request.POST if request.method == "POST" else None, initial=_initial(summary["choice"])
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment_choice_record(
                cocreator=cocreator,
                method=form.cleaned_data["method"],
                charity=form.cleaned_data["charity"],
                actor=request.user,
                assisted=True,
            )
        except ClaimRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{cocreator.full_name}'s choice has been saved.")
            return redirect(_person_url(cocreator))
    return render(
        request,
        "payments/claims/staff_choice.html",
        {
            **summary,
            "cocreator": cocreator,
            "form": form,
            "notice_template": NOTICE_TEMPLATE,
            "notice_version": NOTICE_VERSION,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person_claim_start(request, cocreator_pk):
    cocreator = get_cocreator_for_user(request.user, cocreator_pk, write=True)
    return _start(request, cocreator, staff=True)


@staff_required
@require_http_methods(["GET", "POST"])
def claim_edit(request, pk):
    claim = get_claim_for_user(request.user, pk, for_staff=True, write=True)
    if request.method == "POST":
        return _add_expense(request, claim, staff=True)
    return _claim_page(request, claim, staff=True)


@staff_required
@require_POST
def claim_expense_remove(request, pk, expense_pk):
    claim = get_claim_for_user(request.user, pk, for_staff=True, write=True)
    return _remove_expense(request, claim, expense_pk, staff=True)


@staff_required
@require_POST
def staff_claim_submit(request, pk):
    claim = get_claim_for_user(request.user, pk, for_staff=True, write=True)
    return _submit(
        request,
        claim,
        staff=True,
        choose_url=reverse("payments:person-choice", args=[claim.cocreator_id]),
        done_url=_person_url(claim.cocreator),
    )


@staff_required
@require_GET
def claim_receipt(request, pk, expense_pk):
    claim = get_claim_for_user(request.user, pk, for_staff=True)
    return _receipt(claim, expense_pk)
