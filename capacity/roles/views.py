"""Role profiles and pathways: the staff list and form, the public role pages (role expectations
are part of the resource pack), a person's roles from their staff record (adding, ending), the
ambassadors list, and the co-creator's own roles and pathway in the portal.

Staff pages are refused by role to anyone else (403); rows go through the gatekeepers in
`permissions.py`. The portal page has no record number in its URL: it is the person's own.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cocreation.lib.forms import add_service_errors, posted
from community.permissions import cocreator_required, staff_required
from community.services import cocreator_for_user_ensure

from .forms import PersonRoleEndForm, PersonRoleForm, RoleProfileForm, role_profile_initial
from .permissions import get_person_role_for_user, get_person_to_give_role, get_role_for_user
from .selectors import ambassadors, portal_roles, public_roles, role_detail, role_list
from .services import person_role_add, person_role_end, role_profile_save

ROLE_LIST = "capacity:role-list"
RECORD = "community:cocreator-detail"


# --- Staff: role profiles ----------------------------------------------------------------------


@staff_required
@require_GET
def role_list_view(request):
    return render(request, "capacity/roles/role_list.html", {"roles": role_list()})


def _role_form_page(request, *, role=None):
    initial = role_profile_initial(role) if role is not None else None
    form = RoleProfileForm(posted(request), initial=initial, role=role)
    if request.method == "POST" and form.is_valid():
        try:
            saved = role_profile_save(role=role, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if role is None:
                messages.success(request, f"{saved.name} has been added.")
            else:
                messages.success(request, f"Your changes to {saved.name} have been saved.")
            return redirect(ROLE_LIST)
    return render(request, "capacity/roles/role_form.html", {"form": form, "role": role})


@staff_required
@require_http_methods(["GET", "POST"])
def role_add(request):
    return _role_form_page(request)


@staff_required
@require_http_methods(["GET", "POST"])
def role_edit(request, pk):
    return _role_form_page(request, role=get_role_for_user(request.user, pk))


@staff_required
@require_GET
def ambassador_list(request):
    return render(request, "capacity/roles/ambassador_list.html", {"rows": ambassadors()})


# --- Staff: a person's roles -------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def person_role_add_view(request, cocreator_pk):
    cocreator = get_person_to_give_role(request.user, cocreator_pk)
    form = PersonRoleForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            held = person_role_add(
                cocreator=cocreator,
                role=form.cleaned_data["role"],
                started_on=form.cleaned_data["started_on"],
                forums=form.cleaned_data["forums"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{cocreator.full_name} is now a {held.role.name}.")
            return redirect(RECORD, pk=cocreator.pk)
    return render(
        request, "capacity/roles/person_role_form.html", {"form": form, "cocreator": cocreator}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person_role_end_view(request, pk):
    held = get_person_role_for_user(request.user, pk, write=True)
    form = PersonRoleEndForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person_role_end(held=held, ended_on=form.cleaned_data["ended_on"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{held.cocreator.full_name}'s role as {held.role.name} has ended."
            )
            return redirect(RECORD, pk=held.cocreator_id)
    return render(request, "capacity/roles/person_role_end.html", {"form": form, "held": held})


# --- Public and portal -------------------------------------------------------------------------


@require_GET
def public_role_list(request):
    return render(request, "capacity/roles/public_list.html", {"roles": public_roles()})


@require_GET
def public_role_detail(request, pk):
    return render(request, "capacity/roles/public_detail.html", {"role": role_detail(pk)})


@cocreator_required
@require_GET
def portal_roles_view(request):
    cocreator = cocreator_for_user_ensure(user=request.user)
    return render(request, "capacity/roles/portal_roles.html", portal_roles(cocreator))
