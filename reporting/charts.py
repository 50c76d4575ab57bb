"""Server-drawn SVG charts for the steering group's report, each with a table of the same numbers.

Charts read only the report's "series" (see reporting/figures.py), whose values are strings that
have already been through small-number suppression. "*" (a number from 1 to 7) and "" (no figure)
are never drawn and never read as 0: a bar is left out, a line has a gap, and a small mark in
the chart and the table says why. The SVG is built with format_html, so every label is escaped,
and it uses presentation attributes rather than style= because the Content Security Policy
forbids inline styles.
"""

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

SUPPRESSED = "*"
NO_FIGURE = ""
NO_FIGURE_MARK = "–"
NO_FIGURE_TEXT = "No figure"

TEXT_COLOUR = "#212b32"
SECONDARY_TEXT_COLOUR = "#4c6272"
GRID_COLOUR = "#d8dde0"
AXIS_COLOUR = "#425563"
FONT_FAMILY = "Frutiger W01, Arial, sans-serif"
# NHS identity colours with at least 3:1 contrast against white (WCAG non-text contrast), so
# NHS warm yellow is left out. One per engagement level, in level order.
LEVEL_COLOURS = ("#005eb8", "#330072", "#007f3b", "#ae2573", "#d5281b", "#425563")
COMMUNITY_COLOUR = "#005eb8"
POPULATION_COLOUR = "#768692"
TREND_COLOUR = "#005eb8"

WIDTH = 720


@dataclass(frozen=True)
class TableCell:
    text: str
    numeric: bool = True


@dataclass(frozen=True)
class TableRow:
    header: str
    cells: list[TableCell]


@dataclass(frozen=True)
class ChartTable:
    caption: str
    columns: list[TableCell]
    rows: list[TableRow]


@dataclass(frozen=True)
class ChartFigure:
    key: str
    id: str
    caption: str
    svg: SafeString | str = ""
    empty_message: str = ""
    notes: list[str] = field(default_factory=list)
    table: ChartTable | None = None


def shown_value(value: object) -> float | None:
    """The number a displayed value stands for, or None when it is suppressed or missing."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip().replace(",", "").removesuffix("%").strip()
    if text in (SUPPRESSED, NO_FIGURE):
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def table_text(value: object) -> str:
    """A value as the table shows it: the report's own string, or "No figure" for a blank."""
    text = "" if value is None else str(value).strip()
    return text if text else NO_FIGURE_TEXT


def report_chart_figures(series: dict | None, *, id_prefix: str = "report-chart") -> list:
    """The three figures of the report's charts (each an SVG or a sentence, and a table)."""
    series = series if isinstance(series, dict) else {}
    return [
        level_mix_figure(series.get("level_mix"), id_prefix=id_prefix),
        representation_figure(series.get("representation"), id_prefix=id_prefix),
        outcome_trends_figure(series.get("outcome_trends"), id_prefix=id_prefix),
    ]


# Figure 1: engagement-level mix ------------------------------------------------------------


