"""Staff pages for payment rates: the list (current, future and ended), adding one, and changing
one (in full until a claim uses it; after that only its end date). Staff holding the payments
permission only (`payments.permissions.manage_payments_required`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cocreation.lib.forms import add_service_errors, posted

from ..permissions import manage_payments_required
from .forms import RateEndForm, RateForm, rate_initial
from .permissions import get_rate_for_user
from .selectors import RateRow, rate_claims_count, rates_grouped
from .services import rate_add, rate_update

RATE_LIST = "payments:rate-list"


@manage_payments_required
@require_GET
def rate_list(request):
    return render(request, "payments/rates/rate_list.html", {"groups": rates_grouped()})


@manage_payments_required
@require_http_methods(["GET", "POST"])
def rate_add_view(request):
    form = RateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            rate = rate_add(**form.values(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{rate.name} has been added.")
            return redirect(RATE_LIST)
    return render(request, "payments/rates/rate_form.html", {"form": form, "rate": None})


@manage_payments_required
@require_http_methods(["GET", "POST"])
def rate_edit(request, pk):
    rate = get_rate_for_user(request.user, pk)
    used = rate_claims_count(rate)
    form_class = RateEndForm if used else RateForm
    form = form_class(posted(request), initial=rate_initial(rate))
    if request.method == "POST" and form.is_valid():
        try:
            rate_update(rate=rate, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your changes to {rate.name} have been saved.")
            return redirect(RATE_LIST)
    return render(
        request,
        "payments/rates/rate_form.html",
        {"form": form, "rate": rate, "used": used, "row": RateRow(rate=rate, claims=used)},
    )
