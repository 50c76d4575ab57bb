"""django-allauth hooks: where people land after signing in, the role a new sign-up gets, and
the address sign-in's rate limits count."""

import ipaddress
from functools import cache

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.httpkit import clean_client_ip
from django.conf import settings
from django.core.exceptions import PermissionDenied

from .models import Role
from .permissions import home_url_for
from .services import cocreator_for_user_ensure, user_grant_role


@cache
def _trusted_networks(networks: tuple[str, ...]):
    return tuple(ipaddress.ip_network(network, strict=False) for network in networks)


def from_trusted_proxy(address: str) -> bool:
    """Whether a connection comes from one of the proxies in TRUSTED_PROXY_NETWORKS."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _trusted_networks(tuple(settings.TRUSTED_PROXY_NETWORKS)))


def client_ip(request) -> str | None:
    """The address of the person, not of our proxy, for per-address rate limits.

    With ALLAUTH_TRUSTED_PROXY_COUNT proxies in front, each appends the address it saw to
    X-Forwarded-For, so the person's is that many from the end. The header is believed only on a
    connection from a trusted proxy: a client that reaches the site directly and sends its own
    header is counted by the address it connects from. A header shorter than the proxy count
    (someone skipping a proxy) falls back to that address too, rather than failing.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if count > 0 and forwarded and from_trusted_proxy(remote):
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            ip = clean_client_ip(hops[-count])
            if ip:
                return ip
    return clean_client_ip(remote) if remote else None


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def get_login_redirect_url(self, request):
        return home_url_for(request.user)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # People who sign themselves up join as co-creators; staff grant other roles.
            user_grant_role(user=user, role=Role.COCREATOR)
            cocreator_for_user_ensure(user=user)
        return user
