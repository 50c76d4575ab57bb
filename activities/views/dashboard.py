"""The staff dashboard at /staff/: what needs doing this fortnight and how the engagement mix is moving."""

import math

from django.shortcuts import render
from django.utils import timezone

from cocreation.jobs.selectors import outbox_status
from community.permissions import staff_required
from community.selectors import role_counts

from ..selectors import (
    dashboard_attendance_to_record,
    dashboard_upcoming,
    dashboard_waiting_lists,
    engagement_comparison,
)

UPCOMING_DAYS = 14
ATTENDANCE_DAYS = 90

# The bar chart's geometry, in SVG user units (the chart scales to the width of the page).
CHART_WIDTH = 680
CHART_LABEL_WIDTH = 110
CHART_BAR_SPACE = 470
CHART_LEGEND_HEIGHT = 36
CHART_BAR_HEIGHT = 14
CHART_ROW_HEIGHT = 2 * CHART_BAR_HEIGHT + 18


def _axis(largest: float) -> int:
    """A round number at or above the largest value, so bars use most of the space."""
    if largest <= 0:
        return 10
    step = 10 ** math.floor(math.log10(largest)) / 2
    return max(10, int(math.ceil(largest / step) * step))


def _chart(comparison) -> dict:
    """Where each bar goes: participant-hours per level, the quarter before beside this one."""
    levels = comparison.levels
    axis = _axis(
        float(
            max(
                (
                    v
                    for row in levels
                    for v in (row.previous.participant_hours, row.current.participant_hours)
                ),
                default=0,
            )
        )
    )

    def width(value):
        return round(float(value) / axis * CHART_BAR_SPACE, 1)

    rows = []
    for index, row in enumerate(levels):
        top = CHART_LEGEND_HEIGHT + index * CHART_ROW_HEIGHT
        bars = []
        for offset, figure, colour in (
            (0, row.previous.participant_hours, "#768692"),
            (CHART_BAR_HEIGHT + 2, row.current.participant_hours, "#005eb8"),
        ):
            bar_width = width(figure)
            bars.append(
                {
                    "y": top + offset,
                    "width": bar_width,
                    "colour": colour,
                    "figure": figure,
                    "text_x": CHART_LABEL_WIDTH + bar_width + 6,
                    "text_y": top + offset + CHART_BAR_HEIGHT - 2,
                }
            )
        rows.append({"label": row.level.label, "label_y": top + CHART_BAR_HEIGHT + 4, "bars": bars})
    return {
        "rows": rows,
        "axis": axis,
        "width": CHART_WIDTH,
        "height": CHART_LEGEND_HEIGHT + len(rows) * CHART_ROW_HEIGHT,
        "bar_x": CHART_LABEL_WIDTH,
        "bar_height": CHART_BAR_HEIGHT,
        "label_x": CHART_LABEL_WIDTH - 8,
    }


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
            "outbox": outbox_status(),
        },
    )
