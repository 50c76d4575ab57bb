"""The one registry of page sections: a template and a function building its context, by key.

A lower app offers one of these so that higher apps can add to its pages without it reading
them; each registers from its `AppConfig.ready()`. The portal home's sections, the staff record's,
the story page's, the staff dashboard's panels, the portal opportunities' sections and the
public home page's (`home_sections.py`) are each one of these.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PortalSection:
    key: str
    template: str
    context: Callable  # (the page's subject: a person's record, a user or a request) -> dict
    order: int = 100


class Sections:
    """A registry of sections (a template and a function of what the page is for), by key."""

    def __init__(self):
        self._by_key: dict[str, PortalSection] = {}

    def register(self, *, key: str, template: str, context: Callable, order: int = 100) -> None:
        """Add (or replace, by key) a section."""
        self._by_key[key] = PortalSection(key=key, template=template, context=context, order=order)

    def for_person(self, cocreator) -> list[dict]:
        """Each registered section's template and context for this person (or user, or
        request), in order."""
        return [
            {"key": s.key, "template": s.template, "context": s.context(cocreator)}
            for s in sorted(self._by_key.values(), key=lambda s: (s.order, s.key))
        ]

    def shown_for(self, subject) -> list[dict]:
        """As `for_person`, leaving out the sections with nothing to show (an empty context)."""
        return [section for section in self.for_person(subject) if section["context"]]
