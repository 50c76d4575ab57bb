"""Capacity's URLs, all in the `capacity` namespace: each feature package's own."""

from django.urls import include, path

app_name = "capacity"

urlpatterns = [
    path("", include("capacity.training.urls")),
    path("", include("capacity.roles.urls")),
    path("", include("capacity.resources.urls")),
    path("", include("capacity.plans.urls")),
    path("", include("capacity.mentoring.urls")),
    path("", include("capacity.accreditation.urls")),
    path("", include("capacity.partners.urls")),
]
