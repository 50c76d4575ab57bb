from django.urls import path

from . import views

urlpatterns: list = [
    path("staff/have-your-say/<int:pk>/results/", views.results, name="staff-results"),
    path("staff/have-your-say/<int:pk>/outcome/", views.outcome, name="staff-outcome"),
    path(
        "staff/have-your-say/<int:pk>/outcome/check/",
        views.outcome_check_view,
        name="staff-outcome-check",
    ),
    path(
        "staff/have-your-say/<int:pk>/outcome/publish/",
        views.outcome_publish_view,
        name="staff-outcome-publish",
    ),
    path("staff/have-your-say/<int:pk>/answers.csv", views.export_csv, name="staff-export-csv"),
    path(
        "staff/have-your-say/<int:pk>/ideas-and-posts.csv",
        views.export_contributions_csv,
        name="staff-export-contributions-csv",
    ),
    path("staff/have-your-say/<int:pk>/summary.pdf", views.summary_pdf, name="staff-summary-pdf"),
]
