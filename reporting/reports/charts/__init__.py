"""Server-drawn SVG charts for the steering group's report, each with a table of the same numbers.

Charts read only the report's "series" (see reporting/reports/figures.py), whose values are strings that
have already been through small-number suppression. "*" (a number from 1 to 7) and "" (no figure)
are never drawn and never read as 0: a bar is left out, a line has a gap, and a small mark in
the chart and the table says why. The SVG is built with format_html, so every label is escaped,
and it uses presentation attributes rather than style= because the Content Security Policy
forbids inline styles.

A module per chart (`level_mix`, `representation`, `trends`); `common` holds what they share.
"""

from .common import ChartFigure
from .level_mix import level_mix_figure
from .representation import representation_figure
from .trends import outcome_trends_figure


def report_chart_figures(
    series: dict | None, *, id_prefix: str = "report-chart"
) -> list[ChartFigure]:
    """The three figures of the report's charts (each an SVG or a sentence, and a table)."""
    series = series if isinstance(series, dict) else {}
    return [
        level_mix_figure(series.get("level_mix"), id_prefix=id_prefix),
        representation_figure(series.get("representation"), id_prefix=id_prefix),
        outcome_trends_figure(series.get("outcome_trends"), id_prefix=id_prefix),
    ]
