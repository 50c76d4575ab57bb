"""Payment rates' staff pages (in the `payments` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/payments/rates/", views.rate_list, name="rate-list"),
    path("staff/payments/rates/add/", views.rate_add_view, name="rate-add"),
    path("staff/payments/rates/<int:pk>/edit/", views.rate_edit, name="rate-edit"),
]
