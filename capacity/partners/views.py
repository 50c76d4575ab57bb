"""The partner section's pages: a system partner's home (the offer for partners and their own
requests), training, toolkits, asking for support and reading the answer; and the staff pages
that give and end partner logins and answer requests. Partner pages are for `Role.PARTNER`
only, staff pages for staff only; each object is reached through `permissions`."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cocreation.lib.forms import posted
from cocreation.lib.pagination import paginate
from community.permissions import staff_required

from .forms import (
    AccessFilterForm,
    AnswerForm,
    EndAccessForm,
    GiveAccessForm,
    RequestFilterForm,
    SupportRequestForm,
)
from .permissions import (
    get_partner_access_for_user,
    get_support_request_for_user,
    partner_required,
)
from .selectors import (
    access_rows,
    open_access_of,
    partner_courses,
    partner_home,
    partner_toolkits,
    prefilled_request,
    request_rows,
)
from .services import (
    PartnerAccessRefused,
    SupportRequestRefused,
    partner_access_end,
    partner_access_give,
    support_request_answer,
    support_request_make,
)

# --- The partner's pages -----------------------------------------------------------------------


@partner_required
@require_GET
def home(request):
    return render(request, "capacity/partners/home.html", partner_home(request.user))


@partner_required
@require_GET
def training(request):
    return render(request, "capacity/partners/training.html", {"courses": partner_courses()})


@partner_required
@require_GET
def toolkits(request):
    return render(
        request, "capacity/partners/toolkits.html", {"toolkits": list(partner_toolkits())}
    )


@partner_required
@require_http_methods(["GET", "POST"])
def support_new(request):
    initial = (
        {}
        if request.method == "POST"
        else prefilled_request(request.GET.get("kind", ""), request.GET.get("course"))
    )
    form = SupportRequestForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            support = support_request_make(
                user=request.user,
                kind=form.cleaned_data["kind"],
                what_is_needed=form.cleaned_data["what_is_needed"],
            )
        except SupportRequestRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                "Thank you. Your request has been sent to the involvement team. We will reply "
                "here, and email you when we do.",
            )
            return redirect("capacity:partners-request", pk=support.pk)
    return render(request, "capacity/partners/support_form.html", {"form": form})


@partner_required
@require_GET
def support_detail(request, pk):
    support = get_support_request_for_user(request.user, pk)
    return render(request, "capacity/partners/support_detail.html", {"support": support})


# --- Staff pages -------------------------------------------------------------------------------


@staff_required
@require_GET
def staff_access_list(request):
    filter_form = AccessFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    rows = access_rows(organisation=filters.get("organisation"), state=filters.get("state", ""))
    return render(
        request,
        "capacity/partners/staff_access_list.html",
        {
            "form": filter_form,
            "filtered": any(filters.values()),
            **paginate(request, rows),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_access_give(request):
    initial = {}
    if request.method == "GET" and request.GET.get("organisation", "").isdigit():
        initial["organisation"] = request.GET["organisation"]
    form = GiveAccessForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            access = partner_access_give(
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                organisation=form.cleaned_data["organisation"],
                job_title=form.cleaned_data["job_title"],
            )
        except PartnerAccessRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            name = access.user.full_name or access.user.email
            if access.told:
                said = f"We have emailed {access.user.email} to tell them how to sign in."
            else:
                said = "They had it already: their organisation and job title are updated."
            messages.success(request, f"{name} has partner access. {said}")
            return redirect("capacity:partners-staff-access")
    return render(request, "capacity/partners/staff_access_form.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_access_end(request, pk):
    access = get_partner_access_for_user(request.user, pk)
    if access.ended_at is not None:
        messages.info(request, "This partner access has already ended.")
        return redirect("capacity:partners-staff-access")
    form = EndAccessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        partner_access_end(actor=request.user, access=access)
        messages.success(
            request,
            f"{access.user.full_name or access.user.email}'s partner access has ended. They "
            "can no longer open the partner section.",
        )
        return redirect("capacity:partners-staff-access")
    return render(
        request, "capacity/partners/staff_access_end.html", {"form": form, "access": access}
    )


@staff_required
@require_GET
def staff_request_list(request):
    filter_form = RequestFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    rows = request_rows(status=filters.get("status", ""), organisation=filters.get("organisation"))
    return render(
        request,
        "capacity/partners/staff_request_list.html",
        {
            "form": filter_form,
            "filtered": any(filters.values()),
            **paginate(request, rows),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_request_detail(request, pk):
    support = get_support_request_for_user(request.user, pk)
    form = AnswerForm(
        posted(request), initial={"status": support.status, "reply": support.staff_reply}
    )
    if request.method == "POST" and form.is_valid():
        answered = support_request_answer(
            actor=request.user,
            request=support,
            status=form.cleaned_data["status"],
            reply=form.cleaned_data["reply"],
        )
        messages.success(
            request,
            f"The request is saved as {answered.get_status_display().lower()}."
            + (" We have emailed them to say there is a reply." if answered.told else ""),
        )
        return redirect(reverse("capacity:partners-staff-request", args=[support.pk]))
    return render(
        request,
        "capacity/partners/staff_request_detail.html",
        {
            "support": support,
            "form": form,
            "access": open_access_of(support.requested_by) if support.requested_by else None,
        },
    )
