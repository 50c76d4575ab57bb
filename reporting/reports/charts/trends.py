"""Figure 3: the outcome trends, the survey percentages quarter by quarter."""

from collections.abc import Sequence

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from cocreation.lib import charts as draw

from . import common as c


def outcome_trends_figure(trends: dict | None, *, id_prefix: str) -> c.ChartFigure:
    """A small line chart per outcome measure over the quarters."""
    trends = trends if isinstance(trends, dict) else {}
    periods = [str(p) for p in trends.get("periods") or []]
    measures = [
        {"label": str(m.get("label", "")), "values": c.pad(m.get("values") or [], len(periods))}
        for m in trends.get("measures") or []
        if isinstance(m, dict)
    ]
    figure_id = f"{id_prefix}-outcome-trends"
    caption = "Outcome measures over the last quarters"
    notes = [
        "* means the figure comes from a number from 1 to 7, or too few answers, so it is not "
        "shown. The line has a gap there.",
    ]
    if not periods or not measures:
        return c.empty_figure(
            "outcome_trends",
            figure_id,
            caption,
            "There are no outcome figures for these quarters yet.",
        )
    return c.drawn_figure(
        "outcome_trends",
        figure_id,
        caption,
        notes=notes,
        columns=[c.TableCell("Measure", numeric=False), *(c.TableCell(p) for p in periods)],
        rows=[
            c.TableRow(header=m["label"], cells=[c.TableCell(c.table_text(v)) for v in m["values"]])
            for m in measures
        ],
        values=[v for m in measures for v in m["values"]],
        svg=lambda: outcome_trends_svg(periods, measures, id_prefix=figure_id),
    )


def outcome_trends_svg(
    periods: Sequence[str], measures: Sequence[dict], *, id_prefix: str
) -> SafeString:
    """One panel per measure, each with its own scale, the points joined where both are shown."""
    left, right, plot_height = 48.0, c.WIDTH - 16.0, 110.0
    inset = 36.0
    step = (right - left - 2 * inset) / (len(periods) - 1) if len(periods) > 1 else 0.0
    xs = [
        left + inset + i * step if len(periods) > 1 else (left + right) / 2
        for i in range(len(periods))
    ]
    parts = []
    y = 0.0
    for measure in measures:
        lines = draw.wrap(measure["label"], 85)
        parts.append(draw.multiline_text(8, y + 20, lines, size=14, weight="bold"))
        plot_top = y + 20 + 17 * len(lines) + 10
        plot_bottom = plot_top + plot_height
        numbers = [c.shown_value(v) for v in measure["values"]]
        present = [n for n in numbers if n is not None]
        axis_min, axis_max, ticks = draw.nice_axis(min(present, default=0), max(present, default=0))
        scale = plot_height / (axis_max - axis_min)
        panel = list(draw.y_grid(ticks, axis_min, scale, left, right, plot_bottom))
        if axis_min < 0:
            panel.append(draw.axis_line(left, right, plot_bottom - (0 - axis_min) * scale))
        panel.append(draw.axis_line(left, right, plot_bottom))
        points = []
        for x, value, number, period in zip(xs, measure["values"], numbers, periods, strict=True):
            if number is None:
                panel.append(
                    c.missing_mark(x, plot_bottom - 6, value, measure["label"], period, size=14)
                )
                points.append(None)
                continue
            point_y = plot_bottom - (number - axis_min) * scale
            points.append((x, point_y))
        # A run of shown values is one line; a hidden value breaks the line.
        for run in _runs(points):
            if len(run) > 1:
                panel.append(
                    draw.element(
                        "polyline",
                        {
                            "points": " ".join(
                                f"{draw.number(px)},{draw.number(py)}" for px, py in run
                            ),
                            "fill": "none",
                            "stroke": c.TREND_COLOUR,
                            "stroke-width": 3,
                        },
                        css_class="chart-line",
                    )
                )
        for point, value, period in zip(points, measure["values"], periods, strict=True):
            if point is None:
                continue
            px, py = point
            shown = str(value).strip()
            panel.append(
                draw.element(
                    "circle",
                    {"cx": px, "cy": py, "r": 5, "fill": c.TREND_COLOUR},
                    css_class="chart-point",
                    data_value=shown,
                    title=f"{measure['label']}, {period}: {shown}",
                )
            )
            panel.append(draw.text(px, py - 10, shown, size=12, anchor="middle"))
        for x, period in zip(xs, periods, strict=True):
            panel.append(
                draw.multiline_text(
                    x, plot_bottom + 18, draw.wrap(period, 12), size=12, anchor="middle"
                )
            )
        parts.append(
            draw.element(
                "g",
                {},
                css_class="chart-panel",
                children=format_html_join("", "{}", ((p,) for p in panel)),
            )
        )
        y = plot_bottom + 44
    desc = (
        f"{len(measures)} line charts, one for each outcome measure, over {len(periods)} "
        f"quarters from {periods[0]} to {periods[-1]}. Figures not shown are marked * and leave "
        "a gap in the line. The same numbers are in the table after the chart."
    )
    return draw.svg(id_prefix, y, "Outcome measures by quarter", desc, parts, width=c.WIDTH)


def _runs(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    runs, current = [], []
    for point in points:
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs
