"""Figure 1: the engagement-level mix, activities at each level by quarter."""

from collections.abc import Sequence

from django.utils.safestring import SafeString

from cocreation.lib import charts as draw

from . import common as c


def level_mix_figure(level_mix: dict | None, *, id_prefix: str) -> c.ChartFigure:
    """Grouped bars: activities at each engagement level in each quarter."""
    level_mix = level_mix if isinstance(level_mix, dict) else {}
    periods = [str(p) for p in level_mix.get("periods") or []]
    levels = [str(level) for level in level_mix.get("levels") or []]
    raw_rows = list(level_mix.get("activities") or [])
    rows = [
        c.pad(raw_rows[i] if i < len(raw_rows) else [], len(levels)) for i in range(len(periods))
    ]
    figure_id = f"{id_prefix}-level-mix"
    caption = "Activities at each engagement level, by quarter"
    notes = [
        "* means a number from 1 to 7, not shown to protect privacy. Other numbers are rounded "
        "to the nearest 5.",
    ]
    if not periods or not levels:
        return c.empty_figure(
            "level_mix", figure_id, caption, "There are no activity figures for these quarters yet."
        )
    return c.drawn_figure(
        "level_mix",
        figure_id,
        caption,
        notes=notes,
        columns=[c.TableCell("Quarter", numeric=False), *(c.TableCell(level) for level in levels)],
        rows=[
            c.TableRow(header=period, cells=[c.TableCell(c.table_text(v)) for v in row])
            for period, row in zip(periods, rows, strict=True)
        ],
        values=(v for row in rows for v in row),
        svg=lambda: level_mix_svg(periods, levels, rows, id_prefix=figure_id),
    )


def level_mix_svg(
    periods: Sequence[str], levels: Sequence[str], rows: Sequence[Sequence[str]], *, id_prefix: str
) -> SafeString:
    """The grouped bar chart of activities by level and quarter."""
    left, right, plot_top, plot_height = 48.0, c.WIDTH - 8.0, 52.0, 240.0
    plot_bottom = plot_top + plot_height
    plot_width = right - left
    values = [c.shown_value(v) for row in rows for v in row]
    axis_min, axis_max, ticks = draw.nice_axis(
        0.0, max((v for v in values if v is not None), default=0)
    )
    scale = plot_height / (axis_max - axis_min)
    parts = []

    # Legend in words, with a swatch of each colour.
    legend_x = left
    for index, level in enumerate(levels):
        colour = c.LEVEL_COLOURS[index % len(c.LEVEL_COLOURS)]
        parts.append(
            draw.element(
                "rect",
                {"x": legend_x, "y": 10, "width": 12, "height": 12, "fill": colour},
                css_class="chart-legend-swatch",
            )
        )
        parts.append(draw.text(legend_x + 17, 21, level, size=13))
        legend_x += 17 + draw.text_width(level, 13) + 20
    parts.extend(draw.y_grid(ticks, axis_min, scale, left, right, plot_bottom))

    group_width = plot_width / len(periods)
    padding = group_width * 0.12
    bar_width = (group_width - 2 * padding) / len(levels)
    for p_index, (period, row) in enumerate(zip(periods, rows, strict=True)):
        group_x = left + p_index * group_width
        for l_index, (level, value) in enumerate(zip(levels, row, strict=True)):
            x = group_x + padding + l_index * bar_width
            number = c.shown_value(value)
            if number is None:
                parts.append(
                    c.missing_mark(x + bar_width / 2, plot_bottom - 4, value, level, period)
                )
                continue
            height = (number - axis_min) * scale
            parts.append(
                draw.element(
                    "rect",
                    {
                        "x": x + 0.5,
                        "y": plot_bottom - height,
                        "width": max(bar_width - 1, 0.5),
                        "height": height,
                        "fill": c.LEVEL_COLOURS[l_index % len(c.LEVEL_COLOURS)],
                    },
                    css_class="chart-bar",
                    data_value=str(value).strip(),
                    title=f"{level}, {period}: {str(value).strip()}",
                )
            )
            if number == 0:
                # A bar of no height is invisible, so say 0 in words where it would be.
                parts.append(
                    draw.text(x + bar_width / 2, plot_bottom - 4, "0", anchor="middle", size=12)
                )
        parts.append(
            draw.multiline_text(
                group_x + group_width / 2,
                plot_bottom + 18,
                draw.wrap(period, 9),
                size=12,
                anchor="middle",
            )
        )
    parts.append(draw.axis_line(left, right, plot_bottom))
    height = plot_bottom + 46
    level_names = ", ".join(levels)
    desc = (
        f"Grouped bar chart of the number of activities at each engagement level ({level_names}) "
        f"in each of {len(periods)} quarters, from {periods[0]} to {periods[-1]}. "
        "Numbers from 1 to 7 are marked * and not drawn. The same numbers are in the table "
        "after the chart."
    )
    return draw.svg(
        id_prefix,
        height,
        "Activities at each engagement level, by quarter",
        desc,
        parts,
        width=c.WIDTH,
    )
