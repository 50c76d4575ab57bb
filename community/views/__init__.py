"""Community views. Role homes are here; each area has a module of its own beside this one."""

from django.shortcuts import render

from cocreation.jobs.selectors import outbox_status

from ..permissions import cocreator_required, staff_required
from ..selectors import role_counts


@staff_required
def staff_home(request):
    return render(
        request,
        "community/staff_home.html",
        {"role_counts": role_counts(), "outbox": outbox_status()},
    )


@cocreator_required
def portal_home(request):
    return render(request, "community/portal_home.html")
