"""Figure 2: the representation gap, each group's share of the community and the population."""

from collections.abc import Sequence

from django.utils.safestring import SafeString

from cocreation.lib import charts as draw

from . import common as c


def representation_figure(rows: list | None, *, id_prefix: str) -> c.ChartFigure:
    """Paired horizontal bars: each group's share of the community beside its population share."""
    rows = [row for row in rows or [] if isinstance(row, dict)]
    figure_id = f"{id_prefix}-representation"
    caption = "Who is in the community compared with the population we serve"
    notes = [
        "* means the share comes from a number from 1 to 7, so it is not shown to protect privacy.",
        "Groups marked “under-represented” are groups we are trying to reach (no more than half "
        "of the population, or a group staff have made a priority) that make up a much smaller "
        "share of the community than of the population.",
        "A group that most of the population is in is not marked, even when its share of the "
        "community is smaller: more people from a majority group do not count as reaching "
        "under-represented groups.",
    ]
    if not rows:
        return c.empty_figure(
            "representation",
            figure_id,
            caption,
            "There are no figures about who is in the community yet.",
        )
    return c.drawn_figure(
        "representation",
        figure_id,
        caption,
        notes=notes,
        columns=[
            c.TableCell("Group", numeric=False),
            c.TableCell("Community (%)"),
            c.TableCell("Population (%)"),
            c.TableCell("Under-represented", numeric=False),
        ],
        rows=[
            c.TableRow(
                header=_group_label(row),
                cells=[
                    c.TableCell(c.table_text(row.get("community_pct"))),
                    c.TableCell(c.table_text(row.get("population_pct"))),
                    c.TableCell("Yes" if row.get("under_represented") else "No", numeric=False),
                ],
            )
            for row in rows
        ],
        values=[row.get(key) for row in rows for key in ("community_pct", "population_pct")],
        svg=lambda: representation_svg(rows, id_prefix=figure_id),
    )


def representation_svg(rows: Sequence[dict], *, id_prefix: str) -> SafeString:
    """The paired bar chart of community share against population share."""
    left, right, bar_height = 104.0, c.WIDTH - 72.0, 14.0
    plot_width = right - left
    values = [
        c.shown_value(row.get(k)) for row in rows for k in ("community_pct", "population_pct")
    ]
    axis_min, axis_max, ticks = draw.nice_axis(
        0.0, max((v for v in values if v is not None), default=0)
    )
    scale = plot_width / (axis_max - axis_min)
    parts = []
    y = 8.0
    characteristic = None
    for row in rows:
        if row.get("characteristic") and row.get("characteristic") != characteristic:
            characteristic = row.get("characteristic")
            y += 18
            parts.append(draw.text(8, y, str(characteristic), size=15, weight="bold"))
            y += 6
        label = str(row.get("group", ""))
        if row.get("under_represented"):
            label = f"{label} (under-represented)"
        lines = draw.wrap(label, 80)
        parts.append(
            draw.multiline_text(
                8,
                y + 16,
                lines,
                size=13,
                weight="bold" if row.get("under_represented") else None,
            )
        )
        y += 16 * len(lines) + 8
        for name, key, colour in (
            ("Community", "community_pct", c.COMMUNITY_COLOUR),
            ("Population", "population_pct", c.POPULATION_COLOUR),
        ):
            value = row.get(key)
            number = c.shown_value(value)
            parts.append(draw.text(left - 8, y + bar_height - 3, name, size=12, anchor="end"))
            if number is None:
                parts.append(
                    c.missing_mark(left + 6, y + bar_height - 3, value, label, name.lower())
                )
            else:
                width = (number - axis_min) * scale
                shown = _percent(value)
                parts.append(
                    draw.element(
                        "rect",
                        {"x": left, "y": y, "width": width, "height": bar_height, "fill": colour},
                        css_class="chart-bar",
                        data_value=str(value).strip(),
                        title=f"{label}, {name.lower()}: {shown}",
                    )
                )
                parts.append(draw.text(left + width + 4, y + bar_height - 3, shown, size=12))
            y += bar_height + 4
        y += 8
    plot_bottom = y
    # Grid lines go behind the bars, so they are drawn first.
    grid = [
        draw.element(
            "line",
            {
                "x1": left + (tick - axis_min) * scale,
                "x2": left + (tick - axis_min) * scale,
                "y1": 8,
                "y2": plot_bottom,
                "stroke": draw.GRID_COLOUR,
                "stroke-width": 1,
            },
        )
        for tick in ticks
    ]
    tick_labels = [
        draw.text(
            left + (tick - axis_min) * scale,
            plot_bottom + 16,
            f"{draw.number(tick)}%",
            size=12,
            anchor="middle",
            fill=draw.SECONDARY_TEXT_COLOUR,
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
    return draw.svg(
        id_prefix,
        plot_bottom + 26,
        "Community share compared with population share, by group",
        desc,
        [*grid, *parts, *tick_labels],
        width=c.WIDTH,
    )


def _group_label(row: dict) -> str:
    characteristic, group = row.get("characteristic"), row.get("group", "")
    return f"{characteristic}: {group}" if characteristic else str(group)


def _percent(value: object) -> str:
    text = str(value).strip()
    return text if text.endswith("%") else f"{text}%"
