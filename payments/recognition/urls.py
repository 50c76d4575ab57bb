"""recognition pages (payments namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("portal/payments/certificate.pdf", views.portal_certificate, name="portal-certificate"),
    path(
        "staff/payments/people/<int:cocreator_pk>/certificate.pdf",
        views.person_certificate,
        name="person-certificate",
    ),
    path(
        "staff/payments/people/<int:cocreator_pk>/reference-letters/add/",
        views.reference_letter_add,
        name="reference-letter-add",
    ),
    path(
        "staff/payments/reference-letters/<int:pk>/",
        views.reference_letter_edit,
        name="reference-letter-edit",
    ),
    path(
        "staff/payments/reference-letters/<int:pk>/letter.pdf",
        views.reference_letter_pdf,
        name="reference-letter-pdf",
    ),
]
