"""django-allauth hooks: where people land after signing in or joining, the role and the record a
person who joins gets, allauth's messages in our words, the address sign-in's rate limits count,
and the note a browser keeps that its person left."""

import datetime
import ipaddress
from functools import cache
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.httpkit import clean_client_ip
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import dateformat
from django.utils.crypto import salted_hmac

from cocreation.lib.links import absolute_url

from .models import Role
from .permissions import home_url_for
from .services import cocreator_for_user_ensure, cocreator_register, user_grant_role


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


# --- A browser that someone left from --------------------------------------------------------

_CLOSED_ACCOUNT_KEY = "community_closed_account"


def _email_digest(email: str) -> str:
    return salted_hmac("community.closed-account", email.strip().lower()).hexdigest()


def closed_account_remember(request, *, email: str, closed_on: datetime.date) -> None:
    """Note in this browser's session that the account for `email` was closed on `closed_on`.

    Leaving erases the address everywhere (services.cocreator_erase), so nothing on the server
    can tell a later sign-in that the account was closed. The browser the person left from can,
    for as long as its new session lasts (SESSION_COOKIE_AGE). It keeps a keyed digest of the
    address, never the address, so the note answers only someone who types that same address,
    and tells nobody else that the address was ever in the community.
    """
    request.session[_CLOSED_ACCOUNT_KEY] = {
        "digest": _email_digest(email),
        "on": closed_on.isoformat(),
    }


def closed_account_on(request, email: str) -> datetime.date | None:
    """The day the account for `email` was closed, if this browser is where its person left."""
    note = request.session.get(_CLOSED_ACCOUNT_KEY) if request is not None else None
    if not note or not email or note.get("digest") != _email_digest(email):
        return None
    try:
        return datetime.date.fromisoformat(note["on"])
    except (KeyError, TypeError, ValueError):
        return None


def closed_account_message(closed_on: datetime.date) -> str:
    """What a person who left is told when they try to sign in again."""
    return (
        "This account was closed when you left the community on "
        f"{dateformat.format(closed_on, 'j F Y')}"
    )


# --- The adapter -------------------------------------------------------------------------------

CODE_INCORRECT = "The code is not right. Check the code in the email we sent you and try again"


class AccountAdapter(DefaultAccountAdapter):
    # allauth's messages that people meet on the way in, in our words. Each says what to do.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account is closed. To take part again, join the community",
        "email_password_mismatch": (
            "The email address or password is not correct. Check them and try again, or sign "
            "in with a code instead"
        ),
        "email_taken": "An account already uses this email address. Sign in instead",
        "enter_current_password": "Enter your current password",
        "incorrect_code": CODE_INCORRECT,
        "incorrect_password": "The password is not correct. Check it and try again",
        "invalid_login": "Enter your email address",
        "too_many_login_attempts": (
            "Too many failed login attempts. Wait a few minutes, then try again"
        ),
        "unknown_email": "There is no account with this email address",
        "unverified_primary_email": "Confirm your email address first",
        "rate_limited": "You have asked too many times. Wait a few minutes, then try again",
    }

    def get_client_ip(self, request):
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def get_login_redirect_url(self, request):
        return home_url_for(request.user)

    def get_signup_redirect_url(self, request):
        # Everyone who joins is a co-creator; their portal home welcomes them.
        return reverse("community:portal-home")

    def get_reset_password_from_key_url(self, key: str) -> str:
        # Links in emails go to SITE_URL, whatever address the request came in on.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Every account email can link to joining and signing in, on SITE_URL.
        context = {
            "join_url": absolute_url(reverse("account_signup")),
            "sign_in_url": absolute_url(reverse("account_login")),
            **context,
        }
        super().send_mail(template_prefix, email, context)

    def save_user(self, request, user, form, commit=True):
        join_details = getattr(form, "cocreator_details", None)
        if join_details is not None:
            user.full_name = form.cleaned_data["full_name"]
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # People who join by themselves are co-creators; staff grant other roles.
            user_grant_role(user=user, role=Role.COCREATOR)
            if join_details is not None:
                # The record the portal greets them from, with what they told us on joining.
                cocreator_register(
                    actor=user, user=user, email=user.email, prefers_email=True, **join_details()
                )
            else:
                cocreator_for_user_ensure(user=user)
        return user
