"""Accreditation panel URLs (in the `capacity` namespace): staff panels, reviews, decisions and
renewals; co-creators' reviews in the portal; the public list of accredited services."""

from django.urls import path

from . import views

urlpatterns = [
    # Staff: panels and the decision
    path("staff/accreditation/panels/", views.panels, name="panel-list"),
    path("staff/accreditation/renewals/", views.renewals, name="panel-renewals"),
    path(
        "staff/accreditation/applications/<int:pk>/panel/",
        views.panel,
        name="panel-application",
    ),
    path(
        "staff/accreditation/applications/<int:pk>/panel/add-staff/",
        views.add_staff,
        name="panel-add-staff",
    ),
    path(
        "staff/accreditation/applications/<int:pk>/panel/add-cocreator/",
        views.add_cocreator,
        name="panel-add-cocreator",
    ),
    path(
        "staff/accreditation/panel-members/<int:pk>/remove/",
        views.remove_member,
        name="panel-member-remove",
    ),
    path(
        "staff/accreditation/applications/<int:pk>/decision/",
        views.decision,
        name="panel-decision",
    ),
    # Staff reviewers
    path("staff/accreditation/reviews/", views.staff_reviews, name="panel-staff-reviews"),
    path("staff/accreditation/reviews/<int:pk>/", views.staff_seat, name="panel-staff-review"),
    path(
        "staff/accreditation/reviews/<int:pk>/conflict/",
        views.staff_conflict,
        name="panel-staff-conflict",
    ),
    path(
        "staff/accreditation/reviews/<int:pk>/criteria/<int:criterion_pk>/",
        views.staff_score,
        name="panel-staff-score",
    ),
    path(
        "staff/accreditation/reviews/<int:pk>/evidence/<int:evidence_pk>/",
        views.staff_evidence,
        name="panel-staff-evidence",
    ),
    # Co-creator reviewers, in the portal
    path("portal/accreditation/reviews/", views.portal_reviews, name="panel-portal-reviews"),
    path("portal/accreditation/reviews/<int:pk>/", views.portal_seat, name="panel-portal-review"),
    path(
        "portal/accreditation/reviews/<int:pk>/conflict/",
        views.portal_conflict,
        name="panel-portal-conflict",
    ),
    path(
        "portal/accreditation/reviews/<int:pk>/criteria/<int:criterion_pk>/",
        views.portal_score,
        name="panel-portal-score",
    ),
    path(
        "portal/accreditation/reviews/<int:pk>/evidence/<int:evidence_pk>/",
        views.portal_evidence,
        name="panel-portal-evidence",
    ),
    # The public list of accredited services
    path("accreditation/", views.accredited, name="panel-accredited-list"),
    path("accreditation/<int:pk>/", views.accredited_detail, name="panel-accredited-detail"),
]
