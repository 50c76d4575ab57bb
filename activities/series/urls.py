"""Repeating sessions: staff make and change a series; people book all of it. Included into the
activities namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/series/add/", views.series_add, name="series-add"),
    path("staff/series/<int:pk>/", views.series_detail, name="series-detail"),
    path(
        "staff/series/<int:pk>/sessions/<int:activity_pk>/change-following/",
        views.series_edit_following,
        name="series-edit-following",
    ),
    path("staff/series/<int:pk>/book/", views.series_book_staff, name="series-book-staff"),
    path(
        "portal/opportunities/<int:pk>/book-series/",
        views.series_book_portal,
        name="series-book",
    ),
]
