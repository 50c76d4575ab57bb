"""The staff spend page: a period's involvement payments and expenses, by project, activity type
and engagement level, committed and paid, and the same as CSV.

Any involvement staff member may see it (as they may see claims); the figures are exact and the
page and the CSV are marked as the team's own.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cocreation.lib.disclosure import EXACT_NOTICE
from cocreation.lib.periods import Period, parse_slug, period_asked, recent_period_choices
from cocreation.lib.spreadsheets import csv_response
from community.permissions import staff_required

from .selectors import Spend, SpendFigures, spend_for

BAD_PERIOD = "Choose a quarter, half or year from the list. It cannot be one that has not started."


def _started(period: Period, today) -> bool:
    return period.start <= today


def held_then(period: Period) -> str:
    """What every money figure on the page counts, in words."""
    return f"In {period.label}, claims for sessions held then"


@require_GET
@staff_required
def spend(request):
    """A period's spend (the current quarter unless another is chosen), with a period chooser."""
    today = timezone.localdate()
    asked = request.GET.get("period", "").strip()
    error = ""
    try:
        period = period_asked(asked, today)
    except ValueError:
        period, error = None, BAD_PERIOD
    if period is not None and not _started(period, today):
        period, error = None, BAD_PERIOD
    if period is None:
        period = period_asked("", today)
    return render(
        request,
        "payments/spend/spend.html",
        {
            "spend": spend_for(period),
            "period": period,
            "held_then": held_then(period),
            "choices": recent_period_choices(today, including=period),
            "error": error,
        },
        status=400 if error else 200,
    )


CSV_HEADER = (
    "Breakdown",
    "Group",
    "Period",
    "Claims committed",
    "Claims paid",
    "Involvement payments committed (£)",
    "Involvement payments paid (£)",
    "Expenses committed (£)",
    "Expenses paid (£)",
    "Total committed (£)",
    "Total paid (£)",
)


def _cells(figures: SpendFigures) -> list:
    return [
        figures.claims_committed,
        figures.claims_paid,
        figures.payments_committed,
        figures.payments_paid,
        figures.expenses_committed,
        figures.expenses_paid,
        figures.total_committed,
        figures.total_paid,
    ]


def spend_csv_rows(period: Period):
    """The page's figures as CSV rows: the notice and the header first, then each breakdown."""
    yield [EXACT_NOTICE]
    yield [
        f"{held_then(period)}. Committed: submitted or approved, not yet paid. "
        "Paid: marked paid. Amounts in pounds and pence."
    ]
    yield CSV_HEADER
    # Worked out after the first rows are on their way, so the download starts at once.
    result: Spend = spend_for(period)
    for _key, heading, rows in result.breakdowns:
        for row in rows:
            yield [heading, row.label, period.label, *_cells(row.figures)]
    yield ["Total", "All claims", period.label, *_cells(result.total)]


@require_GET
@staff_required
def spend_csv(request, slug):
    """The spend page's figures for one period, as CSV."""
    try:
        period = parse_slug(slug)
    except ValueError:
        raise Http404("There is no such period.") from None
    if not _started(period, timezone.localdate()):
        raise Http404("That period has not started yet, so nothing has been spent in it.")
    return csv_response(
        spend_csv_rows(period),
        filename=f"payments-spend-{period.slug}.csv",
        byte_order_mark=True,
        keep_signed_numbers=True,
    )
