"""Sections other apps add to a person's staff record (`community:cocreator-detail`).

Community reads no other app, yet staff should be able to book a person onto an activity from
their record. Each app registers a section here from its AppConfig.ready(): a template and a
function that builds its context from the person's record (it must not grow its queries with
the rows). The record page renders them in order, as the portal home does its sections
(`portal_sections.py`).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordSection:
    key: str
    template: str
    context: Callable  # (cocreator) -> dict
    order: int = 100


_SECTIONS: dict[str, RecordSection] = {}


def record_section_register(
    *, key: str, template: str, context: Callable, order: int = 100
) -> None:
    """Add (or replace, by key) a section of a person's staff record."""
    _SECTIONS[key] = RecordSection(key=key, template=template, context=context, order=order)


def record_sections_for(cocreator) -> list[dict]:
    """Each registered section's template and context for this person, in order."""
    return [
        {"key": s.key, "template": s.template, "context": s.context(cocreator)}
        for s in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    ]
