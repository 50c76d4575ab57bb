"""The representation gap page and the population benchmarks behind it (staff only)."""

import math

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cocreation.lib import charts
from cocreation.lib.charts import BarRow, Series, bar_chart

from ..forms.gap import BenchmarkAreaForm, BenchmarkForm, GapFilterForm, PriorityGroupForm
from ..gap import (
    AREA_WIDE,
    RELIABLE_MINIMUM,
    benchmark_totals_not_adding_up,
    benchmarks_for_area,
    group_label,
    representation_gap_by_year,
    representation_gap_cached,
)
from ..models import Characteristic, PopulationBenchmark
from ..permissions import staff_required
from ..services import benchmark_save, priority_group_mark, priority_group_unmark

# Where the bars start and how long the longest may be, in SVG user units.
CHART_LABEL_WIDTH = 290
CHART_BAR_SPACE = 310


def _chart(gap) -> dict:
    """Each group's share of the community (blue) beside its share of the population (grey)."""
    values = [
        value
        for group in gap.groups
        for value in (group.community_pct, group.population_pct)
        if value is not None
    ]
    # The axis runs to the next multiple of 10 above the largest share, so small groups show.
    axis = min(100, max(10, math.ceil(max(values, default=0) / 10) * 10))
    return bar_chart(
        [
            BarRow(
                label=group.label,
                values=(group.community_pct, group.population_pct),
                texts=(
                    "No answers" if group.community_pct is None else f"{group.community_pct}%",
                    "No figure" if group.population_pct is None else f"{group.population_pct}%",
                ),
            )
            for group in gap.groups
        ],
        series=[
            Series("Co-creators who answered", charts.BLUE, 0),
            Series("Population", charts.GREY, 260),
        ],
        axis=axis,
        label_width=CHART_LABEL_WIDTH,
        bar_space=CHART_BAR_SPACE,
        aria_label=(
            f"Bar chart of {gap.label.lower()}: for each group, the share of co-creators who "
            "answered beside the share of the population. The table above gives the same figures."
        ),
        caption=f"Chart of the {gap.label.lower()} table above. Bars run from 0 to {axis}%.",
    )


@staff_required
def representation_gap_view(request):
    form = GapFilterForm(request.GET or None)
    context = {
        "form": form,
        "threshold": settings.REPRESENTATION_UNDER_THRESHOLD,
        "reliable_minimum": RELIABLE_MINIMUM,
        "today": timezone.localdate(),
    }
    if form.is_bound and not form.is_valid():
        return render(request, "community/gap_report.html", context)
    filters = form.cleaned_data if form.is_bound else {}
    locality = filters.get("locality")
    arguments = {
        "locality_id": locality.pk if locality else None,
        "joined_from": filters.get("joined_from"),
        "joined_to": filters.get("joined_to"),
    }
    # Worked out again only when the people, their answers or the benchmarks have changed.
    gaps = representation_gap_cached(**arguments)
    context.update(
        {
            "gaps": gaps,
            "sections": [{"gap": gap, "chart": _chart(gap)} for gap in gaps],
            "by_year": representation_gap_by_year(gaps),
            "under_represented": [gap for gap in gaps if gap.under_represented_groups],
            "majority_not_flagged": [gap for gap in gaps if gap.majority_not_flagged_groups],
            # Sent back with a priority mark, so the page comes back with the same filters.
            "filters": request.GET.urlencode(),
            "area_name": locality.name if locality else AREA_WIDE,
            "joined_from": filters.get("joined_from"),
            "joined_to": filters.get("joined_to"),
            "current": gaps[0].current if gaps else 0,
        }
    )
    return render(request, "community/gap_report.html", context)


def _gap_page_url(filters: str, characteristic: str = "") -> str:
    """The gap page with the filters it was showing, keeping only the filters' own fields."""
    posted = QueryDict(filters)
    names = {
        part
        for name, field in GapFilterForm.base_fields.items()
        # A date is three boxes (name_day, name_month, name_year); other fields are one.
        for part in (
            [f"{name}{suffix}" for suffix in field.widget.widgets_names]
            if hasattr(field.widget, "widgets_names")
            else [name]
        )
    }
    kept = QueryDict(mutable=True)
    for name in sorted(names & set(posted)):
        kept[name] = posted[name]
    url = reverse("community:representation-gap")
    if kept:
        url += f"?{kept.urlencode()}"
    if characteristic:
        url += f"#gap-{characteristic}"
    return url


@staff_required
@require_POST
def priority_group_change(request):
    """Mark a group on the gap page as a priority, or take the mark away; back to the page."""
    form = PriorityGroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed. {form.first_error()}.")
        return redirect(_gap_page_url(request.POST.get("filters", "")))
    data = form.cleaned_data
    characteristic, group = data["characteristic"], data["group"]
    name = f"{group_label(characteristic, group)} ({Characteristic(characteristic).label.lower()})"
    if data["action"] == PriorityGroupForm.MARK:
        priority_group_mark(actor=request.user, characteristic=characteristic, group=group)
        messages.success(
            request,
            f"{name} is now a priority group. It is marked under-represented whenever its share "
            f"of the community is less than {settings.REPRESENTATION_UNDER_THRESHOLD} times its "
            "share of the population, even if most of the population is in it.",
        )
    else:
        priority_group_unmark(actor=request.user, characteristic=characteristic, group=group)
        messages.success(
            request,
            f"{name} is no longer a priority group. It is marked under-represented only if no "
            "more than half of the population is in it.",
        )
    return redirect(_gap_page_url(data["filters"], characteristic))


@staff_required
def benchmark_list(request):
    form = BenchmarkAreaForm(request.GET or None)
    locality = form.cleaned_data.get("locality") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "community/populationbenchmark_list.html",
        {
            "form": form,
            "locality": locality,
            "area_name": locality.name if locality else AREA_WIDE,
            "sets": benchmarks_for_area(locality_id=locality.pk if locality else None),
            "not_adding_up": benchmark_totals_not_adding_up(),
        },
    )


def _benchmark_form_page(request, *, benchmark=None):
    if request.method == "POST":
        form = BenchmarkForm(request.POST, instance=benchmark)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = benchmark_save(actor=request.user, benchmark=benchmark, **data)
            except ValidationError as error:
                # Another member of staff saved the same figure a moment ago, or the row is not
                # valid for a reason the form did not foresee: show it, save nothing.
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                area = saved.locality.name if saved.locality else AREA_WIDE
                messages.success(
                    request,
                    f"Figure saved: {group_label(saved.characteristic, saved.group)} in {area}, "
                    f"{saved.percentage}%",
                )
                url = reverse("community:benchmark-list")
                if saved.locality_id:
                    url += f"?locality={saved.locality_id}"
                return redirect(url)
    elif benchmark is not None:
        form = BenchmarkForm(instance=benchmark)
    else:
        # "Add a figure" links on the list say which characteristic and area they are for.
        initial = {
            key: request.GET[key]
            for key in ("characteristic", "locality")
            if request.GET.get(key, "").replace("_", "").isalnum()
        }
        form = BenchmarkForm(initial=initial)
    return render(
        request,
        "community/populationbenchmark_form.html",
        {"form": form, "benchmark": benchmark},
    )


@staff_required
def benchmark_add(request):
    return _benchmark_form_page(request)


@staff_required
def benchmark_edit(request, pk: int):
    benchmark = get_object_or_404(PopulationBenchmark.objects.select_related("locality"), pk=pk)
    return _benchmark_form_page(request, benchmark=benchmark)
