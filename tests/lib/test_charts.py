"""The one horizontal bar chart: where its bars, figures and labels go."""

from django.template.loader import render_to_string

from cocreation.lib.charts import BLUE, GREY, BarRow, Series, bar_chart


def _chart(rows):
    return bar_chart(
        rows,
        series=[Series("Before", GREY, 0), Series("Now", BLUE, 350)],
        axis=100,
        label_width=110,
        bar_space=470,
        aria_label="Bar chart of <hours>",
        caption="Bars run from 0 to 100 hours.",
    )


def test_bars_are_as_long_as_their_share_of_the_axis():
    chart = _chart(
        [
            BarRow("Inform", (50, 100), ("50", "100")),
            BarRow("Co-create", (0, None), ("0", "No figure")),
        ]
    )
    first, second = chart["rows"]
    assert [bar["width"] for bar in first["bars"]] == [235.0, 470.0]
    assert [bar["width"] for bar in second["bars"]] == [0, 0]
    assert [bar["colour"] for bar in first["bars"]] == [GREY, BLUE]
    assert first["bars"][0]["text_x"] == 110 + 235.0 + 6


def test_rows_stack_below_the_legend():
    chart = _chart([BarRow("A", (1, 2), ("1", "2")), BarRow("B", (3, 4), ("3", "4"))])
    assert [row["bars"][0]["y"] for row in chart["rows"]] == [36, 82]
    assert [bar["y"] for bar in chart["rows"][0]["bars"]] == [36, 52]
    assert chart["height"] == 36 + 2 * 46
    assert [entry["text_x"] for entry in chart["legend"]] == [20, 370]


def test_the_svg_has_every_figure_and_escapes_the_words():
    chart = _chart([BarRow("Black & Asian", (10, None), ("10%", "No figure"))])
    html = render_to_string("includes/bar_chart.html", {"chart": chart})
    assert 'aria-label="Bar chart of &lt;hours&gt;"' in html
    assert "Black &amp; Asian" in html
    assert ">10%</text>" in html and ">No figure</text>" in html
    assert "Bars run from 0 to 100 hours." in html
