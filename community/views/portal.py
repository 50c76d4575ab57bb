"""The co-creator's own space: their details, choices, equality answers, their data, and leaving.

Every page here is about the signed-in person's own record, found from their login, so no URL
carries a record number and nobody can reach anyone else's record through the portal.
"""

import datetime
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cocreation.lib.spreadsheets import csv_response

from ..adapters import closed_account_remember
from ..audit import audit_record
from ..data_export import person_data, person_data_rows, row_count, section_title
from ..forms.equality import ConsentForm, DemographicsForm
from ..forms.portal import LeaveForm, PreferencesForm, ProfileForm
from ..models import AuditAction, Demographics, Role
from ..permissions import cocreator_required, user_roles
from ..portal_sections import portal_links, portal_sections_for
from ..selectors import portal_overview
from ..services import (
    cocreator_erase,
    cocreator_for_user_ensure,
    cocreator_update,
    demographics_save,
    equality_consent_give,
    equality_consent_withdraw,
    has_equality_consent,
)

HOME = "community:portal-home"
# For this long after their account is made, the portal home says what to do first.
WELCOME_FOR = datetime.timedelta(days=28)


def _own_record(request):
    return cocreator_for_user_ensure(user=request.user)


@cocreator_required
@require_GET
def portal_home(request):
    cocreator = _own_record(request)
    sections = portal_sections_for(cocreator)
    return render(
        request,
        "community/portal_home.html",
        {
            "cocreator": cocreator,
            "welcome": request.user.date_joined >= timezone.now() - WELCOME_FOR,
            "section_keys": {section["key"] for section in sections},
            **portal_overview(cocreator=cocreator),
            "portal_sections": sections,
            "portal_links": portal_links(),
        },
    )


def _edit_own_record(request, form_class, template: str, saved: str):
    """Show and save one of the person's own forms (profile or choices) through the service."""
    cocreator = _own_record(request)
    form = form_class(request.POST or None, cocreator=cocreator)
    if request.method == "POST" and form.is_valid():
        # The email address is changed on the account's email page; keep the record in step.
        changed = cocreator_update(
            actor=request.user,
            cocreator=cocreator,
            email=request.user.email,
            **form.service_kwargs(),
        )
        if changed:
            messages.success(request, saved)
        else:
            messages.info(request, "Nothing was changed.")
        return redirect(HOME)
    return render(request, template, {"form": form, "cocreator": cocreator})


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_profile(request):
    return _edit_own_record(
        request, ProfileForm, "community/portal_profile.html", "Your details have been saved."
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_preferences(request):
    return _edit_own_record(
        request,
        PreferencesForm,
        "community/portal_preferences.html",
        "Your choices have been saved.",
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_equality(request):
    """Without consent: what the questions are and why, and a tick to agree. With it: the questions."""
    cocreator = _own_record(request)
    if not has_equality_consent(cocreator):
        form = ConsentForm(
            request.POST if request.method == "POST" else None,
            agree_label="I agree",
            error=(
                "Tick 'I agree' if you want to answer the questions. You do not have to answer them"
            ),
        )
        if request.method == "POST" and form.is_valid():
            equality_consent_give(cocreator=cocreator, actor=request.user)
            messages.success(
                request, "Thank you. You can now answer the questions, or come back later."
            )
            return redirect("community:portal-equality")
        return render(
            request,
            "community/portal_equality_consent.html",
            {"form": form, "wording": ConsentForm.wording},
        )

    if request.method == "POST" and "agree" in request.POST:
        # "I agree" pressed twice (or from an old tab): consent is already given.
        return redirect("community:portal-equality")
    answers = Demographics.objects.filter(cocreator=cocreator).first()
    if request.method == "POST":
        form = DemographicsForm(request.POST, instance=answers)
        if form.is_valid():
            demographics_save(cocreator=cocreator, actor=request.user, **form.answers())
            messages.success(request, "Your answers have been saved. Thank you.")
            return redirect(HOME)
    else:
        form = DemographicsForm(instance=answers)
    return render(request, "community/portal_equality_questions.html", {"form": form})


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_equality_withdraw(request):
    cocreator = _own_record(request)
    if request.method == "POST":
        equality_consent_withdraw(cocreator=cocreator, actor=request.user)
        messages.success(
            request,
            "You have taken back your agreement. We have deleted your equality monitoring answers.",
        )
        return redirect(HOME)
    if not has_equality_consent(cocreator):
        return redirect("community:portal-equality")
    return render(request, "community/portal_equality_withdraw.html")


@cocreator_required
@require_GET
def portal_data(request):
    cocreator = _own_record(request)
    data = person_data(cocreator)
    sections = [section_title(label) for label, rows in data.items() if rows]
    return render(request, "community/portal_data.html", {"sections": sections})


def _download(request, *, extension: str, respond) -> HttpResponse:
    """The person's data, audited, as the response `respond(data, filename)` makes of it."""
    cocreator = _own_record(request)
    data = person_data(cocreator)
    audit_record(
        actor=request.user,
        action=AuditAction.DOWNLOAD,
        cocreator_id=cocreator.pk,
        count=row_count(data),
    )
    return respond(data, f"my-cocreation-data-{timezone.localdate():%Y-%m-%d}.{extension}")


def _json_response(data, filename: str) -> HttpResponse:
    body = json.dumps(data, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_response(data, filename: str):
    # The byte-order mark tells Excel the file is UTF-8, so accented names survive.
    return csv_response(person_data_rows(data), filename=filename, byte_order_mark=True)


@cocreator_required
@require_GET
def portal_data_json(request):
    return _download(request, extension="json", respond=_json_response)


@cocreator_required
@require_GET
def portal_data_csv(request):
    return _download(request, extension="csv", respond=_csv_response)


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_leave(request):
    cocreator = _own_record(request)
    other_roles = sorted(role.label for role in user_roles(request.user) - {Role.COCREATOR})
    if other_roles:
        # Leaving closes the login; a login that is also used for other work must stay open.
        return render(request, "community/portal_leave.html", {"other_roles": other_roles})
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = request.user.email
        cocreator_erase(cocreator=cocreator, actor=request.user)
        logout(request)
        # Only this browser's new session knows: signing in here again says the account closed.
        closed_account_remember(request, email=email, closed_on=timezone.localdate())
        return redirect("community:portal-left")
    return render(request, "community/portal_leave.html", {"form": form})


@require_GET
def portal_left(request):
    """Public: where a person lands after leaving, already signed out."""
    return render(request, "community/portal_left.html")
