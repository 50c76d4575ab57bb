"""Sections other apps add to the public home page.

Nothing in `cocreation/` reads an app, yet the home page should show what people can take part
in now (such as the consultations open for views). An app registers a section here from its
`AppConfig.ready()`: a template and a function of the request giving its context, or None (or an
empty dict) when it has nothing to show. `cocreation.views.home` renders them in order, after the
introduction. The registry is the one every page's sections use (`sections.py`).
"""

from .sections import Sections

_SECTIONS = Sections()
home_section_register = _SECTIONS.register
home_sections_for = _SECTIONS.shown_for
