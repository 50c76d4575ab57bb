"""Values every template needs: the service's names and the navigation for the user's roles."""

from django.conf import settings
from django.urls import reverse

from cocreation.lib.middleware import session_limits
from community.models import Role
from community.permissions import user_roles

_NAV = (
    (Role.STAFF, "Staff dashboard", "activities:dashboard"),
    (Role.COCREATOR, "Your home", "community:portal-home"),
    (Role.COCREATOR, "Opportunities", "activities:opportunity-list"),
    (Role.STEERING, "Reports", "reporting:home"),
    (Role.STEERING, "Plan tracker", "reporting:plan"),
    (Role.STEERING, "Governance packs", "reporting:packs"),
    (Role.STAFF, "Reports", "reporting:home"),
    (Role.STAFF, "Newsletters", "reporting:newsletters"),
    (Role.STAFF, "Messages", "community:message-list"),
)


def site(request):
    roles = user_roles(request.user) if hasattr(request, "user") else frozenset()
    nav, seen = [], set()
    for role, label, url_name in _NAV:
        if role in roles and url_name not in seen:
            seen.add(url_name)
            nav.append({"label": label, "url": reverse(url_name), "current": False})
    # Only the longest matching entry is the current one: /portal/ must not light up on
    # /portal/opportunities/, which has its own entry.
    matches = [item for item in nav if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    values = {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "nav": nav,
        "session_limits": session_limits(),
    }
    # allauth's views put their own `site` in the context; base.html reads `cocreation_site`.
    return {"site": values, "cocreation_site": values}
