"""Sections other apps add to a person's staff record (`community:cocreator-detail`).

Community reads no other app, yet staff should be able to book a person onto an activity from
their record. Each app registers a section here from its AppConfig.ready(): a template and a
function that builds its context from the person's record (it must not grow its queries with
the rows). The record page renders them in order, as the portal home does its sections
(`portal_sections.py`).
"""

from .portal_sections import Sections

_SECTIONS = Sections()
record_section_register = _SECTIONS.register
record_sections_for = _SECTIONS.for_person