def level_mix_figure(level_mix: dict | None, *, id_prefix: str) -> ChartFigure:
    """Grouped bars: activities at each engagement level in each quarter."""
    level_mix = level_mix if isinstance(level_mix, dict) else {}
    periods = [str(p) for p in level_mix.get("periods") or []]
    levels = [str(level) for level in level_mix.get("levels") or []]
    raw_rows = list(level_mix.get("activities") or [])
    rows = [
        _pad(raw_rows[i] if i < len(raw_rows) else [], len(levels)) for i in range(len(periods))
    ]
    figure_id = f"{id_prefix}-level-mix"
    caption = "Activities at each engagement level, by quarter"
    notes = [
        "* means a number from 1 to 7, not shown to protect privacy. Other numbers are rounded "
        "to the nearest 5.",
    ]
    if not periods or not levels:
        return ChartFigure(
            key="level_mix",
            id=figure_id,
            caption=caption,
            empty_message="There are no activity figures for these quarters yet.",
        )
    table = ChartTable(
        caption=f"{caption}: the numbers in the chart",
        columns=[TableCell("Quarter", numeric=False), *(TableCell(level) for level in levels)],
        rows=[
            TableRow(header=period, cells=[TableCell(table_text(v)) for v in row])
            for period, row in zip(periods, rows, strict=True)
        ],
    )
    if _any_blank(v for row in rows for v in row):
        notes.append(f"{NO_FIGURE_MARK} means there is no figure.")
    if all(shown_value(v) is None for row in rows for v in row):
        return ChartFigure(
            key="level_mix",
            id=figure_id,
            caption=caption,
            empty_message=_ALL_HIDDEN,
            notes=notes,
            table=table,
        )
    svg = level_mix_svg(periods, levels, rows, id_prefix=figure_id)
    return ChartFigure(
        key="level_mix", id=figure_id, caption=caption, svg=svg, notes=notes, table=table
    )


def level_mix_svg(
    periods: Sequence[str], levels: Sequence[str], rows: Sequence[Sequence[str]], *, id_prefix: str
) -> SafeString:
    """The grouped bar chart of activities by level and quarter."""
    left, right, plot_top, plot_height = 48.0, WIDTH - 8.0, 52.0, 240.0
    plot_bottom = plot_top + plot_height
    plot_width = right - left
    values = [shown_value(v) for row in rows for v in row]
    axis_min, axis_max, ticks = _axis(0.0, max((v for v in values if v is not None), default=0))
    scale = plot_height / (axis_max - axis_min)
    parts = []

    # Legend in words, with a swatch of each colour.
    legend_x = left
    for index, level in enumerate(levels):
        colour = LEVEL_COLOURS[index % len(LEVEL_COLOURS)]
        parts.append(
            _element(
                "rect",
                {"x": legend_x, "y": 10, "width": 12, "height": 12, "fill": colour},
                css_class="chart-legend-swatch",
            )
        )
        parts.append(_text(legend_x + 17, 21, level, size=13))
        legend_x += 17 + _text_width(level, 13) + 20
    parts.extend(_y_grid(ticks, axis_min, scale, left, right, plot_bottom))

    group_width = plot_width / len(periods)
    padding = group_width * 0.12
    bar_width = (group_width - 2 * padding) / len(levels)
    for p_index, (period, row) in enumerate(zip(periods, rows, strict=True)):
        group_x = left + p_index * group_width
        for l_index, (level, value) in enumerate(zip(levels, row, strict=True)):
            x = group_x + padding + l_index * bar_width
            number = shown_value(value)
            if number is None:
                parts.append(
                    _missing_mark(x + bar_width / 2, plot_bottom - 4, value, level, period)
                )
                continue
            height = (number - axis_min) * scale
            parts.append(
                _element(
                    "rect",
                    {
                        "x": x + 0.5,
                        "y": plot_bottom - height,
                        "width": max(bar_width - 1, 0.5),
                        "height": height,
                        "fill": LEVEL_COLOURS[l_index % len(LEVEL_COLOURS)],
                    },
                    css_class="chart-bar",
                    data_value=str(value).strip(),
                    title=f"{level}, {period}: {str(value).strip()}",
                )
            )
            if number == 0:
                # A bar of no height is invisible, so say 0 in words where it would be.
                parts.append(
                    _text(x + bar_width / 2, plot_bottom - 4, "0", anchor="middle", size=12)
                )
        parts.append(
            _multiline_text(
                group_x + group_width / 2,
                plot_bottom + 18,
                _wrap(period, 9),
                size=12,
                anchor="middle",
            )
        )
    parts.append(_axis_line(left, right, plot_bottom))
    height = plot_bottom + 46
    level_names = ", ".join(levels)
    desc = (
        f"Grouped bar chart of the number of activities at each engagement level ({level_names}) "
        f"in each of {len(periods)} quarters, from {periods[0]} to {periods[-1]}. "
        "Numbers from 1 to 7 are marked * and not drawn. The same numbers are in the table "
        "after the chart."
    )
    return _svg(id_prefix, height, "Activities at each engagement level, by quarter", desc, parts)


