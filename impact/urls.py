from django.urls import path  # noqa: F401  (each area appends its routes below)

app_name = "impact"

urlpatterns = []
