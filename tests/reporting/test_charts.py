"""The report's SVG charts: drawn to scale, suppressed values left out, labels escaped, tables equal."""

import copy
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from reporting.reports.charts import report_chart_figures
from reporting.reports.charts.common import shown_value
from reporting.reports.charts.level_mix import level_mix_figure
from reporting.reports.charts.representation import representation_figure
from reporting.reports.charts.trends import outcome_trends_figure

SVG = "{http://www.w3.org/2000/svg}"

LEVELS = ["Inform", "Engage", "Involve", "Collaborate", "Co-create"]
SERIES = {
    "level_mix": {
        "periods": ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1"],
        "levels": LEVELS,
        "activities": [
            ["10", "*", "15", "0", "5"],
            ["20", "10", "*", "", "40"],
            ["30", "25", "20", "15", "10"],
        ],
    },
    "representation": [
        {
            "characteristic": "Ethnic group",
            "group": "Black",
            "community_pct": "1.5",
            "population_pct": "3.0",
            "under_represented": True,
        },
        {
            "characteristic": "Ethnic group",
            "group": "<script>alert(1)</script>",
            "community_pct": "*",
            "population_pct": "2.0",
            "under_represented": False,
        },
        {
            "characteristic": "Age",
            "group": "18 to 24",
            "community_pct": "12.0",
            "population_pct": "9.0",
            "under_represented": False,
        },
    ],
    "outcome_trends": {
        "periods": ["2025/26 Q2", "2025/26 Q3", "2025/26 Q4", "2026/27 Q1"],
        "measures": [
            {"label": "Improved confidence (%)", "values": ["75.0", "*", "80.0", "60.0"]},
            {"label": "Mean wellbeing change", "values": ["*", "", "*", "*"]},
        ],
    },
}


def xml_root(text):
    # The text is this project's own output, not untrusted input.
    return ET.fromstring(str(text))  # noqa: S314


def parse(svg):
    return xml_root(svg)


def bars(root):
    return [el for el in root.iter(f"{SVG}rect") if el.get("class") == "chart-bar"]


def marks(root):
    return [el for el in root.iter(f"{SVG}text") if el.get("class") == "chart-not-shown"]


def mark_text(mark):
    """The visible text of a "not shown" mark (it follows the mark's <title>)."""
    return mark.find(f"{SVG}title").tail


def rendered_include(series, **extra):
    """The include rendered as the report pages use it, parsed as XML to find tables and SVGs."""
    html = render_to_string("reporting/includes/charts.html", {"series": series, **extra})
    return html, xml_root(f"<root>{html}</root>")


def table_values(table):
    """The body of a rendered table as {row header: [cell text, ...]}."""
    return {
        row.find("th").text: [td.text for td in row.findall("td")]
        for row in table.find("tbody").findall("tr")
    }


def test_shown_value_reads_numbers_and_never_turns_hidden_values_into_0():
    assert shown_value("15") == 15
    assert shown_value("12.5%") == 12.5
    assert shown_value("1,205") == 1205
    assert shown_value("0") == 0
    assert shown_value("*") is None
    assert shown_value("") is None
    assert shown_value(None) is None


def test_level_mix_bar_heights_are_proportional_to_the_counts():
    figure = level_mix_figure(SERIES["level_mix"], id_prefix="t")
    assert isinstance(figure.svg, SafeString)
    drawn = bars(parse(figure.svg))
    values = [float(bar.get("data-value")) for bar in drawn]
    heights = [float(bar.get("height")) for bar in drawn]

    tallest = heights[values.index(40)]
    assert tallest > 100
    for value, height in zip(values, heights, strict=True):
        assert height == pytest.approx(tallest * value / 40, abs=0.02)
    # Every bar stands on the same baseline.
    bottoms = {round(float(b.get("y")) + float(b.get("height")), 1) for b in drawn}
    assert len(bottoms) == 1


def test_level_mix_draws_no_bar_for_a_hidden_or_missing_count():
    root = parse(level_mix_figure(SERIES["level_mix"], id_prefix="t").svg)
    drawn = [bar.get("data-value") for bar in bars(root)]
    # 15 cells, of which two are "*" and one is "": 12 bars, including one of height 0.
    assert len(drawn) == 12
    assert "*" not in drawn and "" not in drawn
    assert [mark_text(m) for m in marks(root)].count("*") == 2
    assert [mark_text(m) for m in marks(root)].count("–") == 1
    zero_bars = [bar for bar in bars(root) if bar.get("data-value") == "0"]
    assert len(zero_bars) == 1 and float(zero_bars[0].get("height")) == 0


