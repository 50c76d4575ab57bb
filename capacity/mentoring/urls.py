"""Peer support and mentoring pages (in the `capacity` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/mentoring/", views.overview, name="mentoring-list"),
    path("staff/mentoring/pairs/add/", views.pair_add, name="mentoring-pair-add"),
    path("staff/mentoring/pairs/<int:pk>/", views.pair_detail, name="mentoring-pair"),
    path(
        "staff/mentoring/pairs/<int:pk>/agree/",
        views.pair_agree_for,
        name="mentoring-pair-agree",
    ),
    path("staff/mentoring/pairs/<int:pk>/end/", views.pair_end, name="mentoring-pair-end"),
    path("staff/mentoring/groups/add/", views.group_add, name="mentoring-group-add"),
    path("staff/mentoring/groups/<int:pk>/", views.group_detail, name="mentoring-group"),
    path("staff/mentoring/groups/<int:pk>/edit/", views.group_edit, name="mentoring-group-edit"),
    path(
        "staff/mentoring/groups/<int:pk>/invite/",
        views.group_invite,
        name="mentoring-group-invite",
    ),
    path(
        "staff/mentoring/groups/<int:pk>/agree/",
        views.group_agree_for,
        name="mentoring-group-agree",
    ),
    path("staff/mentoring/groups/<int:pk>/end/", views.group_end, name="mentoring-group-end"),
    path("portal/mentoring/", views.portal_home, name="portal-mentoring"),
    path("portal/mentoring/pairs/<int:pk>/", views.portal_pair, name="portal-mentoring-pair"),
    path(
        "portal/mentoring/pairs/<int:pk>/answer/",
        views.portal_pair_answer,
        name="portal-mentoring-pair-answer",
    ),
    path(
        "portal/mentoring/pairs/<int:pk>/meetings/add/",
        views.portal_pair_meeting,
        name="portal-mentoring-pair-meeting",
    ),
    path(
        "portal/mentoring/pairs/<int:pk>/end/",
        views.portal_pair_end,
        name="portal-mentoring-pair-end",
    ),
    path("portal/mentoring/groups/<int:pk>/", views.portal_group, name="portal-mentoring-group"),
    path(
        "portal/mentoring/groups/<int:pk>/answer/",
        views.portal_group_answer,
        name="portal-mentoring-group-answer",
    ),
    path(
        "portal/mentoring/groups/<int:pk>/meetings/add/",
        views.portal_group_meeting,
        name="portal-mentoring-group-meeting",
    ),
    path(
        "portal/mentoring/groups/<int:pk>/leave/",
        views.portal_group_leave,
        name="portal-mentoring-group-leave",
    ),
]
