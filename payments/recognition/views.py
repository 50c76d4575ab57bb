"""Recognition: the certificate of involvement (the person's own in the portal, anyone's for
staff) and reference letters staff draft from a person's record, edit and print.

The portal's certificate has no record number in its URL: it is the signed-in person's own.
A person reaches staff pages by role only (a co-creator gets 403); letters go through
`get_reference_letter_for_user`, people through `get_cocreator_for_user`.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cocreation.lib.pdf import pdf_response
from community.models import CoCreatorStatus
from community.permissions import cocreator_required, get_cocreator_for_user, staff_required
from community.services import cocreator_for_user_ensure

from ..pdf import pdf_render
from .forms import ReferenceLetterForm
from .permissions import get_person_to_write_for, get_reference_letter_for_user
from .selectors import certificate_for, letter_draft, organisation_name, team_name
from .services import LetterRefused, reference_letter_save


def _certificate_response(request, cocreator, *, portal: bool):
    certificate = certificate_for(cocreator)
    if not certificate.has_attended:
        return render(
            request,
            "payments/recognition/certificate_none.html",
            {"cocreator": cocreator, "portal": portal},
        )
    data = pdf_render("payments/recognition/pdf/certificate.html", {"certificate": certificate})
    return pdf_response(data, "certificate-of-involvement.pdf")


@cocreator_required
@require_GET
def portal_certificate(request):
    return _certificate_response(request, cocreator_for_user_ensure(user=request.user), portal=True)


@staff_required
@require_GET
def person_certificate(request, cocreator_pk):
    cocreator = get_cocreator_for_user(request.user, cocreator_pk)
    if cocreator.status == CoCreatorStatus.LEFT:
        raise Http404  # their name is gone: there is nobody to certify
    return _certificate_response(request, cocreator, portal=False)


def _letter_form_page(request, form, *, cocreator, letter=None):
    return render(
        request,
        "payments/recognition/letter_form.html",
        {"form": form, "cocreator": cocreator, "letter": letter},
    )


def _save(request, form, *, cocreator, letter=None):
    """Save the letter through the service; None (and the error on the form) if refused."""
    try:
        return reference_letter_save(
            cocreator=cocreator,
            letter=letter,
            addressed_to=form.cleaned_data["addressed_to"],
            body=form.cleaned_data["body"],
            actor=request.user,
        )
    except LetterRefused as refusal:
        form.add_error(None, str(refusal))
        return None


@staff_required
@require_http_methods(["GET", "POST"])
def reference_letter_add(request, cocreator_pk):
    cocreator = get_person_to_write_for(request.user, cocreator_pk)
    if request.method == "POST":
        form = ReferenceLetterForm(request.POST)
        if form.is_valid() and (letter := _save(request, form, cocreator=cocreator)):
            messages.success(request, f"The reference letter for {cocreator.full_name} is saved.")
            return redirect("payments:reference-letter-edit", pk=letter.pk)
    else:
        form = ReferenceLetterForm(initial={"body": letter_draft(cocreator, author=request.user)})
    return _letter_form_page(request, form, cocreator=cocreator)


@staff_required
@require_http_methods(["GET", "POST"])
def reference_letter_edit(request, pk):
    letter = get_reference_letter_for_user(request.user, pk, write=True)
    cocreator = letter.cocreator
    if request.method == "POST":
        form = ReferenceLetterForm(request.POST)
        if form.is_valid() and _save(request, form, cocreator=cocreator, letter=letter):
            messages.success(request, "Your changes to the letter are saved.")
            return redirect("payments:reference-letter-edit", pk=letter.pk)
    else:
        form = ReferenceLetterForm(
            initial={"addressed_to": letter.addressed_to, "body": letter.body}
        )
    return _letter_form_page(request, form, cocreator=cocreator, letter=letter)


@staff_required
@require_GET
def reference_letter_pdf(request, pk):
    letter = get_reference_letter_for_user(request.user, pk)
    data = pdf_render(
        "payments/recognition/pdf/letter.html",
        {"letter": letter, "organisation": organisation_name(), "team": team_name()},
    )
    return pdf_response(data, f"reference-letter-{letter.pk}.pdf")
