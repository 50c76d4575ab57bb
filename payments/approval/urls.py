"""Approval pages (included in payments' URLs, so names are `payments:...`): staff only."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/payments/claims/", views.claim_list, name="claim-list"),
    path("staff/payments/claims/<int:pk>/", views.claim_review, name="claim-review"),
    path("staff/payments/claims/<int:pk>/approve/", views.claim_approve_view, name="claim-approve"),
    path("staff/payments/claims/<int:pk>/return/", views.claim_return_view, name="claim-return"),
    path("staff/payments/claims/<int:pk>/paid/", views.claim_paid_view, name="claim-paid"),
    path("staff/payments/exports/", views.export_list, name="export-list"),
    path("staff/payments/exports/make/", views.export_make_view, name="export-make"),
    path("staff/payments/exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("staff/payments/exports/<int:pk>/export.csv", views.export_csv, name="export-csv"),
    path("staff/payments/exports/<int:pk>/paid/", views.export_paid_view, name="export-paid"),
    path(
        "staff/payments/people/<int:cocreator_pk>/payroll-reference/",
        views.payroll_reference,
        name="payroll-reference",
    ),
    path("staff/payments/budgets/", views.budget_list, name="budget-list"),
    path("staff/payments/budgets/<int:project_pk>/", views.budget_edit, name="budget-edit"),
]
