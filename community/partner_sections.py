"""Sections other apps add to a partner organisation's staff page (`community:partner-detail`).

Community reads no other app, yet staff looking at a university or a council should see who there
has a login to the partner section and what they asked for (capacity). Each app registers a
section here from its AppConfig.ready(): a template and a function that builds its context from
the organisation (counts and links, in a fixed number of queries). The page renders them in
order after its own, as a person's record does (`record_sections.py`).
"""

from .portal_sections import Sections

_SECTIONS = Sections()
partner_section_register = _SECTIONS.register
partner_sections_for = _SECTIONS.for_person
