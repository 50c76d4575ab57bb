"""statements pages (payments namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("portal/payments/statements/", views.portal_statements, name="portal-statements"),
    path(
        "portal/payments/statements/<int:year>.pdf",
        views.portal_statement_pdf,
        name="portal-statement-pdf",
    ),
    path(
        "portal/payments/statements/<int:year>.csv",
        views.portal_statement_csv,
        name="portal-statement-csv",
    ),
    path(
        "staff/payments/people/<int:cocreator_pk>/statements/<int:year>.pdf",
        views.person_statement_pdf,
        name="person-statement-pdf",
    ),
    path(
        "staff/payments/people/<int:cocreator_pk>/statements/<int:year>.csv",
        views.person_statement_csv,
        name="person-statement-csv",
    ),
]
