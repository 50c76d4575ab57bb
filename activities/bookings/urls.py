"""Staff booking for a person (included in activities' URLs, so names are `activities:...`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/activities/<int:pk>/book/", views.activity_book, name="booking-add"),
    path(
        "staff/activities/<int:pk>/sign-ups/<int:signup_pk>/move/",
        views.signup_move,
        name="booking-move",
    ),
    path(
        "staff/activities/<int:pk>/sign-ups/<int:signup_pk>/cancel/",
        views.signup_cancel,
        name="booking-cancel",
    ),
    path(
        "staff/bookings/people/<int:cocreator_pk>/book/",
        views.person_book,
        name="booking-for-person",
    ),
]
