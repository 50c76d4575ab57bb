"""The resource pack's pages (in the `capacity` namespace): the public library and jargon buster,
the portal's library, and the staff pages."""

from django.urls import path

from . import views

WHICH = "<str:which>"

urlpatterns = [
    path("resources/", views.library, name="resource-list"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource-detail"),
    path(
        f"resources/<slug:slug>/download/{WHICH}/",
        views.resource_download,
        name="resource-download",
    ),
    path("jargon/", views.jargon, name="jargon"),
    path("portal/resources/", views.portal_library, name="portal-resource-list"),
    path(
        "portal/resources/<slug:slug>/",
        views.portal_resource_detail,
        name="portal-resource-detail",
    ),
    path(
        f"portal/resources/<slug:slug>/download/{WHICH}/",
        views.portal_resource_download,
        name="portal-resource-download",
    ),
    path("staff/resources/", views.staff_resource_list, name="staff-resource-list"),
    path("staff/resources/add/", views.staff_resource_add, name="staff-resource-add"),
    path("staff/resources/<int:pk>/edit/", views.staff_resource_edit, name="staff-resource-edit"),
    path(
        f"staff/resources/<int:pk>/download/{WHICH}/",
        views.staff_resource_download,
        name="staff-resource-download",
    ),
    path("staff/jargon/", views.staff_jargon_list, name="staff-jargon-list"),
    path("staff/jargon/add/", views.staff_jargon_add, name="staff-jargon-add"),
    path("staff/jargon/<int:pk>/edit/", views.staff_jargon_edit, name="staff-jargon-edit"),
]
