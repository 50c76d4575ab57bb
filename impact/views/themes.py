"""Staff pages for themes: the list, adding and changing one, tagging insight with them,
importing monthly counts from complaints, PALS, incidents and the Friends and Family Test, and the
triangulation page that reads the two together."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from activities.models import Activity
from cocreation.lib.periods import period_asked, period_containing, recent_period_choices
from community.permissions import staff_required

from ..forms.themes import TEMPLATE_CSV, InsightTagForm, SourceCountImportForm, ThemeForm
from ..models import (
    ExperienceResponse,
    FeedbackSource,
    InsightSource,
    JournalEntry,
    JournalSharing,
    Theme,
)
from ..selectors import insight_tags_for_item, themes_with_tag_counts, triangulation_for
from ..selectors_insight import inbox_sources, insight_item
from ..services.themes import insight_tags_replace, source_counts_import, theme_save


@staff_required
def theme_list(request):
    return render(request, "impact/theme_list.html", {"themes": themes_with_tag_counts()})


@staff_required
def theme_form(request, pk=None):
    theme = get_object_or_404(Theme, pk=pk) if pk else None
    form = ThemeForm(request.POST if request.method == "POST" else None, instance=theme)
    if request.method == "POST" and form.is_valid():
        saved = theme_save(theme=form.save(commit=False))
        messages.success(request, f"Theme {'changed' if theme else 'added'}: {saved.name}")
        return redirect("impact:theme-list")
    return render(request, "impact/theme_form.html", {"form": form, "theme": theme})


# --- Tagging insight ---------------------------------------------------------------------------


def _is_row_number(source_id: str) -> bool:
    # Not `str.isdigit`, which passes "²", that `int` refuses.
    return source_id.isascii() and source_id.isdecimal() and len(source_id) <= 18


def _item_for(source: str, source_id: str):
    """(title, month, passages) for an item of insight staff may tag; else 404."""
    if source == InsightSource.ACTIVITY_NOTES:
        if not _is_row_number(source_id):
            raise Http404
        activity = get_object_or_404(Activity, pk=int(source_id))
        month = timezone.localtime(activity.starts_at).date()
        passages = [
            (Activity._meta.get_field(name).verbose_name, getattr(activity, name))
            for name in ("notes_missing", "notes_not_thought_of", "notes_unheard_voices", "notes")
        ]
        return activity.title, month, passages
    if source == InsightSource.SURVEY_TEXT:
        try:
            response = ExperienceResponse.objects.get(pk=source_id)
        except (ExperienceResponse.DoesNotExist, ValidationError, ValueError):
            raise Http404 from None
        return (
            f"Survey answer from {response.month:%B %Y}",
            response.month,
            [("What they wrote", response.free_text)],
        )
    if source == InsightSource.JOURNAL:
        if not _is_row_number(source_id):
            raise Http404
        entry = get_object_or_404(JournalEntry, pk=int(source_id), sharing=JournalSharing.SHARED)
        return (
            f"Shared journal entry from {timezone.localtime(entry.created_at):%B %Y}",
            timezone.localtime(entry.created_at).date(),
            [(entry.prompt or "Journal entry", entry.body)],
        )
    if source in inbox_sources():  # a source another app registered
        item = insight_item(source, source_id)
        # Only as the inbox names it ("7", not "007"), so its tags are found again.
        if item is not None and item.source_id == source_id:
            return item.title, item.month, item.passages
    raise Http404


@staff_required
def tag_item(request, source, source_id):
    title, month, passages = _item_for(source, source_id)
    current = insight_tags_for_item(source=source, source_id=source_id)
    form = InsightTagForm(
        request.POST if request.method == "POST" else None, initial={"themes": sorted(current)}
    )
    if request.method == "POST" and form.is_valid():
        themes = list(form.cleaned_data["themes"])
        insight_tags_replace(
            source=source, source_id=source_id, month=month, themes=themes, actor=request.user
        )
        names = ", ".join(t.name for t in themes) or "no themes"
        messages.success(request, f"Tagged with {names}")
        return redirect(request.path)
    return render(
        request,
        "impact/theme_tag.html",
        {
            "form": form,
            "title": title,
            "month": month,
            "passages": passages,
            "source_label": InsightSource(source).label,
        },
    )


@staff_required
def tag_activity(request, pk):
    return tag_item(request, InsightSource.ACTIVITY_NOTES, str(pk))


# --- Importing monthly source counts -----------------------------------------------------------


@staff_required
def source_import_template(request):
    response = HttpResponse(("\ufeff" + TEMPLATE_CSV).encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="theme-counts-template.csv"'
    return response


@staff_required
def source_import(request):
    if request.method == "POST":
        form = SourceCountImportForm(request.POST, request.FILES)
        if form.is_valid():
            added, replaced = source_counts_import(rows=form.rows, actor=request.user)
            messages.success(
                request, f"Counts imported: {added} added, {replaced} replaced earlier counts"
            )
            return redirect("impact:triangulation")
    else:
        form = SourceCountImportForm()
    return render(
        request,
        "impact/theme_import.html",
        {
            "form": form,
            "problems": form.problems,
            "sources": FeedbackSource.choices,
            "themes": Theme.objects.order_by("name").values_list("name", flat=True),
        },
    )


# --- Triangulation -----------------------------------------------------------------------------


@staff_required
def triangulation(request):
    today = timezone.localdate()
    try:
        period = period_asked(request.GET.get("period", ""), today)
    except ValueError:
        period = period_containing(today, "quarter")  # a bad period is shrugged off
    readings = triangulation_for(period)
    return render(
        request,
        "impact/triangulation_page.html",
        {
            "period": period,
            "choices": recent_period_choices(today, including=period),
            "readings": readings,
            "sources": FeedbackSource.choices,
            "insight_total": sum(r.counts.insight for r in readings),
            "source_total": sum(r.counts.source_total for r in readings),
        },
    )
