"""Template tags that draw the steering group's report charts (see reporting/reports/charts/)."""

from django import template

from reporting.reports.charts import report_chart_figures as build_report_chart_figures

register = template.Library()


@register.simple_tag
def report_chart_figures(series, id_prefix="report-chart"):
    """The report's three chart figures, each with its SVG (or a sentence) and its table."""
    return build_report_chart_figures(series, id_prefix=id_prefix or "report-chart")
