"""Sections other apps add to the public home page.

Nothing in `cocreation/` reads an app, yet the home page should show what people can take part
in now (such as the consultations open for views). An app registers a section here from its
`AppConfig.ready()`: a template and a function of the request giving its context, or None when
it has nothing to show. `cocreation.views.home` renders them in order, after the introduction.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    context: Callable  # (request) -> dict | None
    order: int = 100


_SECTIONS: dict[str, HomeSection] = {}


def home_section_register(*, key: str, template: str, context: Callable, order: int = 100) -> None:
    """Add (or replace, by key) a section of the public home page."""
    _SECTIONS[key] = HomeSection(key=key, template=template, context=context, order=order)


def home_sections_for(request) -> list[dict]:
    """Each registered section with something to show: its template and context, in order."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request)
        if context:
            shown.append({"key": section.key, "template": section.template, "context": context})
    return shown
