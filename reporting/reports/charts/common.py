"""What the report's three charts share: the palette, the figure and table shapes, reading a
shown value, and the marks for a value that is not drawn."""

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString

from cocreation.lib import charts as draw
from cocreation.lib.disclosure import SUPPRESSED

NO_FIGURE = ""
NO_FIGURE_MARK = "–"
NO_FIGURE_TEXT = "No figure"

# NHS identity colours with at least 3:1 contrast against white (WCAG non-text contrast), so
# NHS warm yellow is left out. One per engagement level, in level order.
LEVEL_COLOURS = (draw.BLUE, "#330072", "#007f3b", "#ae2573", "#d5281b", draw.AXIS_COLOUR)
COMMUNITY_COLOUR = TREND_COLOUR = draw.BLUE
POPULATION_COLOUR = draw.GREY

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


ALL_HIDDEN = (
    "Every figure for this chart is too small to show or not available, so there is no chart. "
    "The table shows each figure as it appears in the report."
)


def missing_mark(
    x: float, y: float, value: object, name: str, where: str, *, size: int = 13
) -> SafeString:
    """A small * (suppressed) or – (no figure) where a bar or point would be."""
    suppressed = str(value).strip() == SUPPRESSED
    mark = SUPPRESSED if suppressed else NO_FIGURE_MARK
    meaning = "not shown (1 to 7)" if suppressed else "no figure"
    return draw.element(
        "text",
        {"x": x, "y": y, "font-size": size, "text-anchor": "middle", "font-weight": "bold"},
        css_class="chart-not-shown",
        data_value=mark,
        children=format_html("<title>{}, {}: {}</title>{}", name, where, meaning, mark),
    )


def pad(values: Sequence, length: int) -> list[str]:
    """The values as strings, cut or filled with no-figure blanks to `length`."""
    values = ["" if v is None else str(v) for v in list(values)[:length]]
    return values + [NO_FIGURE] * (length - len(values))


def any_blank(values: Iterable) -> bool:
    """Whether any value is a blank (no figure), so the chart needs the no-figure note."""
    return any(str("" if v is None else v).strip() == NO_FIGURE for v in values)


def empty_figure(key: str, figure_id: str, caption: str, message: str) -> ChartFigure:
    """A figure with no chart and no table, saying why there is nothing to draw."""
    return ChartFigure(key=key, id=figure_id, caption=caption, empty_message=message)


def drawn_figure(
    key: str,
    figure_id: str,
    caption: str,
    *,
    notes: list[str],
    columns: list[TableCell],
    rows: list[TableRow],
    values: Iterable,
    svg: Callable[[], SafeString],
) -> ChartFigure:
    """A figure with its table and, unless every value is hidden, its chart drawn by `svg`."""
    table = ChartTable(caption=f"{caption}: the numbers in the chart", columns=columns, rows=rows)
    values = list(values)
    if any_blank(values):
        notes.append(f"{NO_FIGURE_MARK} means there is no figure.")
    if all(shown_value(v) is None for v in values):
        return ChartFigure(
            key=key,
            id=figure_id,
            caption=caption,
            empty_message=ALL_HIDDEN,
            notes=notes,
            table=table,
        )
    return ChartFigure(key=key, id=figure_id, caption=caption, svg=svg(), notes=notes, table=table)
