"""The one drawing layer for charts, always beside a table of the same numbers.

`bar_chart` lays out the horizontal bar chart every staff page draws (its SVG is
templates/includes/bar_chart.html): each row is a label with one bar per series (the quarter
before beside this one; the community beside the population). The SVG helpers after it draw a
chart in Python (the steering report's charts in reporting/reports/charts/): they build markup with
format_html, so every label is escaped, and use presentation attributes rather than style=
because the Content Security Policy forbids inline styles. Geometry is in SVG user units; a chart
scales to the page's width.
"""

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BLUE = "#005eb8"
GREY = "#768692"
TEXT_COLOUR = "#212b32"
SECONDARY_TEXT_COLOUR = "#4c6272"
GRID_COLOUR = "#d8dde0"
AXIS_COLOUR = "#425563"
FONT_FAMILY = "Frutiger W01, Arial, sans-serif"

WIDTH = 680
LEGEND_HEIGHT = 36
BAR_HEIGHT = 14
BAR_GAP = 2  # between the bars of one row
ROW_GAP = 16  # between rows
LEGEND_TEXT_GAP = 20  # from a legend swatch to its words
VALUE_GAP = 6  # from a bar's end to its figure


@dataclass(frozen=True)
class Series:
    """One kind of bar: its name in the legend, its colour and where its legend entry starts."""

    label: str
    colour: str
    legend_x: int


@dataclass(frozen=True)
class BarRow:
    """One row of bars: the label, then per series the value (None draws no bar) and its text."""

    label: str
    values: Sequence[float | None]
    texts: Sequence[str]


def bar_chart(
    rows: Sequence[BarRow],
    *,
    series: Sequence[Series],
    axis: float,
    label_width: int,
    bar_space: int,
    aria_label: str,
    caption: str,
) -> dict:
    """Where every bar, figure and label goes; bars run from 0 (at `label_width`) to `axis`."""
    row_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP
    laid_out = []
    for index, row in enumerate(rows):
        top = LEGEND_HEIGHT + index * row_height
        bars = []
        for number, (kind, value, text) in enumerate(
            zip(series, row.values, row.texts, strict=True)
        ):
            y = top + number * (BAR_HEIGHT + BAR_GAP)
            width = 0 if value is None else round(float(value) / axis * bar_space, 1)
            bars.append(
                {
                    "y": y,
                    "width": width,
                    "colour": kind.colour,
                    "text": text,
                    "text_x": label_width + width + VALUE_GAP,
                    "text_y": y + BAR_HEIGHT - 2,
                }
            )
        laid_out.append({"label": row.label, "label_y": top + BAR_HEIGHT + 4, "bars": bars})
    return {
        "rows": laid_out,
        "axis": axis,
        "width": WIDTH,
        "height": LEGEND_HEIGHT + len(rows) * row_height,
        "bar_x": label_width,
        "bar_height": BAR_HEIGHT,
        "label_x": label_width - 8,
        "legend": [
            {
                "x": s.legend_x,
                "text_x": s.legend_x + LEGEND_TEXT_GAP,
                "colour": s.colour,
                "label": s.label,
            }
            for s in series
        ],
        "aria_label": aria_label,
        "caption": caption,
    }


# Drawing in SVG ------------------------------------------------------------------------------


def svg(
    id_prefix: str, height: float, title: str, desc: str, parts: Iterable, *, width: int
) -> SafeString:
    """A whole chart: the SVG element with its title and description, then the drawn parts."""
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    body = format_html_join("", "{}", ((p,) for p in parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" width="100%" '
        'viewBox="0 0 {} {}" preserveAspectRatio="xMinYMin meet" aria-labelledby="{} {}" '
        'font-family="{}" fill="{}"><title id="{}">{}</title><desc id="{}">{}</desc>{}</svg>',
        width,
        number(math.ceil(height)),
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


def element(
    tag: str,
    attrs: dict,
    *,
    css_class: str = "",
    data_value: str | None = None,
    title: str | None = None,
    children: SafeString | str = "",
) -> SafeString:
    """One SVG element; every attribute value and text is escaped by format_html."""
    items = [(name, number(v) if isinstance(v, float | int) else v) for name, v in attrs.items()]
    if css_class:
        items.append(("class", css_class))
    if data_value is not None:
        items.append(("data-value", data_value))
    attributes = format_html_join("", ' {}="{}"', items)
    inner = format_html("{}{}", format_html("<title>{}</title>", title) if title else "", children)
    if not inner:
        return format_html("<{}{}/>", tag, attributes)
    return format_html("<{}{}>{}</{}>", tag, attributes, inner, tag)


def text(
    x: float,
    y: float,
    text: SafeString | str,
    *,
    size: int = 12,
    anchor: str | None = None,
    weight: str | None = None,
    fill: str | None = None,
    css_class: str = "",
) -> SafeString:
    """A text element; `text` is escaped unless it is already safe markup (a multiline's spans)."""
    attrs = {"x": x, "y": y, "font-size": size}
    if anchor:
        attrs["text-anchor"] = anchor
    if weight:
        attrs["font-weight"] = weight
    if fill:
        attrs["fill"] = fill
    return element("text", attrs, css_class=css_class, children=text)


def multiline_text(
    x: float,
    y: float,
    lines: Sequence[str],
    *,
    size: int = 12,
    anchor: str | None = None,
    weight: str | None = None,
) -> SafeString:
    if len(lines) == 1:
        return text(x, y, lines[0], size=size, anchor=anchor, weight=weight)
    spans = format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        ((number(x), 0 if i == 0 else "1.2em", line) for i, line in enumerate(lines)),
    )
    return text(x, y, spans, size=size, anchor=anchor, weight=weight)


def y_grid(
    ticks: Sequence[float], axis_min: float, scale: float, left: float, right: float, bottom: float
) -> list:
    parts = []
    for tick in ticks:
        y = bottom - (tick - axis_min) * scale
        parts.append(
            element(
                "line",
                {"x1": left, "x2": right, "y1": y, "y2": y, "stroke": GRID_COLOUR},
            )
        )
        parts.append(text(left - 6, y + 4, number(tick), anchor="end", fill=SECONDARY_TEXT_COLOUR))
    return parts


def axis_line(left: float, right: float, y: float) -> SafeString:
    return element(
        "line",
        {"x1": left, "x2": right, "y1": y, "y2": y, "stroke": AXIS_COLOUR, "stroke-width": 1.5},
    )


def nice_axis(lo: float, hi: float) -> tuple[float, float, list[float]]:
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


def number(value: float) -> str:
    """A number for an SVG attribute: at most two decimal places, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False) or [text]


def text_width(text: str, size: int) -> float:
    # A rough width for laying out the legend; Arial averages about 0.55em a character.
    return len(text) * size * 0.55
