"""Sections and links other apps add to the co-creator's portal home.

Community reads no other app, yet the portal home should show a person their activities, surveys
and so on. Each app registers a section here from its AppConfig.ready(): a template and a function
that builds its context from the person's record. The portal home renders them in order. Links
in its "Your data" list (the journal, the data download, leaving) are registered the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class PortalSection:
    key: str
    template: str
    context: Callable  # (cocreator) -> dict
    order: int = 100


_SECTIONS: dict[str, PortalSection] = {}


def portal_section_register(
    *, key: str, template: str, context: Callable, order: int = 100
) -> None:
    """Add (or replace, by key) a section of the portal home."""
    _SECTIONS[key] = PortalSection(key=key, template=template, context=context, order=order)


def portal_sections_for(cocreator) -> list[dict]:
    """Each registered section's template and context for this person, in order."""
    return [
        {"key": s.key, "template": s.template, "context": s.context(cocreator)}
        for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    ]


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
