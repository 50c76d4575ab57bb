from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("staff/", views.staff_home, name="staff-home"),
    path("portal/", views.portal_home, name="portal-home"),
]
