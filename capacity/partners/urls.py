"""The partner section's pages (in the `capacity` namespace): the partner's own under /partners/,
the staff's under /staff/partners/ (beside community's partner organisations)."""

from django.urls import path

from . import views

urlpatterns = [
    path("partners/", views.home, name="partners-home"),
    path("partners/training/", views.training, name="partners-training"),
    path("partners/toolkits/", views.toolkits, name="partners-toolkits"),
    path("partners/support/new/", views.support_new, name="partners-support-new"),
    path("partners/support/<int:pk>/", views.support_detail, name="partners-request"),
    path("staff/partners/access/", views.staff_access_list, name="partners-staff-access"),
    path(
        "staff/partners/access/give/",
        views.staff_access_give,
        name="partners-staff-access-give",
    ),
    path(
        "staff/partners/access/<int:pk>/end/",
        views.staff_access_end,
        name="partners-staff-access-end",
    ),
    path("staff/partners/requests/", views.staff_request_list, name="partners-staff-requests"),
    path(
        "staff/partners/requests/<int:pk>/",
        views.staff_request_detail,
        name="partners-staff-request",
    ),
]