def test_level_mix_bars_use_one_colour_per_level_and_a_legend_in_words():
    root = parse(level_mix_figure(SERIES["level_mix"], id_prefix="t").svg)
    colour_by_level = {}
    for bar in bars(root):
        level = bar.find(f"{SVG}title").text.split(",")[0]
        colour_by_level.setdefault(level, set()).add(bar.get("fill"))
    # Without this the checks below would pass on a chart that drew no bars at all.
    assert set(colour_by_level) == set(LEVELS)
    assert all(len(colours) == 1 for colours in colour_by_level.values())
    assert len({next(iter(c)) for c in colour_by_level.values()}) == len(colour_by_level)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert all(level in texts for level in LEVELS)


def test_representation_bar_widths_are_proportional_and_hidden_share_is_not_drawn():
    root = parse(representation_figure(SERIES["representation"], id_prefix="t").svg)
    drawn = bars(root)
    values = [float(bar.get("data-value")) for bar in drawn]
    widths = [float(bar.get("width")) for bar in drawn]
    assert values == [1.5, 3.0, 2.0, 12.0, 9.0]
    for value, width in zip(values, widths, strict=True):
        assert width == pytest.approx(widths[3] * value / 12.0, abs=0.02)
    assert {bar.get("x") for bar in drawn} == {drawn[0].get("x")}
    assert [mark_text(m) for m in marks(root)] == ["*"]


def test_under_represented_groups_are_marked_in_words():
    figure = representation_figure(SERIES["representation"], id_prefix="t")
    texts = [t.text for t in parse(figure.svg).iter(f"{SVG}text")]
    assert "Black (under-represented)" in texts
    assert "18 to 24" in texts
    rows = {row.header: [cell.text for cell in row.cells] for row in figure.table.rows}
    assert rows["Ethnic group: Black"][2] == "Yes"
    assert rows["Age: 18 to 24"][2] == "No"


def test_outcome_trend_line_has_a_gap_where_a_value_is_hidden():
    root = parse(outcome_trends_figure(SERIES["outcome_trends"], id_prefix="t").svg)
    panels = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-panel"]
    assert len(panels) == 2
    first = panels[0]
    points = [c for c in first.iter(f"{SVG}circle")]
    assert [p.get("data-value") for p in points] == ["75.0", "80.0", "60.0"]
    # Q2 stands alone; Q4 and Q1 are joined. Nothing joins across the hidden Q3.
    lines = list(first.iter(f"{SVG}polyline"))
    assert len(lines) == 1
    assert len(lines[0].get("points").split()) == 2
    # Heights above the baseline are proportional to the values.
    baseline = max(float(line.get("y1")) for line in first.iter(f"{SVG}line"))
    rises = [baseline - float(p.get("cy")) for p in points]
    assert rises[1] / rises[0] == pytest.approx(80 / 75, rel=0.001)
    assert rises[2] / rises[0] == pytest.approx(60 / 75, rel=0.001)
    # The measure with nothing shown draws no point at all, only marks.
    assert list(panels[1].iter(f"{SVG}circle")) == []
    assert [mark_text(m) for m in marks(panels[1])] == ["*", "–", "*", "*"]


def test_every_chart_is_an_accessible_well_formed_svg_without_inline_styles():
    for figure in report_chart_figures(SERIES, id_prefix="acc"):
        root = parse(figure.svg)  # raises if the SVG is not well-formed XML
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("width") == "100%"
        assert root.get("viewBox").startswith("0 0 720 ")
        title, desc = root[0], root[1]
        assert title.tag == f"{SVG}title" and title.text
        assert desc.tag == f"{SVG}desc" and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert all(el.get("style") is None for el in root.iter())
        assert "style=" not in str(figure.svg)


