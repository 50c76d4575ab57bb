"""Applying for accreditation's pages.

Staff (`/staff/accreditation/...`): the services with their latest application, adding and
inviting a service and giving it contacts; the criteria as data, by version (a draft's standards
and criteria are changed, then it is published and never changed again). A service's contacts
(the partner section, `/partners/accreditation/...`): their services, starting an application,
and the application itself. The application's pages (answers, evidence, submitting,
withdrawing) are the same for both: each view is written once and opened from both areas, and
`Area` says which area's addresses it links to.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreation.lib.forms import posted
from community.permissions import staff_required

from ...models import ApplicationStatus, EvidenceKind
from ...partners.permissions import partner_required
from .downloads import evidence_download
from .forms import (
    ActivityEvidenceForm,
    AssessmentForm,
    ContactForm,
    CriterionForm,
    DocumentEvidenceForm,
    FrameworkForm,
    ImpactEvidenceForm,
    ServiceForm,
    ServiceStatusFilter,
    StandardForm,
)
from .permissions import (
    can_write_application,
    get_application_for_user,
    get_criterion_for_user,
    get_criterion_of_application,
    get_evidence_for_user,
    get_framework_for_user,
    get_service_for_user,
    get_standard_for_user,
)
from .selectors import (
    STATUS_TAGS,
    application_page,
    criterion_item,
    current_framework,
    draft_framework,
    framework_rows,
    framework_standards,
    missing_criteria,
    partner_service_cards,
    pilot_on,
    service_cards,
    service_contacts,
    service_rows,
    services_summary,
)
from .services import (
    AccreditationRefused,
    ApplicationIncomplete,
    application_start,
    application_submit,
    application_withdraw,
    assessment_save,
    criterion_remove,
    criterion_save,
    evidence_document_add,
    evidence_link,
    evidence_remove,
    framework_new_version,
    framework_problems,
    framework_publish,
    framework_save,
    service_contact_add,
    service_contact_remove,
    service_invite,
    service_save,
    standard_remove,
    standard_save,
)

# --- Which area a page of an application is opened in ---------------------------------------------


@dataclass(frozen=True)
class Area:
    staff: bool

    def url(self, page: str) -> str:
        return f"capacity:accreditation-{'staff' if self.staff else 'partner'}-{page}"

    # The URL names each page links to (templates: `{% url area.application pk %}`).
    application = property(lambda self: self.url("application"))
    assessment = property(lambda self: self.url("assessment"))
    impact = property(lambda self: self.url("evidence-impact"))
    activity = property(lambda self: self.url("evidence-activity"))
    document = property(lambda self: self.url("evidence-document"))
    remove = property(lambda self: self.url("evidence-remove"))
    download = property(lambda self: self.url("evidence-download"))
    submit = property(lambda self: self.url("submit"))
    withdraw = property(lambda self: self.url("withdraw"))

    def back(self, application) -> tuple[str, str]:
        """Where "Back" goes from an application: the service's page, or the contact's list."""
        if self.staff:
            return (
                reverse("capacity:accreditation-service", args=[application.service_id]),
                f"Back to {application.service.name}",
            )
        return reverse("capacity:accreditation-partner-home"), "Back to accreditation"


STAFF = Area(staff=True)
PARTNER = Area(staff=False)


def _application_context(request, area: Area, application, **extra) -> dict:
    back_url, back_label = area.back(application)
    return {
        "area": area,
        "application": application,
        "can_write": can_write_application(request.user, application),
        "status_tag": STATUS_TAGS.get(application.status, ""),
        "back_url": back_url,
        "back_label": back_label,
        **extra,
    }


# --- Staff: services ------------------------------------------------------------------------------


@staff_required
@require_GET
def services(request):
    form = ServiceStatusFilter(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "capacity/accreditation/applying/service_list.html",
        {
            "rows": service_rows(status=status),
            "filter": form,
            "status": status,
            "summary": services_summary(),
            "pilot": pilot_on(),
            "framework": current_framework(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def service_add(request):
    form = ServiceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        service = service_save(service=form.save(commit=False))
        messages.success(request, f"{service.name} has been added.")
        return redirect("capacity:accreditation-service", pk=service.pk)
    return render(
        request,
        "capacity/accreditation/applying/service_form.html",
        {"form": form, "service": None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    service = get_service_for_user(request.user, pk)
    form = ServiceForm(posted(request), instance=service)
    if request.method == "POST" and form.is_valid():
        service_save(service=form.save(commit=False))
        messages.success(request, f"{service.name} has been saved.")
        return redirect("capacity:accreditation-service", pk=service.pk)
    return render(
        request,
        "capacity/accreditation/applying/service_form.html",
        {"form": form, "service": service},
    )


@staff_required
@require_GET
def service_detail(request, pk):
    service = get_service_for_user(request.user, pk)
    (card,) = service_cards(type(service).objects.filter(pk=service.pk))
    return render(
        request,
        "capacity/accreditation/applying/service_detail.html",
        {
            "service": service,
            "card": card,
            "contacts": service_contacts(service),
            "pilot": pilot_on(),
        },
    )


@staff_required
@require_POST
def service_invite_view(request, pk):
    service = get_service_for_user(request.user, pk)
    service_invite(service=service, actor=request.user)
    messages.success(
        request,
        f"{service.name} is invited to apply. Its contacts can now start an application.",
    )
    return redirect("capacity:accreditation-service", pk=service.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def contact_add(request, pk):
    service = get_service_for_user(request.user, pk)
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = service_contact_add(
                service=service,
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
            )
        except AccreditationRefused as refusal:
            form.add_error("email", str(refusal))
        else:
            messages.success(
                request,
                f"{user.full_name or user.email} is now a contact for {service.name}. They can "
                "sign in to the partner section with a code sent to their email.",
            )
            return redirect(reverse("capacity:accreditation-service", args=[pk]) + "#contacts")
    return render(
        request,
        "capacity/accreditation/applying/contact_form.html",
        {"form": form, "service": service},
    )


@staff_required
@require_POST
def contact_remove(request, pk, user_pk):
    service = get_service_for_user(request.user, pk)
    contact = service.contacts.filter(pk=user_pk).first()
    if contact is None:
        raise Http404
    service_contact_remove(service=service, user=contact)
    messages.success(
        request, f"{contact.full_name or contact.email} is no longer a contact for {service.name}."
    )
    return redirect(reverse("capacity:accreditation-service", args=[pk]) + "#contacts")


def _start(request, pk, area: Area, failed_url: str):
    service = get_service_for_user(request.user, pk)
    try:
        application = application_start(service=service, actor=request.user)
    except AccreditationRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(failed_url)
    messages.success(
        request,
        f"The application for {service.name} has started, on version "
        f"{application.framework.version} of the criteria. Answer each criterion, then submit.",
    )
    return redirect(area.application, pk=application.pk)


@staff_required
@require_POST
def service_start(request, pk):
    return _start(request, pk, STAFF, reverse("capacity:accreditation-service", args=[pk]))


# --- Staff: the criteria --------------------------------------------------------------------------


@staff_required
@require_GET
def criteria(request):
    return render(
        request,
        "capacity/accreditation/applying/framework_list.html",
        {"rows": framework_rows(), "draft": draft_framework()},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def framework_add(request):
    draft = draft_framework()
    if draft is not None:
        messages.info(
            request,
            f"Version {draft.version} is being drafted already. Change it, or publish it, "
            "before starting another.",
        )
        return redirect("capacity:accreditation-framework", pk=draft.pk)
    current = current_framework()
    form = FrameworkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        framework = framework_new_version(
            version=form.cleaned_data["version"],
            introduction=form.cleaned_data["introduction"],
        )
        messages.success(
            request,
            f"Version {framework.version} has been started as a draft"
            + (f", a copy of version {current.version}." if current else ".")
            + " Change it, then publish it.",
        )
        return redirect("capacity:accreditation-framework", pk=framework.pk)
    return render(
        request,
        "capacity/accreditation/applying/framework_form.html",
        {"form": form, "framework": None, "current": current},
    )


@staff_required
@require_GET
def framework_detail(request, pk):
    framework = get_framework_for_user(request.user, pk)
    return render(
        request,
        "capacity/accreditation/applying/framework_detail.html",
        {
            "framework": framework,
            "standards": framework_standards(framework),
            "is_current": (current := current_framework()) is not None
            and current.pk == framework.pk,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def framework_edit(request, pk):
    framework = get_framework_for_user(request.user, pk, write=True)
    form = FrameworkForm(posted(request), instance=framework)
    if request.method == "POST" and form.is_valid():
        framework_save(framework=form.save(commit=False))
        messages.success(request, f"Version {framework.version} has been saved.")
        return redirect("capacity:accreditation-framework", pk=framework.pk)
    return render(
        request,
        "capacity/accreditation/applying/framework_form.html",
        {"form": form, "framework": framework},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def framework_publish_view(request, pk):
    framework = get_framework_for_user(request.user, pk, write=True)
    problems = framework_problems(framework)
    if request.method == "POST" and not problems:
        try:
            framework_publish(framework=framework)
        except AccreditationRefused as refusal:
            problems = [str(refusal)]
        else:
            messages.success(
                request,
                f"Version {framework.version} is published. New applications use it from now; "
                "it can no longer be changed.",
            )
            return redirect("capacity:accreditation-framework", pk=framework.pk)
    return render(
        request,
        "capacity/accreditation/applying/framework_publish.html",
        {
            "framework": framework,
            "problems": problems,
            "posted": request.method == "POST",
            "standards": framework_standards(framework),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def standard_add(request, pk):
    framework = get_framework_for_user(request.user, pk, write=True)
    next_number = framework.standards.count() + 1
    form = StandardForm(posted(request), parent=framework, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        standard = form.save(commit=False)
        standard.framework = framework
        standard_save(standard=standard)
        messages.success(
            request, f"Standard {standard.number} has been added. Now add its criteria."
        )
        return redirect(
            reverse("capacity:accreditation-framework", args=[framework.pk])
            + f"#standard-{standard.pk}"
        )
    return render(
        request,
        "capacity/accreditation/applying/standard_form.html",
        {"form": form, "framework": framework, "standard": None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def standard_edit(request, pk):
    standard = get_standard_for_user(request.user, pk, write=True)
    form = StandardForm(posted(request), instance=standard, parent=standard.framework)
    if request.method == "POST" and form.is_valid():
        standard_save(standard=form.save(commit=False))
        messages.success(request, f"Standard {standard.number} has been saved.")
        return redirect(
            reverse("capacity:accreditation-framework", args=[standard.framework_id])
            + f"#standard-{standard.pk}"
        )
    return render(
        request,
        "capacity/accreditation/applying/standard_form.html",
        {"form": form, "framework": standard.framework, "standard": standard},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def standard_remove_view(request, pk):
    standard = get_standard_for_user(request.user, pk, write=True)
    if request.method == "POST":
        standard_remove(standard=standard)
        messages.success(request, f"Standard {standard.number}, {standard.title}, was removed.")
        return redirect("capacity:accreditation-framework", pk=standard.framework_id)
    return render(
        request,
        "capacity/accreditation/applying/remove_confirm.html",
        {
            "framework": standard.framework,
            "what": f"standard {standard.number}, {standard.title}",
            "detail": f"Its {standard.criteria.count()} criteria are removed with it.",
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def criterion_add(request, pk):
    standard = get_standard_for_user(request.user, pk, write=True)
    next_number = standard.criteria.count() + 1
    form = CriterionForm(posted(request), parent=standard, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        criterion = form.save(commit=False)
        criterion.standard = standard
        criterion_save(criterion=criterion)
        messages.success(request, f"Criterion {standard.number}.{criterion.number} has been added.")
        return redirect(
            reverse("capacity:accreditation-framework", args=[standard.framework_id])
            + f"#standard-{standard.pk}"
        )
    return render(
        request,
        "capacity/accreditation/applying/criterion_form.html",
        {"form": form, "framework": standard.framework, "standard": standard, "criterion": None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = get_criterion_for_user(request.user, pk, write=True)
    standard = criterion.standard
    form = CriterionForm(posted(request), instance=criterion, parent=standard)
    if request.method == "POST" and form.is_valid():
        criterion_save(criterion=form.save(commit=False))
        messages.success(request, f"Criterion {standard.number}.{criterion.number} has been saved.")
        return redirect(
            reverse("capacity:accreditation-framework", args=[standard.framework_id])
            + f"#standard-{standard.pk}"
        )
    return render(
        request,
        "capacity/accreditation/applying/criterion_form.html",
        {
            "form": form,
            "framework": standard.framework,
            "standard": standard,
            "criterion": criterion,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def criterion_remove_view(request, pk):
    criterion = get_criterion_for_user(request.user, pk, write=True)
    standard = criterion.standard
    if request.method == "POST":
        criterion_remove(criterion=criterion)
        messages.success(request, f"Criterion {standard.number}.{criterion.number} was removed.")
        return redirect(
            reverse("capacity:accreditation-framework", args=[standard.framework_id])
            + f"#standard-{standard.pk}"
        )
    return render(
        request,
        "capacity/accreditation/applying/remove_confirm.html",
        {
            "framework": standard.framework,
            "what": f"criterion {standard.number}.{criterion.number}",
            "detail": criterion.text,
        },
    )


# --- The partner section: a contact's services ----------------------------------------------------


@partner_required
@require_GET
def partner_home(request):
    return render(
        request,
        "capacity/accreditation/applying/partner_home.html",
        {"cards": partner_service_cards(request.user), "pilot": pilot_on()},
    )


@partner_required
@require_POST
def partner_start(request, pk):
    return _start(request, pk, PARTNER, reverse("capacity:accreditation-partner-home"))


# --- An application's pages, for either area ------------------------------------------------------


def _application(request, pk, area: Area):
    application = get_application_for_user(request.user, pk)
    page = application_page(application)
    return render(
        request,
        "capacity/accreditation/applying/application_detail.html",
        _application_context(request, area, application, page=page),
    )


def _assessment(request, pk, criterion_pk, area: Area):
    writing = request.method == "POST"
    application = get_application_for_user(request.user, pk, write=writing)
    criterion = get_criterion_of_application(application, criterion_pk)
    item = criterion_item(application, criterion)
    initial = {}
    if item.assessment is not None:
        initial = {
            "rating": item.assessment.rating,
            "how_we_meet_it": item.assessment.how_we_meet_it,
        }
    form = AssessmentForm(posted(request), initial=initial)
    if writing and form.is_valid():
        try:
            assessment_save(
                application=application,
                criterion=criterion,
                rating=form.cleaned_data["rating"],
                how_we_meet_it=form.cleaned_data["how_we_meet_it"],
                actor=request.user,
            )
        except AccreditationRefused:
            raise Http404 from None
        messages.success(
            request,
            f"Your answer to criterion {criterion.standard.number}.{criterion.number} is saved.",
        )
        return redirect(
            reverse(area.application, args=[application.pk]) + f"#criterion-{criterion.pk}"
        )
    return render(
        request,
        "capacity/accreditation/applying/assessment.html",
        _application_context(request, area, application, item=item, form=form),
    )


def _evidence_add(request, pk, criterion_pk, area: Area, kind: str):
    writing = request.method == "POST"
    application = get_application_for_user(request.user, pk, write=True)
    criterion = get_criterion_of_application(application, criterion_pk)
    item = criterion_item(application, criterion)
    if kind == EvidenceKind.DOCUMENT:
        form = DocumentEvidenceForm(*((request.POST, request.FILES) if writing else ()))
    else:
        form_class = ImpactEvidenceForm if kind == EvidenceKind.IMPACT else ActivityEvidenceForm
        form = form_class(posted(request), for_staff=area.staff, assessment=item.assessment)
    if writing and form.is_valid():
        try:
            if kind == EvidenceKind.DOCUMENT:
                evidence = evidence_document_add(
                    application=application,
                    criterion=criterion,
                    actor=request.user,
                    uploaded_file=form.cleaned_data["file"],
                    checked=form.checked,
                    note=form.cleaned_data["note"],
                )
                what = f"“{evidence.document_name}” has been uploaded"
            else:
                evidence = evidence_link(
                    application=application,
                    criterion=criterion,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    **{form.field_name: form.cleaned_data[form.field_name]},
                )
                what = f"“{evidence.impact_record or evidence.activity}” is linked"
        except AccreditationRefused:
            raise Http404 from None
        messages.success(
            request,
            f"{what} as evidence for criterion {criterion.standard.number}.{criterion.number}.",
        )
        return redirect(reverse(area.assessment, args=[application.pk, criterion.pk]) + "#evidence")
    return render(
        request,
        "capacity/accreditation/applying/evidence_form.html",
        _application_context(request, area, application, item=item, form=form, kind=kind),
    )


def _evidence_remove(request, pk, evidence_pk, area: Area):
    evidence = get_evidence_for_user(request.user, pk, evidence_pk, write=True)
    criterion = evidence.assessment.criterion
    try:
        evidence_remove(evidence=evidence)
    except AccreditationRefused:
        raise Http404 from None
    messages.success(request, "The evidence has been removed.")
    return redirect(reverse(area.assessment, args=[pk, criterion.pk]) + "#evidence")


def _evidence_download(request, pk, evidence_pk):
    return evidence_download(get_evidence_for_user(request.user, pk, evidence_pk))


def _submit(request, pk, area: Area):
    application = get_application_for_user(request.user, pk)
    if application.status != ApplicationStatus.DRAFT:
        raise Http404
    missing = missing_criteria(application)
    if request.method == "POST":
        try:
            application_submit(application=application, actor=request.user)
        except ApplicationIncomplete as incomplete:
            missing = incomplete.missing
        except AccreditationRefused:
            raise Http404 from None
        else:
            messages.success(
                request,
                f"The application for {application.service.name} has been submitted. Its "
                "contacts have been sent a receipt by email. The involvement team will set up "
                "a review panel.",
            )
            return redirect(area.application, pk=application.pk)
    return render(
        request,
        "capacity/accreditation/applying/submit.html",
        _application_context(
            request, area, application, missing=missing, posted=request.method == "POST"
        ),
    )


def _withdraw(request, pk, area: Area):
    application = get_application_for_user(request.user, pk)
    if application.status not in (
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
    ):
        raise Http404
    if request.method == "POST":
        try:
            application_withdraw(application=application, actor=request.user)
        except AccreditationRefused as refusal:  # decided or withdrawn a moment ago
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, f"The application for {application.service.name} is withdrawn."
            )
        return redirect(area.application, pk=application.pk)
    return render(
        request,
        "capacity/accreditation/applying/withdraw.html",
        _application_context(request, area, application),
    )


# The two areas' views: the role check, then the shared page.


def _for_area(view, area: Area, decorator, methods):
    def wrapped(request, *args, **kwargs):
        return view(request, *args, area=area, **kwargs)

    wrapped.__name__ = f"{view.__name__.lstrip('_')}_{'staff' if area.staff else 'partner'}"
    wrapped.__doc__ = view.__doc__
    return decorator(require_http_methods(methods)(wrapped))


def _download(request, pk, evidence_pk, area):
    return _evidence_download(request, pk, evidence_pk)


def _impact(request, pk, criterion_pk, area):
    return _evidence_add(request, pk, criterion_pk, area, EvidenceKind.IMPACT)


def _activity(request, pk, criterion_pk, area):
    return _evidence_add(request, pk, criterion_pk, area, EvidenceKind.ACTIVITY)


def _document(request, pk, criterion_pk, area):
    return _evidence_add(request, pk, criterion_pk, area, EvidenceKind.DOCUMENT)


AREA_VIEWS = {
    "application": (_application, ["GET"]),
    "assessment": (_assessment, ["GET", "POST"]),
    "evidence-impact": (_impact, ["GET", "POST"]),
    "evidence-activity": (_activity, ["GET", "POST"]),
    "evidence-document": (_document, ["GET", "POST"]),
    "evidence-remove": (_evidence_remove, ["POST"]),
    "evidence-download": (_download, ["GET"]),
    "submit": (_submit, ["GET", "POST"]),
    "withdraw": (_withdraw, ["GET", "POST"]),
}
staff_views = {
    name: _for_area(view, STAFF, staff_required, methods)
    for name, (view, methods) in AREA_VIEWS.items()
}
partner_views = {
    name: _for_area(view, PARTNER, partner_required, methods)
    for name, (view, methods) in AREA_VIEWS.items()
}
