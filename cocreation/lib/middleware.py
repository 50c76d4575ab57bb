"""Protections for signed-in people: staff idle time-out, staff two-factor, no caching."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from community.models import Role
from community.permissions import has_role

STAFF_AREA_PREFIXES = ("/staff/", "/admin/")


def user_has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class SignedInSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and (user.is_staff or has_role(user, Role.STAFF)):
            # Every request restarts the clock, so the session ends after 30 minutes idle.
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
            if (
                settings.STAFF_MFA_REQUIRED
                and request.path.startswith(STAFF_AREA_PREFIXES)
                and not user_has_totp(user)
            ):
                messages.warning(
                    request,
                    "Set up two-factor authentication before you use staff pages. "
                    "You will need an authenticator app on your phone.",
                )
                return redirect("mfa_activate_totp")
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
