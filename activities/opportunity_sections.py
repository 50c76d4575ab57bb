"""Sections other apps add to the portal's opportunities page (`/portal/opportunities/`).

Activities reads no higher app, yet a person's opportunities should include ways to take part
that are not activities to sign up for, such as consultations open online. An app registers a
section from its `AppConfig.ready()`: a template and a function of the person's record (a fixed
number of queries) giving its context, or an empty dict when it has nothing for them. The page
renders the ones with something to show, after its activities.
"""

from community.portal_sections import Sections

_SECTIONS = Sections()
opportunity_section_register = _SECTIONS.register
opportunity_sections_for = _SECTIONS.shown_for
