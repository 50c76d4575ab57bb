"""The reflective journal: co-creators and staff keep their own entries.

Every view reaches an entry through `get_journal_entry_for_user`: a private entry is seen by its
author only (staff included get 404); staff may read, never change, an entry shared with them.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cocreation.lib.pagination import paginate
from community.permissions import Role, role_required, staff_required

from .. import selectors
from ..forms.journal import JournalEntryForm, JournalThemesForm
from ..models import JournalSharing
from ..permissions import get_journal_entry_for_user
from ..services.journal import journal_themes_contribute

journal_keeper_required = role_required(Role.COCREATOR, Role.STAFF)


@journal_keeper_required
def journal_list(request):
    pages = paginate(request, selectors.journal_entries_for_author(request.user))
    return render(request, "impact/journal_list.html", pages)


@journal_keeper_required
@require_http_methods(["GET", "POST"])
def journal_add(request):
    form = JournalEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.author = request.user
        entry.save()
        messages.success(request, "Your journal entry has been saved.")
        return redirect("impact:journal-detail", pk=entry.pk)
    return render(request, "impact/journal_form.html", {"form": form, "entry": None})


def _detail(request, entry, themes_form=None):
    mine = entry.author_id == request.user.pk
    return render(
        request,
        "impact/journal_detail.html",
        {
            "entry": entry,
            "mine": mine,
            "themes_form": (themes_form or JournalThemesForm()) if mine else None,
            "shared": entry.sharing == JournalSharing.SHARED,
        },
    )


@journal_keeper_required
def journal_detail(request, pk):
    entry = get_journal_entry_for_user(request.user, pk)
    return _detail(request, entry)


@journal_keeper_required
@require_http_methods(["GET", "POST"])
def journal_edit(request, pk):
    entry = get_journal_entry_for_user(request.user, pk, write=True)
    form = JournalEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your journal entry has been saved.")
        return redirect("impact:journal-detail", pk=entry.pk)
    return render(request, "impact/journal_form.html", {"form": form, "entry": entry})


@journal_keeper_required
@require_http_methods(["GET", "POST"])
def journal_delete(request, pk):
    entry = get_journal_entry_for_user(request.user, pk, write=True)
    if request.method == "POST":
        entry.delete()
        messages.success(request, "Your journal entry has been deleted.")
        return redirect("impact:journal-list")
    return render(request, "impact/journal_delete.html", {"entry": entry})


@journal_keeper_required
def journal_themes(request, pk):
    # The gatekeeper answers first, so no one learns from a 405 that an entry exists.
    entry = get_journal_entry_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return redirect("impact:journal-detail", pk=entry.pk)
    form = JournalThemesForm(request.POST)
    if not form.is_valid():
        return _detail(request, entry, themes_form=form)
    count = journal_themes_contribute(themes=form.cleaned_data["themes"])
    messages.success(
        request,
        f"Thank you. {count} theme{'s' if count != 1 else ''} counted anonymously. "
        "Your entry has not changed.",
    )
    return redirect("impact:journal-detail", pk=entry.pk)


@staff_required
def journal_shared(request):
    pages = paginate(request, selectors.journal_entries_shared())
    return render(request, "impact/journal_shared.html", pages)
