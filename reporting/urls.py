"""Reporting's URLs, all in the `reporting` namespace: each feature package's own."""

from django.urls import include, path

app_name = "reporting"

urlpatterns = [
    path("", include("reporting.reports.urls")),
    path("", include("reporting.plan.urls")),
    path("", include("reporting.packs.urls")),
    path("", include("reporting.newsletters.urls")),
    path("", include("reporting.groups.urls")),
]
