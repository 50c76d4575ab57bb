"""The staff dashboard at /staff/: what needs doing this fortnight and how the engagement mix is moving."""

import math

from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils import timezone

from cocreation.jobs.selectors import outbox_status
from cocreation.lib import charts
from cocreation.lib.charts import BarRow, Series, bar_chart
from community.contact_log import follow_ups_due
from community.permissions import staff_required
from community.selectors import role_counts
from community.to_contact import to_contact_due_count

from ..dashboard_panels import dashboard_panels_for
from ..selectors.dashboard import (
    dashboard_attendance_to_record,
    dashboard_upcoming,
    dashboard_waiting_lists,
    engagement_comparison,
)

UPCOMING_DAYS = 14
ATTENDANCE_DAYS = 90

# Where the bars start and how long the longest may be, in SVG user units.
CHART_LABEL_WIDTH = 110
CHART_BAR_SPACE = 470


def _axis(largest: float) -> int:
    """A round number at or above the largest value, so bars use most of the space."""
    if largest <= 0:
        return 10
    step = 10 ** math.floor(math.log10(largest)) / 2
    return max(10, int(math.ceil(largest / step) * step))


def _chart(comparison) -> dict:
    """Participant-hours per level: the quarter before (grey) beside this one (blue)."""
    levels = comparison.levels
    pairs = [(row.previous.participant_hours, row.current.participant_hours) for row in levels]
    axis = _axis(float(max((v for pair in pairs for v in pair), default=0)))
    previous, current = comparison.previous.period.label, comparison.current.period.label
    return bar_chart(
        [
            BarRow(
                label=row.level.label,
                values=pair,
                texts=[floatformat(value, "1g") for value in pair],
            )
            for row, pair in zip(levels, pairs, strict=True)
        ],
        series=[Series(previous, charts.GREY, 0), Series(current, charts.BLUE, 350)],
        axis=axis,
        label_width=CHART_LABEL_WIDTH,
        bar_space=CHART_BAR_SPACE,
        aria_label=(
            f"Bar chart of participant-hours at each engagement level, {previous} beside "
            f"{current}. The table above gives the same figures."
        ),
        caption=(
            "Chart of the participant-hours in the table above: the quarter before in grey, "
            f"this quarter in blue. Bars run from 0 to {axis} hours."
        ),
    )


@staff_required
def dashboard(request):
    now = timezone.now()
    comparison = engagement_comparison(timezone.localdate(now))
    return render(
        request,
        "activities/dashboard.html",
        {
            "upcoming": dashboard_upcoming(now=now, days=UPCOMING_DAYS),
            "upcoming_days": UPCOMING_DAYS,
            "waiting_lists": dashboard_waiting_lists(now=now),
            "to_record": dashboard_attendance_to_record(now=now, days=ATTENDANCE_DAYS),
            "attendance_days": ATTENDANCE_DAYS,
            "mix": comparison,
            "chart": _chart(comparison),
            "role_counts": role_counts(),
            "follow_ups": follow_ups_due(today=timezone.localdate(now)),
            "to_contact_due": to_contact_due_count(),
            "outbox": outbox_status(),
            # What other apps add (payments: claims waiting), counts only.
            "panels": dashboard_panels_for(request.user),
        },
    )
