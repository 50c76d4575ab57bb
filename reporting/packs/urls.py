"""Governance pack pages, in the `reporting` namespace (reporting/urls.py includes them)."""

from django.urls import path, re_path

from reporting.reports.urls import PERIOD

from . import views

urlpatterns = [
    path("reports/packs/", views.pack_list, name="packs"),
    path("reports/packs/<int:pk>/", views.pack_detail, name="pack"),
    path("reports/packs/<int:pk>/pack.pdf", views.pack_pdf, name="pack-pdf"),
    path("reports/packs/<int:pk>/figures.csv", views.pack_csv, name="pack-csv"),
    re_path(rf"^staff/reports/{PERIOD}/publish/$", views.pack_publish, name="pack-publish"),
]
