"""Training pages (in the `capacity` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/training/", views.course_list, name="training-list"),
    path("staff/training/refreshers/", views.refresher_list, name="training-refreshers"),
    path("staff/training/courses/add/", views.course_add, name="training-course-add"),
    path("staff/training/courses/<int:pk>/", views.course_detail, name="training-course"),
    path("staff/training/courses/<int:pk>/edit/", views.course_edit, name="training-course-edit"),
    path("staff/training/courses/<int:pk>/runs/add/", views.run_add_view, name="training-run-add"),
    path(
        "staff/training/courses/<int:pk>/completions/add/",
        views.completion_add,
        name="training-completion-add",
    ),
    path(
        "staff/training/runs/<int:pk>/sessions/add/",
        views.session_add_view,
        name="training-session-add",
    ),
    path("portal/training/", views.portal_training, name="portal-training"),
    path(
        "portal/training/runs/<int:pk>/feedback/",
        views.portal_feedback,
        name="portal-training-feedback",
    ),
]
