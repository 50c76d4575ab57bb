"""Plan tracker pages, in the `reporting` namespace (reporting/urls.py includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reports/plan/", views.tracker, name="plan"),
    path("reports/plan/actions/<int:pk>/", views.action_detail, name="plan-action"),
    path("staff/plan/actions/<int:pk>/update/", views.action_update, name="plan-action-update"),
]