# Figure 2: representation gap --------------------------------------------------------------


def representation_figure(rows: list | None, *, id_prefix: str) -> ChartFigure:
    """Paired horizontal bars: each group's share of the community beside its population share."""
    rows = [row for row in rows or [] if isinstance(row, dict)]
    figure_id = f"{id_prefix}-representation"
    caption = "Who is in the community compared with the population we serve"
    notes = [
        "* means the share comes from a number from 1 to 7, so it is not shown to protect privacy.",
        "Groups marked “under-represented” make up a smaller share of the community than of "
        "the population.",
    ]
    if not rows:
        return ChartFigure(
            key="representation",
            id=figure_id,
            caption=caption,
            empty_message="There are no figures about who is in the community yet.",
        )
    table = ChartTable(
        caption=f"{caption}: the numbers in the chart",
        columns=[
            TableCell("Group", numeric=False),
            TableCell("Community (%)"),
            TableCell("Population (%)"),
            TableCell("Under-represented", numeric=False),
        ],
        rows=[
            TableRow(
                header=_group_label(row),
                cells=[
                    TableCell(table_text(row.get("community_pct"))),
                    TableCell(table_text(row.get("population_pct"))),
                    TableCell("Yes" if row.get("under_represented") else "No", numeric=False),
                ],
            )
            for row in rows
        ],
    )
    values = [row.get(key) for row in rows for key in ("community_pct", "population_pct")]
    if _any_blank(values):
        notes.append(f"{NO_FIGURE_MARK} means there is no figure.")
    if all(shown_value(v) is None for v in values):
        return ChartFigure(
            key="representation",
            id=figure_id,
            caption=caption,
            empty_message=_ALL_HIDDEN,
            notes=notes,
            table=table,
        )
    svg = representation_svg(rows, id_prefix=figure_id)
    return ChartFigure(
        key="representation", id=figure_id, caption=caption, svg=svg, notes=notes, table=table
    )


