"""The idea board and discussion pages (in the `consultations` namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("have-your-say/house-rules/", views.house_rules, name="house-rules"),
    path("have-your-say/<int:pk>/ideas-and-discussion/", views.discussion, name="discussion"),
    path("have-your-say/<int:pk>/ideas/add/", views.idea_add, name="idea-add"),
    path(
        "have-your-say/<int:pk>/ideas/<int:idea_pk>/support/",
        views.idea_support,
        name="idea-support",
    ),
    path("have-your-say/<int:pk>/discussion/add/", views.post_add, name="post-add"),
    path(
        "have-your-say/<int:pk>/contributions/<int:contribution_pk>/report/",
        views.contribution_report_view,
        name="contribution-report",
    ),
    path(
        "have-your-say/<int:pk>/contributions/<int:contribution_pk>/sent/",
        views.contribution_sent,
        name="contribution-sent",
    ),
    path("portal/display-name/", views.display_name, name="display-name"),
    path("staff/have-your-say/moderation/", views.staff_moderation, name="staff-moderation"),
    path(
        "staff/have-your-say/<int:pk>/contributions/<int:contribution_pk>/moderate/",
        views.staff_moderate,
        name="staff-moderate",
    ),
    path(
        "staff/have-your-say/<int:pk>/contributions/<int:contribution_pk>/hide/",
        views.staff_hide,
        name="staff-hide",
    ),
    path("staff/have-your-say/crisis-words/", views.staff_crisis_words, name="staff-crisis-words"),
    path(
        "staff/have-your-say/crisis-words/<int:word_pk>/remove/",
        views.staff_crisis_word_remove,
        name="staff-crisis-word-remove",
    ),
]
