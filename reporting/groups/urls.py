"""Messages to chosen groups, in the `reporting` namespace (reporting/urls.py includes them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/groups/", views.group_list, name="groups"),
    path("staff/groups/new/", views.group_add, name="group-add"),
    path("staff/groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("staff/groups/<int:pk>/edit/", views.group_edit, name="group-edit"),
    path("staff/groups/<int:pk>/delete/", views.group_delete, name="group-delete"),
    path("staff/groups/<int:pk>/by-hand/", views.group_by_hand, name="group-by-hand"),
    path("staff/groups/<int:pk>/message/", views.group_message_add, name="group-message-add"),
    path(
        "staff/groups/messages/<int:pk>/",
        views.group_message_detail,
        name="group-message-detail",
    ),
    path(
        "staff/groups/messages/<int:pk>/edit/",
        views.group_message_edit,
        name="group-message-edit",
    ),
    path(
        "staff/groups/messages/<int:pk>/progress/",
        views.group_message_progress,
        name="group-message-progress",
    ),
]
