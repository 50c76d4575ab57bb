"""Consultations' URLs, all in the `consultations` namespace: each feature package's own.

Public and co-creator pages are under /have-your-say/, staff pages under /staff/have-your-say/.
"""

from django.urls import include, path

app_name = "consultations"

urlpatterns = [
    path("", include("consultations.staff.urls")),
    path("", include("consultations.taking_part.urls")),
    path("", include("consultations.discussion.urls")),
    path("", include("consultations.outcomes.urls")),
    path("", include("consultations.reach.urls")),
]
