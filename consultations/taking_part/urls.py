"""Taking part: the list and a consultation's page (public, or for its audience), answering
(signed in, by a personal link, or as a public visitor) and staff entering answers for someone."""

from django.urls import path

from . import views

urlpatterns = [
    path("have-your-say/", views.consultation_list, name="list"),
    path("have-your-say/<int:pk>/", views.consultation_detail, name="detail"),
    path("have-your-say/<int:pk>/answer/", views.answer, name="answer"),
    path("have-your-say/<int:pk>/thank-you/", views.answer_thanks, name="answer-thanks"),
    path("have-your-say/link/<str:token>/", views.answer_by_link, name="answer-by-link"),
    path(
        "have-your-say/link/<str:token>/thank-you/",
        views.answer_by_link_thanks,
        name="answer-by-link-thanks",
    ),
    path("staff/have-your-say/<int:pk>/assist/", views.staff_assist, name="staff-assist"),
    path(
        "staff/have-your-say/<int:pk>/assist/<int:person_pk>/",
        views.staff_assist_person,
        name="staff-assist-person",
    ),
]
