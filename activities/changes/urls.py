"""Cancelling an activity (staff). Included into the activities namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "staff/activities/<int:pk>/cancel/",
        views.activity_cancel_page,
        name="activity-cancel",
    ),
]
