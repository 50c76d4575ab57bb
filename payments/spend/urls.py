"""Spend pages (payments namespace): staff only."""

from django.urls import path, re_path

from . import views

# A period slug: 2026-q1 (quarter), 2026-h2 (half) or 2026-year, as the reports use.
PERIOD = r"(?P<slug>[0-9]{4}-(?:q[1-4]|h[12]|year))"

urlpatterns = [
    path("staff/payments/spend/", views.spend, name="spend"),
    re_path(rf"^staff/payments/spend/{PERIOD}\.csv$", views.spend_csv, name="spend-csv"),
]
