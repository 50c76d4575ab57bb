"""The staff's "Have your say" pages (under /staff/have-your-say/) and the documents' download
(under /have-your-say/, for whoever reaches the consultation)."""

from django.urls import path

from . import views

urlpatterns = [
    path("staff/have-your-say/", views.consultation_list, name="staff-list"),
    path("staff/have-your-say/add/", views.consultation_add, name="staff-add"),
    path("staff/have-your-say/<int:pk>/", views.consultation_detail, name="staff-detail"),
    path("staff/have-your-say/<int:pk>/edit/", views.consultation_edit, name="staff-edit"),
    path("staff/have-your-say/<int:pk>/questions/", views.questions, name="staff-questions"),
    path(
        "staff/have-your-say/<int:pk>/questions/<int:question_pk>/",
        views.question_edit,
        name="staff-question-edit",
    ),
    path(
        "staff/have-your-say/<int:pk>/questions/<int:question_pk>/remove/",
        views.question_remove,
        name="staff-question-remove",
    ),
    path(
        "staff/have-your-say/<int:pk>/questions/<int:question_pk>/move/",
        views.question_reorder,
        name="staff-question-move",
    ),
    path("staff/have-your-say/<int:pk>/documents/", views.documents, name="staff-documents"),
    path(
        "staff/have-your-say/<int:pk>/documents/<int:doc_pk>/remove/",
        views.document_remove,
        name="staff-document-remove",
    ),
    path("staff/have-your-say/<int:pk>/publish/", views.publish, name="staff-publish"),
    path("staff/have-your-say/<int:pk>/close/", views.close, name="staff-close"),
    path("staff/have-your-say/<int:pk>/invite/", views.invite, name="staff-invite"),
    path(
        "have-your-say/<int:pk>/documents/<int:doc_pk>/",
        views.document_download,
        name="document",
    ),
]