def representation_svg(rows: Sequence[dict], *, id_prefix: str) -> SafeString:
    """The paired bar chart of community share against population share."""
    left, right, bar_height = 104.0, WIDTH - 72.0, 14.0
    plot_width = right - left
    values = [shown_value(row.get(k)) for row in rows for k in ("community_pct", "population_pct")]
    axis_min, axis_max, ticks = _axis(0.0, max((v for v in values if v is not None), default=0))
    scale = plot_width / (axis_max - axis_min)
    parts = []
    y = 8.0
    characteristic = None
    for row in rows:
        if row.get("characteristic") and row.get("characteristic") != characteristic:
            characteristic = row.get("characteristic")
            y += 18
            parts.append(_text(8, y, str(characteristic), size=15, weight="bold"))
            y += 6
        label = str(row.get("group", ""))
        if row.get("under_represented"):
            label = f"{label} (under-represented)"
        lines = _wrap(label, 80)
        parts.append(
            _multiline_text(
                8,
                y + 16,
                lines,
                size=13,
                weight="bold" if row.get("under_represented") else None,
            )
        )
        y += 16 * len(lines) + 8
        for name, key, colour in (
            ("Community", "community_pct", COMMUNITY_COLOUR),
            ("Population", "population_pct", POPULATION_COLOUR),
        ):
            value = row.get(key)
            number = shown_value(value)
            parts.append(_text(left - 8, y + bar_height - 3, name, size=12, anchor="end"))
            if number is None:
                parts.append(
                    _missing_mark(left + 6, y + bar_height - 3, value, label, name.lower())
                )
            else:
                width = (number - axis_min) * scale
                shown = _percent(value)
                parts.append(
                    _element(
                        "rect",
                        {"x": left, "y": y, "width": width, "height": bar_height, "fill": colour},
                        css_class="chart-bar",
                        data_value=str(value).strip(),
                        title=f"{label}, {name.lower()}: {shown}",
                    )
                )
                parts.append(_text(left + width + 4, y + bar_height - 3, shown, size=12))
            y += bar_height + 4
        y += 8
    plot_bottom = y
    # Grid lines go behind the bars, so they are drawn first.
    grid = [
        _element(
            "line",
            {
                "x1": left + (tick - axis_min) * scale,
                "x2": left + (tick - axis_min) * scale,
                "y1": 8,
                "y2": plot_bottom,
                "stroke": GRID_COLOUR,
                "stroke-width": 1,
            },
        )
        for tick in ticks
    ]
    tick_labels = [
        _text(
            left + (tick - axis_min) * scale,
            plot_bottom + 16,
            f"{_number(tick)}%",
            size=12,
            anchor="middle",
            fill=SECONDARY_TEXT_COLOUR,
        )
        for tick in ticks
    ]
    under = [_group_label(row) for row in rows if row.get("under_represented")]
    desc = (
        f"Paired bar chart for {len(rows)} groups: for each, the percentage of the co-creation "
        "community beside the percentage of the population we serve. "
        + (
            f"Under-represented: {'; '.join(under)}. "
            if under
            else "No group is marked under-represented. "
        )
        + "Shares from numbers from 1 to 7 are marked * and not drawn. The same numbers are in "
        "the table after the chart."
    )
    return _svg(
        id_prefix,
        plot_bottom + 26,
        "Community share compared with population share, by group",
        desc,
        [*grid, *parts, *tick_labels],
    )


# Figure 3: outcome trends ------------------------------------------------------------------


