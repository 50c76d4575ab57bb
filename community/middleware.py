"""Protections for signed-in people: idle and absolute time-outs, staff two-factor, no caching."""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from .models import Role
from .permissions import has_role

# Staff who have not set up two-factor may reach only these: signing out, setting it up, assets.
STAFF_WITHOUT_MFA_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz")
SIGNED_IN_AT = "signed_in_at"
TOUCHED_AT = "idle_clock_at"
# The idle clock is restarted at most this often, so a busy person's session is not written at
# every page: a session may end up to this many seconds before its full idle time.
TOUCH_EVERY_SECONDS = 60


def user_has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_staff_user(user) -> bool:
    """Whether the signed-in person works in the involvement team (or runs the site)."""
    return user.is_staff or has_role(user, Role.STAFF)


def idle_seconds_for(user) -> int:
    """How long this person's session lasts without a page being opened."""
    if is_staff_user(user):
        return settings.STAFF_SESSION_IDLE_SECONDS
    return settings.SESSION_IDLE_SECONDS


def session_clock_start(sender, request, user, **kwargs) -> None:
    """On signing in (Django's `user_logged_in`): start the absolute and idle clocks."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[TOUCHED_AT] = now
    if not request.session.get_expire_at_browser_close():
        request.session.set_expiry(int(min(idle_seconds_for(user), settings.SESSION_COOKIE_AGE)))


class SignedInSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            ended = self._session_clock(request, user)
            if ended is not None:
                return ended
            if (
                settings.STAFF_MFA_REQUIRED
                and is_staff_user(user)
                and not request.path.startswith(STAFF_WITHOUT_MFA_ALLOWED_PREFIXES)
                and not user_has_totp(user)
            ):
                messages.warning(
                    request,
                    "Set up two-factor authentication before you use staff pages or reports. "
                    "You will need an authenticator app on your phone.",
                )
                return redirect("mfa_activate_totp")
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response

    @staticmethod
    def _session_clock(request, user):
        """End a session that is too old or was idle too long; else restart its idle clock."""
        session = request.session
        now = time.time()
        signed_in_at = session.get(SIGNED_IN_AT)
        if signed_in_at is None:
            session[SIGNED_IN_AT] = signed_in_at = now
        idle = idle_seconds_for(user)
        left = settings.SESSION_COOKIE_AGE - (now - signed_in_at)
        touched = session.get(TOUCHED_AT)
        if left <= 0 or (touched is not None and now - touched >= idle):
            why = (
                f"you signed in more than {duration_words(settings.SESSION_COOKIE_AGE)} ago"
                if left <= 0
                else f"you had not used the site for {duration_words(idle)}"
            )
            logout(request)
            messages.info(request, f"You were signed out because {why}. Sign in again to carry on.")
            return redirect_to_login(request.get_full_path())
        if touched is None or now - touched >= TOUCH_EVERY_SECONDS:
            session[TOUCHED_AT] = now
            # "Keep me signed in" not ticked: the cookie still ends when the browser closes.
            if not session.get_expire_at_browser_close():
                session.set_expiry(int(min(idle, left)))
        return None


def duration_words(seconds: int) -> str:
    """A length of time in plain words: "30 minutes", "8 hours", "14 days"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def session_limits() -> dict[str, str]:
    """How long sessions last, in words, for the sign-in page."""
    return {
        "idle": duration_words(settings.SESSION_IDLE_SECONDS),
        "staff_idle": duration_words(settings.STAFF_SESSION_IDLE_SECONDS),
        "absolute": duration_words(settings.SESSION_COOKIE_AGE),
    }
