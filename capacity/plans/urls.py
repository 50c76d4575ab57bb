"""Development plans' pages (in the `capacity` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    # Staff
    path("staff/plans/", views.plan_list_view, name="plans-list"),
    path("staff/people/<int:cocreator_pk>/plan/", views.person_plan, name="plans-person"),
    path("staff/plans/<int:pk>/", views.plan_detail, name="plans-detail"),
    path("staff/plans/<int:pk>/edit/", views.plan_edit, name="plans-edit"),
    path("staff/plans/<int:pk>/steps/add/", views.step_add_view, name="plans-step-add"),
    path(
        "staff/plans/<int:pk>/steps/<int:step_pk>/edit/",
        views.step_edit_view,
        name="plans-step-edit",
    ),
    path(
        "staff/plans/<int:pk>/steps/<int:step_pk>/done/",
        views.step_done_view,
        name="plans-step-done",
    ),
    path(
        "staff/plans/<int:pk>/steps/<int:step_pk>/remove/",
        views.step_remove_view,
        name="plans-step-remove",
    ),
    path("staff/plans/<int:pk>/reviews/add/", views.review_add_view, name="plans-review-add"),
    path("staff/plans/<int:pk>/close/", views.plan_close_view, name="plans-close"),
    path("staff/plans/<int:pk>/reopen/", views.plan_reopen_view, name="plans-reopen"),
    path("staff/plans/<int:pk>/history/", views.plan_history, name="plans-history"),
    # The portal: the person's own plan (no number)
    path("portal/plan/", views.portal_plan, name="plans-portal"),
    path("portal/plan/start/", views.portal_start, name="plans-portal-start"),
    path("portal/plan/edit/", views.portal_hopes, name="plans-portal-edit"),
    path("portal/plan/steps/add/", views.portal_step_add, name="plans-portal-step-add"),
    path(
        "portal/plan/steps/<int:step_pk>/done/",
        views.portal_step_done,
        name="plans-portal-step-done",
    ),
    path("portal/plan/history/", views.portal_history, name="plans-portal-history"),
    # The portal: a mentee's plan, for the mentor it was written with
    path("portal/plan/mentee/<int:pk>/", views.portal_plan, name="plans-mentee"),
    path("portal/plan/mentee/<int:pk>/edit/", views.portal_hopes, name="plans-mentee-edit"),
    path(
        "portal/plan/mentee/<int:pk>/steps/add/",
        views.portal_step_add,
        name="plans-mentee-step-add",
    ),
    path(
        "portal/plan/mentee/<int:pk>/steps/<int:step_pk>/done/",
        views.portal_step_done,
        name="plans-mentee-step-done",
    ),
    path(
        "portal/plan/mentee/<int:pk>/history/",
        views.portal_history,
        name="plans-mentee-history",
    ),
]
