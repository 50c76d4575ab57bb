"""The report pages, in the `reporting` namespace (reporting/urls.py includes them)."""

from django.urls import path, re_path

from . import views

# A period slug: 2026-q1 (quarter), 2026-h2 (half) or 2026-year. Literal paths such as
# reports/plan/ and reports/packs/ can never match it.
PERIOD = r"(?P<slug>[0-9]{4}-(?:q[1-4]|h[12]|year))"
HALF = r"(?P<slug>[0-9]{4}-h[12])"

urlpatterns = [
    path("reports/", views.home, name="home"),
    path("reports/periods/", views.periods, name="periods"),
    re_path(rf"^reports/six-monthly/{HALF}/$", views.six_monthly, name="six-monthly"),
    path("reports/annual/<int:year>/", views.annual, name="annual"),
    re_path(rf"^reports/{PERIOD}/$", views.period_report, name="period"),
    re_path(rf"^reports/{PERIOD}/figures\.csv$", views.period_csv, name="period-csv"),
]
