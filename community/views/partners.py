"""Staff pages for partner organisations, their contacts, and Community Co-creation Champions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cocreation.lib.forms import add_service_errors
from cocreation.lib.pagination import paginate

from .. import selectors
from ..forms.partners import (
    ChampionEndForm,
    ChampionFilterForm,
    ChampionForm,
    PartnerContactForm,
    PartnerFilterForm,
    PartnerForm,
)
from ..models import PartnerContact
from ..partner_sections import partner_sections_for
from ..partners import services
from ..permissions import get_champion_for_user, get_partner_for_user, staff_required

# --- Partner organisations ---------------------------------------------------------------------


@staff_required
def partner_list(request):
    filter_form = PartnerFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    partners = selectors.partner_list(
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        search=filters.get("q", ""),
    )
    return render(
        request,
        "community/partner_list.html",
        {
            "filter_form": filter_form,
            "filtered": any(filters.values()),
            **paginate(request, partners),
        },
    )


@staff_required
def partner_detail(request, pk):
    partner = get_partner_for_user(request.user, pk)
    contacts = selectors.partner_contacts_with_champions(partner)
    champions = [(contact, role) for contact in contacts for role in contact.champion_roles.all()]
    return render(
        request,
        "community/partner_detail.html",
        {
            "partner": partner,
            "localities": list(partner.localities.all()),
            "contacts": contacts,
            "champions": champions,
            # What other apps add (capacity: partner logins and requests for support).
            "sections": partner_sections_for(partner),
        },
    )


def _run_service(form, call):
    """What the service `call` returns, or None when it refused: its reasons go on the form."""
    try:
        return call()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _say_saved(request, changed: bool, text: str) -> None:
    """Tell the user their changes were saved (`text`), or that there were none."""
    if changed:
        messages.success(request, text)
    else:
        messages.info(request, "Nothing was changed.")


@staff_required
@require_http_methods(["GET", "POST"])
def partner_add(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        localities = data.pop("localities")
        partner = _run_service(
            form,
            lambda: services.partner_create(actor=request.user, localities=localities, **data),
        )
        if partner is not None:
            messages.success(request, f"{partner.name} has been added.")
            return redirect("community:partner-detail", pk=partner.pk)
    return render(request, "community/partner_form.html", {"form": form, "partner": None})


@staff_required
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    partner = get_partner_for_user(request.user, pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        localities = data.pop("localities")
        changed = _run_service(
            form,
            lambda: services.partner_update(
                actor=request.user, partner=partner, localities=localities, **data
            ),
        )
        if changed is not None:
            _say_saved(request, changed, f"Your changes to {partner.name} have been saved.")
            return redirect("community:partner-detail", pk=partner.pk)
    return render(request, "community/partner_form.html", {"form": form, "partner": partner})


# --- Partner contacts --------------------------------------------------------------------------


def _contact_for_user(user, pk, contact_pk):
    partner = get_partner_for_user(user, pk)
    return get_object_or_404(
        PartnerContact.objects.select_related("organisation"), pk=contact_pk, organisation=partner
    )


@staff_required
@require_http_methods(["GET", "POST"])
def partner_contact_add(request, pk):
    partner = get_partner_for_user(request.user, pk)
    form = PartnerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = _run_service(
            form,
            lambda: services.partner_contact_add(
                actor=request.user, organisation=partner, **form.cleaned_data
            ),
        )
        if contact is not None:
            messages.success(request, f"{contact.name} has been added as a contact.")
            return redirect("community:partner-detail", pk=partner.pk)
    return render(
        request,
        "community/partner_contact_form.html",
        {"form": form, "partner": partner, "contact": None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def partner_contact_edit(request, pk, contact_pk):
    contact = _contact_for_user(request.user, pk, contact_pk)
    partner = contact.organisation
    form = PartnerContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        changed = _run_service(
            form,
            lambda: services.partner_contact_update(
                actor=request.user, contact=contact, **form.cleaned_data
            ),
        )
        if changed is not None:
            _say_saved(request, changed, f"Your changes to {contact.name} have been saved.")
            return redirect("community:partner-detail", pk=partner.pk)
    return render(
        request,
        "community/partner_contact_form.html",
        {"form": form, "partner": partner, "contact": contact},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def partner_contact_delete(request, pk, contact_pk):
    contact = _contact_for_user(request.user, pk, contact_pk)
    partner = contact.organisation
    if request.method == "POST":
        name = contact.name
        services.partner_contact_remove(actor=request.user, contact=contact)
        messages.success(request, f"{name} has been removed from {partner.name}.")
        return redirect("community:partner-detail", pk=partner.pk)
    return render(
        request,
        "community/partner_contact_delete.html",
        {
            "partner": partner,
            "contact": contact,
            "champion_roles": list(contact.champion_roles.all()),
        },
    )


# --- Community Co-creation Champions -----------------------------------------------------------


@staff_required
def champion_list(request):
    filter_form = ChampionFilterForm(request.GET or None)
    champions = selectors.champion_list(state=filter_form.state())
    return render(
        request,
        "community/champion_list.html",
        {"filter_form": filter_form, **paginate(request, champions)},
    )


def _champion_fields(form) -> dict:
    data = dict(form.cleaned_data)
    return {
        "cocreator": data["cocreator"],
        "partner_contact": data["partner_contact"],
        "communities": data["communities"],
        "since": data["since"],
        "until": data["until"],
    }


@staff_required
@require_http_methods(["GET", "POST"])
def champion_add(request):
    form = ChampionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        champion = _run_service(
            form,
            lambda: services.champion_appoint(
                actor=request.user,
                localities=form.cleaned_data["localities"],
                **_champion_fields(form),
            ),
        )
        if champion is not None:
            messages.success(
                request, f"{champion_name(champion)} is now a Community Co-creation Champion."
            )
            return redirect("community:champion-list")
    return render(request, "community/champion_form.html", {"form": form, "champion": None})


@staff_required
@require_http_methods(["GET", "POST"])
def champion_edit(request, pk):
    champion = get_champion_for_user(request.user, pk)
    form = ChampionForm(request.POST or None, instance=champion)
    if request.method == "POST" and form.is_valid():
        changed = _run_service(
            form,
            lambda: services.champion_update(
                actor=request.user,
                champion=champion,
                localities=form.cleaned_data["localities"],
                **_champion_fields(form),
            ),
        )
        if changed is not None:
            _say_saved(request, changed, f"Your changes to {champion_name(champion)} are saved.")
            return redirect("community:champion-list")
    return render(request, "community/champion_form.html", {"form": form, "champion": champion})


@staff_required
@require_http_methods(["GET", "POST"])
def champion_end(request, pk):
    champion = get_champion_for_user(request.user, pk)
    form = ChampionEndForm(request.POST or None, champion=champion)
    if request.method == "POST" and form.is_valid():
        try:
            services.champion_end(
                actor=request.user, champion=champion, until=form.cleaned_data["until"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{champion_name(champion)}'s champion role ended on "
                f"{champion.until.day} {champion.until:%B %Y}.",
            )
            return redirect("community:champion-list")
    return render(request, "community/champion_end.html", {"form": form, "champion": champion})


def champion_name(champion) -> str:
    """The name a champion is shown under: the co-creator's, or the partner contact's."""
    if champion.cocreator_id:
        return champion.cocreator.display_name
    return champion.partner_contact.name
