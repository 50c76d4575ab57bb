"""Values every template needs: the service's names and the navigation for the user's roles."""

from django.conf import settings
from django.urls import reverse

from community.models import Role
from community.permissions import user_roles

_NAV = (
    (Role.STAFF, "Staff home", "community:staff-home"),
    (Role.COCREATOR, "Your home", "community:portal-home"),
    (Role.STEERING, "Reports", "reporting:home"),
    (Role.STAFF, "Reports", "reporting:home"),
)


def site(request):
    roles = user_roles(request.user) if hasattr(request, "user") else frozenset()
    nav, seen = [], set()
    for role, label, url_name in _NAV:
        if role in roles and url_name not in seen:
            seen.add(url_name)
            url = reverse(url_name)
            nav.append({"label": label, "url": url, "current": request.path.startswith(url)})
    values = {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "nav": nav,
    }
    # allauth's views put their own `site` in the context; base.html reads `cocreation_site`.
    return {"site": values, "cocreation_site": values}
