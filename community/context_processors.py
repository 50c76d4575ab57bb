"""Values every template needs: the service's names and the navigation for the user's roles."""

from django.conf import settings

from cocreation.lib.email import site_context

from .middleware import session_limits
from .models import Role
from .navigation import home_url_for_roles, nav_for_roles, role_home_url
from .permissions import user_roles


def site(request):
    user = getattr(request, "user", None)
    roles = user_roles(user) if user is not None else frozenset()
    signed_in = user is not None and user.is_authenticated
    values = {
        **site_context(),
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "nav": nav_for_roles(roles, request.path),
        # Where "Go to your home" and "Back to staff dashboard" lead, from the registry.
        "home_url": home_url_for_roles(roles) if signed_in else None,
        "staff_home_url": role_home_url(Role.STAFF),
        "session_limits": session_limits(),
    }
    # allauth's views put their own `site` in the context; base.html reads `cocreation_site`.
    return {"site": values, "cocreation_site": values}
