"""roles pages (capacity namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("roles/", views.public_role_list, name="public-role-list"),
    path("roles/<int:pk>/", views.public_role_detail, name="public-role-detail"),
    path("portal/roles/", views.portal_roles_view, name="portal-roles"),
    path("staff/roles/", views.role_list_view, name="role-list"),
    path("staff/roles/add/", views.role_add, name="role-add"),
    path("staff/roles/<int:pk>/edit/", views.role_edit, name="role-edit"),
    path("staff/roles/ambassadors/", views.ambassador_list, name="ambassador-list"),
    path(
        "staff/roles/people/<int:cocreator_pk>/add/",
        views.person_role_add_view,
        name="person-role-add",
    ),
    path("staff/roles/held/<int:pk>/end/", views.person_role_end_view, name="person-role-end"),
]