def outcome_trends_figure(trends: dict | None, *, id_prefix: str) -> ChartFigure:
    """A small line chart per outcome measure over the quarters."""
    trends = trends if isinstance(trends, dict) else {}
    periods = [str(p) for p in trends.get("periods") or []]
    measures = [
        {"label": str(m.get("label", "")), "values": _pad(m.get("values") or [], len(periods))}
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
        return ChartFigure(
            key="outcome_trends",
            id=figure_id,
            caption=caption,
            empty_message="There are no outcome figures for these quarters yet.",
        )
    table = ChartTable(
        caption=f"{caption}: the numbers in the chart",
        columns=[TableCell("Measure", numeric=False), *(TableCell(p) for p in periods)],
        rows=[
            TableRow(header=m["label"], cells=[TableCell(table_text(v)) for v in m["values"]])
            for m in measures
        ],
    )
    values = [v for m in measures for v in m["values"]]
    if _any_blank(values):
        notes.append(f"{NO_FIGURE_MARK} means there is no figure.")
    if all(shown_value(v) is None for v in values):
        return ChartFigure(
            key="outcome_trends",
            id=figure_id,
            caption=caption,
            empty_message=_ALL_HIDDEN,
            notes=notes,
            table=table,
        )
    svg = outcome_trends_svg(periods, measures, id_prefix=figure_id)
    return ChartFigure(
        key="outcome_trends", id=figure_id, caption=caption, svg=svg, notes=notes, table=table
    )


def outcome_trends_svg(
    periods: Sequence[str], measures: Sequence[dict], *, id_prefix: str
) -> SafeString:
    """One panel per measure, each with its own scale, the points joined where both are shown."""
    left, right, plot_height = 48.0, WIDTH - 16.0, 110.0
    inset = 36.0
    step = (right - left - 2 * inset) / (len(periods) - 1) if len(periods) > 1 else 0.0
    xs = [
        left + inset + i * step if len(periods) > 1 else (left + right) / 2
        for i in range(len(periods))
    ]
    parts = []
    y = 0.0
    for measure in measures:
        lines = _wrap(measure["label"], 85)
        parts.append(_multiline_text(8, y + 20, lines, size=14, weight="bold"))
        plot_top = y + 20 + 17 * len(lines) + 10
        plot_bottom = plot_top + plot_height
        numbers = [shown_value(v) for v in measure["values"]]
        present = [n for n in numbers if n is not None]
        axis_min, axis_max, ticks = _axis(min(present, default=0), max(present, default=0))
        scale = plot_height / (axis_max - axis_min)
        panel = list(_y_grid(ticks, axis_min, scale, left, right, plot_bottom))
        if axis_min < 0:
            panel.append(_axis_line(left, right, plot_bottom - (0 - axis_min) * scale))
        panel.append(_axis_line(left, right, plot_bottom))
        points = []
        for x, value, number, period in zip(xs, measure["values"], numbers, periods, strict=True):
            if number is None:
                panel.append(
                    _missing_mark(x, plot_bottom - 6, value, measure["label"], period, size=14)
                )
                points.append(None)
                continue
            point_y = plot_bottom - (number - axis_min) * scale
            points.append((x, point_y))
        # A run of shown values is one line; a hidden value breaks the line.
        for run in _runs(points):
            if len(run) > 1:
                panel.append(
                    _element(
                        "polyline",
                        {
                            "points": " ".join(f"{_number(px)},{_number(py)}" for px, py in run),
                            "fill": "none",
                            "stroke": TREND_COLOUR,
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
                _element(
                    "circle",
                    {"cx": px, "cy": py, "r": 5, "fill": TREND_COLOUR},
                    css_class="chart-point",
                    data_value=shown,
                    title=f"{measure['label']}, {period}: {shown}",
                )
            )
            panel.append(_text(px, py - 10, shown, size=12, anchor="middle"))
        for x, period in zip(xs, periods, strict=True):
            panel.append(
                _multiline_text(x, plot_bottom + 18, _wrap(period, 12), size=12, anchor="middle")
            )
        parts.append(
            _element(
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
    return _svg(id_prefix, y, "Outcome measures by quarter", desc, parts)


# Drawing helpers ---------------------------------------------------------------------------

_ALL_HIDDEN = (
    "Every figure for this chart is too small to show or not available, so there is no chart. "
    "The table shows each figure as it appears in the report."
)


def _svg(id_prefix: str, height: float, title: str, desc: str, parts: Iterable) -> SafeString:
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    body = format_html_join("", "{}", ((p,) for p in parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" width="100%" '
        'viewBox="0 0 {} {}" preserveAspectRatio="xMinYMin meet" aria-labelledby="{} {}" '
        'font-family="{}" fill="{}"><title id="{}">{}</title><desc id="{}">{}</desc>{}</svg>',
        WIDTH,
        _number(math.ceil(height)),
        title_id,
        desc_id,
        FONT_FAMILY,
        TEXT_COLOUR,
        title_id,
        title,
        desc_id,
        desc,
        body,
    )


def _element(
    tag: str,
    attrs: dict,
    *,
    css_class: str = "",
    data_value: str | None = None,
    title: str | None = None,
    children: SafeString | str = "",
) -> SafeString:
    """One SVG element; every attribute value and text is escaped by format_html."""
    items = [(name, _number(v) if isinstance(v, float | int) else v) for name, v in attrs.items()]
    if css_class:
        items.append(("class", css_class))
    if data_value is not None:
        items.append(("data-value", data_value))
    attributes = format_html_join("", ' {}="{}"', items)
    inner = format_html("{}{}", format_html("<title>{}</title>", title) if title else "", children)
    if not inner:
        return format_html("<{}{}/>", tag, attributes)
    return format_html("<{}{}>{}</{}>", tag, attributes, inner, tag)


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 12,
    anchor: str | None = None,
    weight: str | None = None,
    fill: str | None = None,
    css_class: str = "",
) -> SafeString:
    attrs = {"x": x, "y": y, "font-size": size}
    if anchor:
        attrs["text-anchor"] = anchor
    if weight:
        attrs["font-weight"] = weight
    if fill:
        attrs["fill"] = fill
    return _element("text", attrs, css_class=css_class, children=text)


def _multiline_text(
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    size: int = 12,
    anchor: str | None = None,
    weight: str | None = None,
) -> SafeString:
    if len(lines) == 1:
        return _text(x, y, lines[0], size=size, anchor=anchor, weight=weight)
    spans = format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        ((_number(x), 0 if i == 0 else "1.2em", line) for i, line in enumerate(lines)),
    )
    attrs = {"x": x, "y": y, "font-size": size}
    if anchor:
        attrs["text-anchor"] = anchor
    if weight:
        attrs["font-weight"] = weight
    return _element("text", attrs, children=spans)


def _missing_mark(
    x: float, y: float, value: object, name: str, where: str, *, size: int = 13
) -> SafeString:
    """A small * (suppressed) or – (no figure) where a bar or point would be."""
    suppressed = str(value).strip() == SUPPRESSED
    mark = SUPPRESSED if suppressed else NO_FIGURE_MARK
    meaning = "not shown (1 to 7)" if suppressed else "no figure"
    return _element(
        "text",
        {"x": x, "y": y, "font-size": size, "text-anchor": "middle", "font-weight": "bold"},
        css_class="chart-not-shown",
        data_value=mark,
        children=format_html("<title>{}, {}: {}</title>{}", name, where, meaning, mark),
    )


def _y_grid(
    ticks: Sequence[float], axis_min: float, scale: float, left: float, right: float, bottom: float
) -> list:
    parts = []
    for tick in ticks:
        y = bottom - (tick - axis_min) * scale
        parts.append(
            _element(
                "line",
                {"x1": left, "x2": right, "y1": y, "y2": y, "stroke": GRID_COLOUR},
            )
        )
        parts.append(
            _text(left - 6, y + 4, _number(tick), anchor="end", fill=SECONDARY_TEXT_COLOUR)
        )
    return parts


def _axis_line(left: float, right: float, y: float) -> SafeString:
    return _element(
        "line",
        {"x1": left, "x2": right, "y1": y, "y2": y, "stroke": AXIS_COLOUR, "stroke-width": 1.5},
    )


def _axis(lo: float, hi: float) -> tuple[float, float, list[float]]:
    """A scale from 0 (or below, for negative values) to a round number, with 3 to 6 ticks."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo
    if span <= 0:
        return 0.0, 5.0, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    raw_step = span / 5
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step * 0.999)
    axis_min = math.floor(round(lo / step, 9)) * step
    axis_max = math.ceil(round(hi / step, 9)) * step
    count = round((axis_max - axis_min) / step)
    return axis_min, axis_max, [round(axis_min + i * step, 9) for i in range(count + 1)]


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


def _pad(values: Sequence, length: int) -> list[str]:
    values = ["" if v is None else str(v) for v in list(values)[:length]]
    return values + [NO_FIGURE] * (length - len(values))


def _any_blank(values: Iterable) -> bool:
    return any(str("" if v is None else v).strip() == NO_FIGURE for v in values)


def _group_label(row: dict) -> str:
    characteristic, group = row.get("characteristic"), row.get("group", "")
    return f"{characteristic}: {group}" if characteristic else str(group)


def _percent(value: object) -> str:
    text = str(value).strip()
    return text if text.endswith("%") else f"{text}%"


def _number(value: float) -> str:
    """A number for an SVG attribute: at most two decimal places, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False) or [text]


def _text_width(text: str, size: int) -> float:
    # A rough width for laying out the legend; Arial averages about 0.55em a character.
    return len(text) * size * 0.55
