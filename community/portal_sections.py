"""Sections and links other apps add to the co-creator's portal home.

Community reads no other app, yet the portal home should show a person their activities, surveys
and so on. Each app registers a section here from its AppConfig.ready(): a template and a function
that builds its context from the person's record. The portal home renders them in order. Links
in its "Your data" list (the journal, the data download, leaving) are registered the same way.
"""

from dataclasses import dataclass

from django.urls import reverse

# The registry is the shared one (`cocreation/lib/sections.py`, below every app, so the public
# home page uses it too); the apps that offer sections of their own import it from here.
from cocreation.lib.sections import Sections

_SECTIONS = Sections()
portal_section_register = _SECTIONS.register
portal_sections_for = _SECTIONS.for_person


@dataclass(frozen=True)
class PortalLink:
    key: str
    label: str
    url_name: str
    order: int = 100


_LINKS: dict[str, PortalLink] = {}


def portal_link_register(*, key: str, label: str, url_name: str, order: int = 100) -> None:
    """Add (or replace, by key) a link in the portal home's "Your data" list."""
    _LINKS[key] = PortalLink(key=key, label=label, url_name=url_name, order=order)


def portal_links() -> list[dict]:
    """Each registered link's label and address, in order."""
    return [
        {"key": link.key, "label": link.label, "url": reverse(link.url_name)}
        for link in sorted(_LINKS.values(), key=lambda link: (link.order, link.key))
    ]
