"""The staff community register: find, read, add and change people's records; invite; export; audit.

Every view that touches one person's record reaches it through `get_cocreator_for_user`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cocreation.lib.forms import posted
from cocreation.lib.links import absolute_url
from cocreation.lib.pagination import paginate
from cocreation.lib.spreadsheets import csv_response

from .. import audit, selectors, services
from ..contact_log import contact_log_open_follow_ups
from ..forms.contact_log import ContactLogEntryForm
from ..forms.equality import ConsentForm, DemographicsForm
from ..forms.register import (
    AuditFilterForm,
    CoCreatorAddForm,
    CoCreatorFilterForm,
    CoCreatorForm,
)
from ..models import AuditAction, CoCreator, ConsentPurpose, Demographics
from ..permissions import can_see_individual_equality_data, get_cocreator_for_user, staff_required
from ..story import story_page

# --- Finding people ----------------------------------------------------------------------------


def _filtered_people(request):
    """The filter form bound to the query string, and the people it finds (None if it is wrong)."""
    form = CoCreatorFilterForm(request.GET or None)
    if not form.is_bound:
        return form, selectors.cocreator_search()
    if not form.is_valid():
        return form, None
    return form, selectors.cocreator_search(**form.search_kwargs())


@staff_required
def cocreator_list(request):
    form, people = _filtered_people(request)
    pages = (
        paginate(request, people) if people is not None else {"page_obj": None, "page_range": None}
    )
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "community/cocreator_list.html",
        {
            "form": form,
            **pages,
            "filtered": form.is_bound and any(form.data.get(name) for name in form.fields),
            "export_query": export_query.urlencode(),
        },
    )


@staff_required
def cocreator_export(request):
    form, people = _filtered_people(request)
    if people is None:
        messages.error(request, "Fix the filters before exporting.")
        return redirect(f"{reverse('community:cocreator-list')}?{request.GET.urlencode()}")
    count = people.count()
    audit.audit_record(actor=request.user, action=AuditAction.EXPORT, count=count)
    # Streamed: the header row leaves at once and the people are read as they are sent.
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return csv_response(
        selectors.cocreator_export_rows(people), filename=f"community-register-{stamp}.csv"
    )


# --- One person --------------------------------------------------------------------------------


@staff_required
def cocreator_detail(request, pk):
    cocreator = get_cocreator_for_user(request.user, pk)
    left_at = selectors.cocreator_left_at(cocreator)
    if left_at is not None:
        # Only that they left and when: everything else about them was erased or is anonymous.
        audit.audit_record(actor=request.user, action=AuditAction.VIEW, cocreator_id=cocreator.pk)
        return render(
            request, "community/cocreator_left.html", {"cocreator": cocreator, "left_at": left_at}
        )
    may_see_equality = can_see_individual_equality_data(request.user, cocreator)
    audit.audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        cocreator_id=cocreator.pk,
        fields=["demographics"] if may_see_equality else [],
    )
    profile = selectors.cocreator_profile(cocreator)
    context = {
        "cocreator": cocreator,
        "may_see_equality": may_see_equality,
        "recent_activity": profile["recent_activity"],
        # Their whole story, newest first, and the contact log's open follow-ups and form.
        "story": story_page(cocreator, for_staff=True),
        "follow_ups": contact_log_open_follow_ups(cocreator),
        "contact_log_form": ContactLogEntryForm(actor=request.user),
    }
    if may_see_equality:
        context["has_consent"] = services.has_equality_consent(cocreator)
        context["demographics"] = profile["demographics"]
    return render(request, "community/cocreator_detail.html", context)


@staff_required
def cocreator_add(request):
    form = CoCreatorAddForm(posted(request))
    if request.method == "POST" and form.is_valid():
        cocreator = services.cocreator_register(actor=request.user, **form.service_kwargs())
        messages.success(request, f"{cocreator.full_name} has been added to the register.")
        return redirect(cocreator)
    return render(request, "community/cocreator_form.html", {"form": form, "adding": True})


@staff_required
def cocreator_edit(request, pk):
    cocreator = get_cocreator_for_user(request.user, pk, write=True)
    form = CoCreatorForm(posted(request), instance=cocreator)
    if request.method == "POST":
        if form.is_valid():
            changed = services.cocreator_update(
                actor=request.user, cocreator=cocreator, **form.service_kwargs()
            )
            if changed:
                messages.success(request, "The changes have been saved.")
            else:
                messages.info(request, "Nothing was changed.")
            return redirect(cocreator)
    else:
        audit.audit_record(actor=request.user, action=AuditAction.VIEW, cocreator_id=pk)
    return render(
        request,
        "community/cocreator_form.html",
        {"form": form, "adding": False, "cocreator": cocreator},
    )


@staff_required
@require_POST
def cocreator_invite(request, pk):
    cocreator = get_cocreator_for_user(request.user, pk, write=True)
    login_url = absolute_url(reverse("account_request_login_code"))
    try:
        services.cocreator_invite(actor=request.user, cocreator=cocreator, login_url=login_url)
    except services.InviteRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"{cocreator.display_name} now has a portal login. We have emailed {cocreator.email} "
            "to tell them how to sign in.",
        )
    return redirect(cocreator)


# --- Equality monitoring answers recorded by staff ---------------------------------------------


def _cocreator_for_equality(request, pk) -> CoCreator:
    cocreator = get_cocreator_for_user(request.user, pk, write=True)
    if not can_see_individual_equality_data(request.user, cocreator):
        raise PermissionDenied("Only staff with the equality data permission can do this.")
    return cocreator


@staff_required
def cocreator_equality(request, pk):
    cocreator = _cocreator_for_equality(request, pk)
    if not services.has_equality_consent(cocreator):
        form = ConsentForm(
            posted(request),
            agree_label="The person has agreed to this",
            error="Tick the box to show the person has agreed, or go back to their record",
        )
        if request.method == "POST" and form.is_valid():
            services.equality_consent_give(cocreator=cocreator, actor=request.user)
            messages.success(request, "Consent has been recorded. Now record their answers.")
            return redirect("community:cocreator-equality", pk=cocreator.pk)
        return render(
            request,
            "community/cocreator_equality_consent.html",
            {"cocreator": cocreator, "form": form},
        )

    current = Demographics.objects.filter(cocreator=cocreator).first()
    form = DemographicsForm(posted(request), instance=current)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.demographics_save(
                    cocreator=cocreator, actor=request.user, **form.answers()
                )
            except services.ConsentMissing:
                messages.error(request, "Consent was withdrawn, so the answers were not saved.")
                return redirect(cocreator)
            messages.success(request, "The equality monitoring answers have been saved.")
            return redirect(cocreator)
    elif current is not None:
        audit.audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            cocreator_id=cocreator.pk,
            fields=["demographics"],
        )
    return render(
        request,
        "community/cocreator_equality_form.html",
        {"cocreator": cocreator, "form": form},
    )


@staff_required
def cocreator_equality_withdraw(request, pk):
    cocreator = _cocreator_for_equality(request, pk)
    if request.method == "POST":
        withdrawn = services.equality_consent_withdraw(cocreator=cocreator, actor=request.user)
        if withdrawn:
            messages.success(
                request, "Consent has been withdrawn and their equality answers deleted."
            )
        else:
            messages.info(request, "There was no consent to withdraw.")
        return redirect(cocreator)
    consent = cocreator.consents.active().filter(purpose=ConsentPurpose.EQUALITY_MONITORING).first()
    return render(
        request,
        "community/cocreator_equality_withdraw.html",
        {"cocreator": cocreator, "consent": consent},
    )


# --- The audit log -----------------------------------------------------------------------------


@staff_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    pages = {"page_obj": None, "page_range": None}
    if not form.is_bound or form.is_valid():
        record = form.cleaned_data.get("record") if form.is_bound else None
        pages = paginate(request, selectors.audit_events(cocreator_id=record))
    page = pages["page_obj"]
    if page is not None:
        page.object_list = list(page.object_list)
        names = selectors.cocreator_names(event.cocreator_id for event in page.object_list)
        for event in page.object_list:
            event.record_name = names.get(event.cocreator_id)
    return render(
        request,
        "community/auditevent_list.html",
        {"form": form, **pages},
    )
