"""The insight inbox at /staff/insight/: every item of co-creator insight in a period, tagged with
themes in place.

GET lists the items, the filters in the query string. POST makes one change to one item's
themes (add, accept a suggestion, remove, reject a suggestion) and goes back to the same filters,
page and item (#item-...). A change that cannot be made shows that same page with an error
summary, and nothing is written.
"""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cocreation.lib.pagination import paginate
from community.permissions import staff_required

from ..forms.insight import InsightChange, InsightFilterForm
from ..selectors_insight import insight_items, insight_refs
from ..services.insight import insight_tag_add, insight_tag_remove, suggestion_reject

FILTER_KEYS = ("period", "activity", "project", "theme", "untagged", "page")
NARROWING = ("activity", "project", "theme", "untagged")


def _back_query(text: str) -> QueryDict:
    """Only the inbox's own filters from a query string, so going back goes nowhere else."""
    asked = QueryDict(text or "")
    back = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = asked.get(key, "")[:100]
        if value:
            back[key] = value
    return back


def _apply(change: InsightChange, actor) -> tuple[int, str]:
    """Make the change through the services; (message level, what happened)."""
    item, theme = change.item, change.cleaned_data["theme"]
    action = change.cleaned_data["action"]
    where = {"source": item.source, "source_id": item.source_id, "theme": theme}
    if action in (InsightChange.ADD, InsightChange.ACCEPT):
        _, added = insight_tag_add(**where, month=item.month, actor=actor)
        if not added:
            return messages.INFO, f"{item.title}: already tagged with {theme}"
        if action == InsightChange.ACCEPT:
            return messages.SUCCESS, f"{item.title}: suggestion accepted, tagged with {theme}"
        return messages.SUCCESS, f"{item.title}: tagged with {theme}"
    if action == InsightChange.REMOVE:
        if insight_tag_remove(**where):
            return messages.SUCCESS, f"{item.title}: {theme} removed"
        return messages.INFO, f"{item.title}: was not tagged with {theme}"
    suggestion_reject(**where, actor=actor)
    return messages.SUCCESS, f"{item.title}: {theme} will not be suggested for it again"


def _errors(change: InsightChange) -> list[dict]:
    """The error summary's lines, each linking to the item (and its theme list) where known."""
    anchor = change.item.anchor if change.item is not None else ""
    lines = []
    for name, problems in change.errors.items():
        href = ""
        if anchor:
            href = f"#theme-{anchor}" if name == "theme" else f"#{anchor}"
        lines += [{"text": text, "href": href} for text in problems]
    return lines


@staff_required
@require_http_methods(["GET", "POST"])
def insight_inbox(request):
    errors, error_anchor = [], ""
    if request.method == "POST":
        change = InsightChange(request.POST)
        back = _back_query(request.POST.get("back", ""))
        if change.is_valid():
            level, text = _apply(change, request.user)
            messages.add_message(request, level, text)
            query = back.urlencode()
            url = reverse("impact:insight-inbox") + (f"?{query}" if query else "")
            return redirect(f"{url}#{change.item.anchor}")
        # The page the change was sent from, so the pagination and filters are those too.
        request.GET = back
        errors = _errors(change)
        error_anchor = change.item.anchor if change.item is not None else ""
    form = InsightFilterForm(request.GET, today=timezone.localdate())
    context = {
        "form": form,
        "filtered": any(request.GET.get(name) for name in NARROWING),
        "page_obj": None,
        "items": [],
        "errors": errors,
        "error_anchor": error_anchor,
        "back": request.GET.urlencode(),
    }
    if form.is_valid():
        context.update(paginate(request, insight_refs(**form.filters())))
        context["items"] = insight_items(context["page_obj"].object_list)
        context["period"] = form.cleaned_data["period"]
    return render(request, "impact/insight_inbox.html", context)
