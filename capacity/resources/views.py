"""The resource pack's pages: the public library and the portal's (with portal-only resources),
each resource with its downloads (always as attachments, through these views), the jargon buster
(searchable without JavaScript), and the staff pages that keep them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cocreation.lib.forms import add_service_errors, posted
from community.permissions import cocreator_required, staff_required
from impact.documents import ALLOWED_KINDS, download_response

from ..models import JargonTerm, Resource, ResourceAudience, ResourceKind
from .forms import JargonSearchForm, JargonTermForm, KindFilterForm, ResourceForm
from .permissions import (
    PORTAL_AUDIENCES,
    PUBLIC_AUDIENCES,
    get_jargon_term_for_user,
    get_published_resource,
    get_resource_for_user,
)
from .selectors import (
    FILE_FIELD_BY_WHICH,
    jargon_by_letter,
    jargon_search,
    resource_downloads,
    resource_published_at,
    resource_revisions,
    resources_for_staff,
    resources_published,
)
from .services import jargon_term_add, jargon_term_update, resource_add, resource_update

STAFF_LIST = "capacity:staff-resource-list"
JARGON_STAFF_LIST = "capacity:staff-jargon-list"
_CONTENT_TYPES = {kind.extension: kind.content_type for kind in ALLOWED_KINDS.values()}


# --- the library ---------------------------------------------------------------------------------


def _library(request, *, audiences, portal: bool):
    form = KindFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    return render(
        request,
        "capacity/resources/library.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": ResourceKind(kind).label if kind else "",
            "resources": resources_published(audiences=audiences, kind=kind),
            "portal": portal,
        },
    )


def _detail(request, resource: Resource, *, portal: bool):
    return render(
        request,
        "capacity/resources/resource_detail.html",
        {
            "resource": resource,
            "published_at": resource_published_at(resource),
            "revisions": resource_revisions(resource),
            "downloads": resource_downloads(resource),
            "portal": portal,
        },
    )


def _download(resource: Resource, which: str):
    field, ending = FILE_FIELD_BY_WHICH.get(which, (None, ""))
    stored = getattr(resource, field) if field else None
    if not stored:
        raise Http404
    extension = stored.name.rsplit(".", 1)[-1].lower()
    try:
        return download_response(
            stored,
            display_name=f"{resource.slug}{ending}.{extension}",
            content_type=_CONTENT_TYPES.get(extension, "application/octet-stream"),
        )
    except FileNotFoundError:
        raise Http404 from None


@require_GET
def library(request):
    return _library(request, audiences=PUBLIC_AUDIENCES, portal=False)


@require_GET
def resource_detail(request, slug):
    return _detail(request, get_published_resource(slug), portal=False)


@require_GET
def resource_download(request, slug, which):
    return _download(get_published_resource(slug), which)


@cocreator_required
@require_GET
def portal_library(request):
    return _library(request, audiences=PORTAL_AUDIENCES, portal=True)


@cocreator_required
@require_GET
def portal_resource_detail(request, slug):
    return _detail(request, get_published_resource(slug, audiences=PORTAL_AUDIENCES), portal=True)


@cocreator_required
@require_GET
def portal_resource_download(request, slug, which):
    return _download(get_published_resource(slug, audiences=PORTAL_AUDIENCES), which)


# --- the jargon buster ---------------------------------------------------------------------------


@require_GET
def jargon(request):
    form = JargonSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    return render(
        request,
        "capacity/resources/jargon.html",
        {
            "form": form,
            "query": query,
            "results": jargon_search(query) if query else None,
            "letters": None if query else jargon_by_letter(),
        },
    )


# --- staff ---------------------------------------------------------------------------------------


@staff_required
@require_GET
def staff_resource_list(request):
    return render(
        request, "capacity/resources/staff_resource_list.html", {"resources": resources_for_staff()}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_resource_add(request):
    form = ResourceForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = resource_add(**form.values(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            state = "published" if resource.is_published else "saved as a draft"
            messages.success(request, f"{resource.title} has been {state}.")
            return redirect(STAFF_LIST)
    return render(
        request, "capacity/resources/resource_form.html", {"form": form, "resource": None}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_resource_edit(request, pk):
    resource = get_resource_for_user(request.user, pk)
    form = ResourceForm(posted(request), request.FILES or None, resource=resource)
    if request.method == "POST" and form.is_valid():
        version = resource.version
        try:
            resource = resource_update(resource=resource, **form.values(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if resource.version != version:
                messages.success(request, f"{resource.title} is now version {resource.version}.")
            else:
                messages.success(request, f"Your changes to {resource.title} have been saved.")
            return redirect(STAFF_LIST)
    return render(
        request,
        "capacity/resources/resource_form.html",
        {
            "form": form,
            "resource": resource,
            "revisions": resource_revisions(resource),
            "downloads": resource_downloads(resource),
            "published_audience": ResourceAudience.PUBLIC,
        },
    )


@staff_required
@require_GET
def staff_resource_download(request, pk, which):
    return _download(get_resource_for_user(request.user, pk), which)


@staff_required
@require_GET
def staff_jargon_list(request):
    return render(
        request,
        "capacity/resources/staff_jargon_list.html",
        {"terms": JargonTerm.objects.all()},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_jargon_add(request):
    form = JargonTermForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            term = jargon_term_add(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{term.term} has been added to the jargon buster.")
            return redirect(JARGON_STAFF_LIST)
    return render(request, "capacity/resources/jargon_form.html", {"form": form, "term": None})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_jargon_edit(request, pk):
    term = get_jargon_term_for_user(request.user, pk)
    form = JargonTermForm(
        posted(request),
        initial={"term": term.term, "also_known_as": term.also_known_as, "meaning": term.meaning},
    )
    if request.method == "POST" and form.is_valid():
        try:
            jargon_term_update(jargon_term=term, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your changes to {term.term} have been saved.")
            return redirect(JARGON_STAFF_LIST)
    return render(request, "capacity/resources/jargon_form.html", {"form": form, "term": term})
