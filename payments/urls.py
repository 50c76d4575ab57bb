"""Payments' URLs, all in the `payments` namespace: each feature package's own."""

from django.urls import include, path

app_name = "payments"

urlpatterns = [
    path("", include("payments.rates.urls")),
    path("", include("payments.claims.urls")),
    path("", include("payments.approval.urls")),
    path("", include("payments.statements.urls")),
    path("", include("payments.recognition.urls")),
    path("", include("payments.spend.urls")),
]
