"""Public pages, the health check and the CSRF failure page."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .jobs.selectors import health_report
from .lib.home_sections import home_sections_for


def home(request):
    # "Go to your home" reads the person's home from the site context (community's roles); the
    # sections other apps registered (such as open consultations) come after the introduction.
    return render(request, "pages/home.html", {"home_sections": home_sections_for(request)})


def accessibility(request):
    return render(request, "pages/accessibility.html")


def privacy(request):
    return render(request, "pages/privacy.html")


@require_GET
@never_cache
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def favicon(request):
    return redirect(static("vendor/nhsuk-frontend/assets/images/favicon.ico"), permanent=True)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    # The 500 page must not depend on context processors or the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


def admin_login(request, extra_context=None):
    """The admin site's sign-in goes through allauth, so rate limits and two-factor apply."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if request.user.is_active and request.user.is_staff:
        return redirect(next_url)
    raise PermissionDenied("The admin site is only for administrators.")
