from django.urls import path

from .views import reports

app_name = "reporting"

urlpatterns = [
    path("reports/", reports.home, name="home"),
]
