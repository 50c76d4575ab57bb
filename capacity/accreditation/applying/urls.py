"""Applying for accreditation's pages (in the `capacity` namespace): staff's services and criteria
under /staff/accreditation/, a service's contacts under /partners/accreditation/, and an
application's pages in both (`accreditation-staff-...` and `accreditation-partner-...`)."""

from django.urls import path

from . import views

APPLICATION_PAGES = [
    ("", "application"),
    ("criteria/<int:criterion_pk>/", "assessment"),
    ("criteria/<int:criterion_pk>/impact-record/", "evidence-impact"),
    ("criteria/<int:criterion_pk>/activity/", "evidence-activity"),
    ("criteria/<int:criterion_pk>/document/", "evidence-document"),
    ("evidence/<int:evidence_pk>/remove/", "evidence-remove"),
    ("evidence/<int:evidence_pk>/download/", "evidence-download"),
    ("submit/", "submit"),
    ("withdraw/", "withdraw"),
]

urlpatterns = [
    # Staff: services, invitations and contacts
    path("staff/accreditation/", views.services, name="accreditation-services"),
    path("staff/accreditation/services/add/", views.service_add, name="accreditation-service-add"),
    path(
        "staff/accreditation/services/<int:pk>/",
        views.service_detail,
        name="accreditation-service",
    ),
    path(
        "staff/accreditation/services/<int:pk>/edit/",
        views.service_edit,
        name="accreditation-service-edit",
    ),
    path(
        "staff/accreditation/services/<int:pk>/invite/",
        views.service_invite_view,
        name="accreditation-service-invite",
    ),
    path(
        "staff/accreditation/services/<int:pk>/start/",
        views.service_start,
        name="accreditation-service-start",
    ),
    path(
        "staff/accreditation/services/<int:pk>/contacts/add/",
        views.contact_add,
        name="accreditation-contact-add",
    ),
    path(
        "staff/accreditation/services/<int:pk>/contacts/<int:user_pk>/remove/",
        views.contact_remove,
        name="accreditation-contact-remove",
    ),
    # Staff: the criteria, by version
    path("staff/accreditation/criteria/", views.criteria, name="accreditation-criteria"),
    path(
        "staff/accreditation/criteria/new-version/",
        views.framework_add,
        name="accreditation-framework-add",
    ),
    path(
        "staff/accreditation/criteria/<int:pk>/",
        views.framework_detail,
        name="accreditation-framework",
    ),
    path(
        "staff/accreditation/criteria/<int:pk>/edit/",
        views.framework_edit,
        name="accreditation-framework-edit",
    ),
    path(
        "staff/accreditation/criteria/<int:pk>/publish/",
        views.framework_publish_view,
        name="accreditation-framework-publish",
    ),
    path(
        "staff/accreditation/criteria/<int:pk>/standards/add/",
        views.standard_add,
        name="accreditation-standard-add",
    ),
    path(
        "staff/accreditation/standards/<int:pk>/edit/",
        views.standard_edit,
        name="accreditation-standard-edit",
    ),
    path(
        "staff/accreditation/standards/<int:pk>/remove/",
        views.standard_remove_view,
        name="accreditation-standard-remove",
    ),
    path(
        "staff/accreditation/standards/<int:pk>/criteria/add/",
        views.criterion_add,
        name="accreditation-criterion-add",
    ),
    path(
        "staff/accreditation/criterion/<int:pk>/edit/",
        views.criterion_edit,
        name="accreditation-criterion-edit",
    ),
    path(
        "staff/accreditation/criterion/<int:pk>/remove/",
        views.criterion_remove_view,
        name="accreditation-criterion-remove",
    ),
    # A service's contacts, in the partner section
    path("partners/accreditation/", views.partner_home, name="accreditation-partner-home"),
    path(
        "partners/accreditation/services/<int:pk>/start/",
        views.partner_start,
        name="accreditation-partner-start",
    ),
    # An application's pages, for staff and for the service's contacts
    *(
        path(
            f"staff/accreditation/applications/<int:pk>/{route}",
            views.staff_views[page],
            name=f"accreditation-staff-{page}",
        )
        for route, page in APPLICATION_PAGES
    ),
    *(
        path(
            f"partners/accreditation/applications/<int:pk>/{route}",
            views.partner_views[page],
            name=f"accreditation-partner-{page}",
        )
        for route, page in APPLICATION_PAGES
    ),
]
