"""The newsletter's pages, in the `reporting` namespace (reporting/urls.py includes them): staff
compose, preview and send; the public archive."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/newsletters/", views.newsletter_list, name="newsletters"),
    path("staff/newsletters/new/", views.newsletter_add, name="newsletter-add"),
    path("staff/newsletters/<int:pk>/", views.newsletter_detail, name="newsletter-detail"),
    path("staff/newsletters/<int:pk>/edit/", views.newsletter_edit, name="newsletter-edit"),
    path(
        "staff/newsletters/<int:pk>/progress/",
        views.newsletter_progress,
        name="newsletter-progress",
    ),
    path("newsletter/", views.newsletter_archive, name="newsletter-archive"),
    path("newsletter/<int:pk>/", views.newsletter_issue, name="newsletter-issue"),
]
