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


class Sections:
    """A registry of sections (a template and a function of the person's record), by key: the
    portal home's, a person's staff record's (`record_sections.py`) and the portal story page's
    (`story.py`) are each one of these."""

    def __init__(self):
        self._by_key: dict[str, PortalSection] = {}

    def register(self, *, key: str, template: str, context: Callable, order: int = 100) -> None:
        """Add (or replace, by key) a section."""
        self._by_key[key] = PortalSection(key=key, template=template, context=context, order=order)

    def for_person(self, cocreator) -> list[dict]:
        """Each registered section's template and context for this person, in order."""
        return [
            {"key": s.key, "template": s.template, "context": s.context(cocreator)}
            for s in sorted(self._by_key.values(), key=lambda s: (s.order, s.key))
        ]


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