def test_labels_are_escaped():
    svg = str(representation_figure(SERIES["representation"], id_prefix="t").svg)
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    texts = [t.text for t in xml_root(svg).iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in texts

    hostile = copy.deepcopy(SERIES)
    hostile["level_mix"]["levels"][0] = '"><script>x</script>'
    hostile["outcome_trends"]["measures"][0]["label"] = "<b>bold</b>"
    html, _ = rendered_include(hostile)
    assert "<script>" not in html and "<b>" not in html


def test_tables_hold_the_same_numbers_as_the_charts():
    html, root = rendered_include(SERIES)
    figures = root.findall(".//figure")
    tables = root.findall(".//table")
    assert len(figures) == len(tables) == 3
    assert all(t.get("class") == "nhsuk-table" for t in tables)
    assert all(t.find("caption").text for t in tables)
    assert all(th.get("scope") == "col" for t in tables for th in t.find("thead").iter("th"))
    assert all(th.get("scope") == "row" for t in tables for th in t.find("tbody").iter("th"))

    level_svg, representation_svg, trends_svg = (f.find(f"{SVG}svg") for f in figures)

    # Level mix: every bar's count is the table cell for its quarter and level.
    level_table = table_values(tables[0])
    assert level_table["2025/26 Q3"] == ["10", "*", "15", "0", "5"]
    assert level_table["2025/26 Q4"] == ["20", "10", "*", "No figure", "40"]
    for bar in bars(level_svg):
        level, period = bar.find(f"{SVG}title").text.split(": ")[0].split(", ")
        assert level_table[period][LEVELS.index(level)] == bar.get("data-value")

    # Representation: the drawn shares, in order, are the table's numbers that are shown.
    rep_table = table_values(tables[1])
    from_table = [v for cells in rep_table.values() for v in cells[:2] if v != "*"]
    assert from_table == [bar.get("data-value") for bar in bars(representation_svg)]
    assert rep_table["Ethnic group: <script>alert(1)</script>"] == ["*", "2.0", "No"]

    # Outcome trends: the plotted points are the table's shown values, in order.
    trend_table = table_values(tables[2])
    assert trend_table["Improved confidence (%)"] == ["75.0", "*", "80.0", "60.0"]
    assert trend_table["Mean wellbeing change"] == ["*", "No figure", "*", "*"]
    plotted = [c.get("data-value") for c in trends_svg.iter(f"{SVG}circle")]
    assert plotted == [v for v in trend_table["Improved confidence (%)"] if v != "*"]


def test_empty_series_give_a_sentence_instead_of_a_chart():
    html, root = rendered_include({"level_mix": {}, "representation": [], "outcome_trends": {}})
    assert root.find(f".//{SVG}svg") is None
    assert root.find(".//table") is None
    assert "There are no activity figures for these quarters yet." in html
    assert "There are no figures about who is in the community yet." in html
    assert "There are no outcome figures for these quarters yet." in html

    html, root = rendered_include(None)
    assert root.find(f".//{SVG}svg") is None
    assert html.count("app-report-chart__empty") == 3


def test_all_hidden_values_give_a_sentence_and_the_table_of_stars():
    series = {
        "level_mix": {"periods": ["2026/27 Q1"], "levels": LEVELS, "activities": [["*"] * 5]},
        "representation": [
            {"characteristic": "Age", "group": "65 and over", "community_pct": "*",
             "population_pct": "", "under_represented": False},
        ],
        "outcome_trends": {"periods": ["2026/27 Q1"], "measures": [{"label": "A", "values": ["*"]}]},
    }  # fmt: skip
    html, root = rendered_include(series)
    assert root.find(f".//{SVG}svg") is None
    assert html.count("Every figure for this chart is too small to show") == 3
    tables = root.findall(".//table")
    assert table_values(tables[0]) == {"2026/27 Q1": ["*"] * 5}
    assert table_values(tables[1]) == {"Age: 65 and over": ["*", "No figure", "No"]}


def test_the_include_renders_from_a_report_through_the_template_tag():
    template = Template(
        '{% include "reporting/includes/charts.html" with series=report.series %}'
        '{% include "reporting/includes/charts.html" with series=report.series chart_id="pack" %}'
    )
    html = template.render(Context({"report": {"version": 1, "series": SERIES}}))
    root = xml_root(f"<root>{html}</root>")
    assert len(root.findall(f".//{SVG}svg")) == 6
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert "pack-level-mix-title" in ids and "report-chart-level-mix-title" in ids
    assert "style=" not in html
    assert "<script" not in html
