"""Where each role's pages are: its home and its links in the header menu.

Roles live in community, but most of their pages do not: the staff dashboard is in activities,
reports are in reporting, and community reads no other app. So each app registers its own role
homes and menu links here from its AppConfig.ready(), by URL name, and community (the sign-in
redirect, the header menu, "Back to staff dashboard") only ever asks this registry.
"""

from dataclasses import dataclass

from django.urls import reverse

from .models import Role


@dataclass(frozen=True)
class RoleHome:
    role: Role
    url_name: str
    order: int  # when a person holds several roles, the lowest order decides their home


@dataclass(frozen=True)
class NavItem:
    key: str
    role: Role
    label: str
    url_name: str
    order: int


_HOMES: dict[Role, RoleHome] = {}
_NAV: dict[str, NavItem] = {}


def role_home_register(*, role: Role, url_name: str, order: int) -> None:
    """Make the named URL the role's home (replacing any home registered before)."""
    _HOMES[role] = RoleHome(role=role, url_name=url_name, order=order)


def nav_item_register(*, key: str, role: Role, label: str, url_name: str, order: int) -> None:
    """Add (or replace, by key) a link in the header menu of people holding the role."""
    _NAV[key] = NavItem(key=key, role=role, label=label, url_name=url_name, order=order)


def role_home_url(role: Role) -> str | None:
    """The address of the role's home, or None if no app registered one."""
    home = _HOMES.get(role)
    return reverse(home.url_name) if home is not None else None


def home_url_for_roles(roles) -> str:
    """Where a person with these roles lands: the first of their roles' homes, or the public home."""
    for home in sorted(_HOMES.values(), key=lambda h: h.order):
        if home.role in roles:
            return reverse(home.url_name)
    return reverse("home")


def nav_for_roles(roles, path: str) -> list[dict]:
    """The header menu for these roles, each address once, the page at `path` marked current."""
    nav, seen = [], set()
    for item in sorted(_NAV.values(), key=lambda i: (i.order, i.key)):
        if item.role in roles and item.url_name not in seen:
            seen.add(item.url_name)
            nav.append({"label": item.label, "url": reverse(item.url_name), "current": False})
    # Only the longest matching entry is the current one: /portal/ must not light up on
    # /portal/opportunities/, which has its own entry.
    matches = [item for item in nav if path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return nav
