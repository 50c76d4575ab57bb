from django.contrib import admin
from django.urls import include, path

from . import views

# The admin site signs people in through allauth, so two-factor and rate limits apply there too.
admin.site.login = views.admin_login
admin.site.site_header = "Co-creation community administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; send them to the vendored icon.
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("community.urls")),
    path("", include("activities.urls")),
    path("", include("impact.urls")),
    path("", include("capacity.urls")),
    path("", include("payments.urls")),
    path("", include("reporting.urls")),
    path("", include("consultations.urls")),
]

handler500 = "cocreation.views.server_error"
