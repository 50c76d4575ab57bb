"""A person's whole story and their contact log, for staff; and the person's own story in the
portal (without the contact log or anything else staff only).

Staff reach a person through `get_cocreator_for_user` and a note through
`get_contact_log_entry_for_user`; the portal page is only ever the signed-in person's own.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..contact_log import (
    contact_log_entry_add,
    contact_log_entry_update,
    contact_log_follow_up_done,
)
from ..forms.contact_log import ContactLogEntryForm
from ..models import Role
from ..navigation import role_home_url
from ..permissions import (
    cocreator_required,
    get_cocreator_for_user,
    get_contact_log_entry_for_user,
    staff_required,
)
from ..selectors import cocreator_left_at
from ..services import cocreator_for_user_ensure
from ..story import story_page, story_page_number, story_sections_for


def _record_url(cocreator_id: int) -> str:
    return reverse("community:cocreator-detail", args=[cocreator_id]) + "#contact-log"


@staff_required
@require_GET
def cocreator_story(request, pk):
    """Every row of a person's story, a page of 50 at a time (or all of them)."""
    cocreator = get_cocreator_for_user(request.user, pk)
    if cocreator_left_at(cocreator) is not None:
        return redirect("community:cocreator-detail", pk=cocreator.pk)
    page = story_page(cocreator, for_staff=True, page=story_page_number(request.GET.get("page")))
    return render(
        request, "community/cocreator_story.html", {"cocreator": cocreator, "story": page}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def contact_log_add(request, pk):
    """Add a dated note of a call or conversation to a person's contact log."""
    cocreator = get_cocreator_for_user(request.user, pk, write=True)
    form = ContactLogEntryForm(
        request.POST if request.method == "POST" else None, actor=request.user
    )
    if request.method == "POST" and form.is_valid():
        contact_log_entry_add(actor=request.user, cocreator=cocreator, **form.service_kwargs())
        messages.success(request, "The note has been added to the contact log.")
        return redirect(_record_url(cocreator.pk))
    return render(
        request,
        "community/contactlogentry_form.html",
        {"form": form, "cocreator": cocreator, "entry": None},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def contact_log_edit(request, pk):
    """Change a note in a person's contact log."""
    entry = get_contact_log_entry_for_user(request.user, pk, write=True)
    initial = {
        "contacted_on": entry.contacted_on,
        "method": entry.method,
        "staff_member": entry.staff_member_id,
        "summary": entry.summary,
        "follow_up_on": entry.follow_up_on,
    }
    form = ContactLogEntryForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        actor=request.user,
        current_staff_id=entry.staff_member_id,
    )
    if request.method == "POST" and form.is_valid():
        changed = contact_log_entry_update(actor=request.user, entry=entry, **form.service_kwargs())
        if changed:
            messages.success(request, "The note has been changed.")
        else:
            messages.info(request, "Nothing was changed.")
        return redirect(_record_url(entry.cocreator_id))
    return render(
        request,
        "community/contactlogentry_form.html",
        {"form": form, "cocreator": entry.cocreator, "entry": entry},
    )


@staff_required
@require_POST
def contact_log_follow_up(request, pk):
    """Mark a note's follow-up done."""
    entry = get_contact_log_entry_for_user(request.user, pk, write=True)
    if contact_log_follow_up_done(actor=request.user, entry=entry):
        messages.success(request, "The follow-up has been marked as done.")
    else:
        messages.info(request, "That follow-up was already done.")
    if request.POST.get("next") == "dashboard":
        return redirect((role_home_url(Role.STAFF) or "/") + "#follow-ups")
    return redirect(_record_url(entry.cocreator_id))


@cocreator_required
@require_GET
def portal_story(request):
    """The person's own story: what they booked, came to, answered and were sent, and what
    their involvement changed. Never the team's notes."""
    cocreator = cocreator_for_user_ensure(user=request.user)
    page = story_page(cocreator, for_staff=False, page=story_page_number(request.GET.get("page")))
    return render(
        request,
        "community/portal_story.html",
        {"cocreator": cocreator, "story": page, "sections": story_sections_for(cocreator)},
    )
