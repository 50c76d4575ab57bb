"""Community views. The staff home is here; each area has a module of its own beside this one.

The co-creator's home is in `portal.py` with the rest of the portal.
"""

from django.shortcuts import render

from cocreation.jobs.selectors import outbox_status

from ..permissions import staff_required
from ..selectors import role_counts


@staff_required
def staff_home(request):
    return render(
        request,
        "community/staff_home.html",
        {"role_counts": role_counts(), "outbox": outbox_status()},
    )
