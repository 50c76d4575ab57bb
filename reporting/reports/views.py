"""Steering-group report pages: the latest report, the period picker, each period's report and
its CSV, the six-monthly update and the annual impact summary.

Every figure comes from `reporting.reports.figures`: the steering group's report, which has
already applied the small-number rule, or for staff the exact report, marked as theirs, with the
steering group's figures beside it. These views add nothing that could name a person.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from cocreation.lib.periods import (
    Period,
    make_period,
    parse_slug,
    period_containing,
    periods_in_year,
    started_period_choices,
)
from community.models import Role
from community.permissions import has_role, steering_required
from reporting.packs import selectors as packs

from . import exports, figures, selectors, summary

# The co-creation plan starts in July 2025, in the financial year 2025/26.
FIRST_YEAR = 2025


def _years(today) -> range:
    return range(period_containing(today, "year").year, FIRST_YEAR - 1, -1)


def picker_choices(today) -> list[tuple[str, str]]:
    """Every period that has started, newest year first, as (slug, label)."""
    return started_period_choices(today, _years(today))


def shown_period(slug: str, today) -> Period | None:
    """The period a slug names if it may be shown (started, not before the plan), else None."""
    try:
        period = parse_slug(slug)
    except ValueError:
        return None
    if period.year < FIRST_YEAR or period.start > today:
        return None
    return period


def period_or_404(slug: str) -> Period:
    period = shown_period(slug, timezone.localdate())
    if period is None:
        raise Http404("There is no report for that period.")
    return period


def report_context(request, period: Period) -> dict:
    """What every report page shows: the report, its pack (and changes since), the picker."""
    today = timezone.localdate()
    staff = has_role(request.user, Role.STAFF)
    as_steering = staff and request.GET.get("as") == "steering"
    steering_report = figures.report_for(period)
    report = (
        figures.staff_report(period, steering_report)
        if staff and not as_steering
        else steering_report
    )
    pack = packs.pack_for_period(period)
    ended = period.end <= today
    return {
        "period": period,
        "report": report,
        "as_steering": as_steering,
        "ended": ended,
        "pack": pack,
        "pack_changes": (
            packs.changes_since_pack(packs.pack_report(pack), steering_report) if pack else []
        ),
        "can_publish": pack is None and ended and staff,
        "choices": picker_choices(today),
        "summary": {**summary.summary_for(report, period), **summary.attention_for(today, period)},
    }


@steering_required
def home(request):
    """The report for the most recent quarter that has ended."""
    period = period_containing(timezone.localdate(), "quarter").previous()
    context = report_context(request, period)
    context["latest_half"] = period_containing(period.start, "half")
    context["latest_year"] = period.year
    return render(request, "reporting/home.html", context)


@steering_required
def periods(request):
    """Every period as a link; also where the period picker sends its choice."""
    today = timezone.localdate()
    error = ""
    if "period" in request.GET:
        chosen = shown_period(request.GET["period"].strip(), today)
        if chosen is not None:
            return redirect("reporting:period", slug=chosen.slug)
        error = (
            "Choose a period from the list. Reports start in 2025/26 and cannot be for the future."
        )
    years = [
        {
            "year": year,
            "label": make_period("year", year).financial_year,
            "periods": [(p, p.start <= today) for p in periods_in_year(year)],
        }
        for year in _years(today)
    ]
    return render(
        request,
        "reporting/periods.html",
        {
            "years": years,
            "error": error,
            "choices": picker_choices(today),
            "chosen": request.GET.get("period", ""),
        },
        status=400 if error else 200,
    )


@steering_required
def period_report(request, slug):
    """One period's report, with its governance pack if one is published."""
    return render(request, "reporting/period.html", report_context(request, period_or_404(slug)))


@steering_required
def period_csv(request, slug):
    """Every figure of one period's live report, as CSV: exact for staff, and named so."""
    period = period_or_404(slug)
    if has_role(request.user, Role.STAFF) and request.GET.get("as") != "steering":
        return exports.figures_csv_response(
            figures.report_for(period, exact=True), f"report-{period.slug}-figures-exact.csv"
        )
    return exports.figures_csv_response(
        figures.report_for(period), f"report-{period.slug}-figures.csv"
    )


def _summary_context(request, period: Period) -> dict:
    context = report_context(request, period)
    context["headlines"] = selectors.report_headlines(context["report"])
    context["you_said_we_did"] = selectors.you_said_we_did_in(period)
    return context


@steering_required
def six_monthly(request, slug):
    """The six-monthly update: a half year's report, framed for the steering group."""
    period = period_or_404(slug)  # the URL matches half years only, such as 2026-h1
    return render(request, "reporting/six_monthly.html", _summary_context(request, period))


@steering_required
def annual(request, year):
    """The annual impact summary: a financial year's report, framed for a wider audience."""
    if not FIRST_YEAR <= year <= period_containing(timezone.localdate(), "year").year:
        raise Http404("There is no annual summary for that year.")
    period = make_period("year", year)
    return render(request, "reporting/annual.html", _summary_context(request, period))
