"""Panels other apps add to the staff dashboard (`activities:dashboard`).

Activities reads no higher app, yet the dashboard should show, for example, how many payment
claims wait for approval. Each app registers a panel here from its AppConfig.ready(): a template
and a function of the signed-in member of staff that builds its context (counts and links only,
never a person's name, in a fixed number of queries). The dashboard renders them in order, as the
portal home does its sections (`community/portal_sections.py`, whose registry this reuses).
"""

from community.portal_sections import Sections

_PANELS = Sections()
dashboard_panel_register = _PANELS.register


def dashboard_panels_for(user) -> list[dict]:
    """Each registered panel's template and context for this member of staff, in order."""
    return _PANELS.for_person(user)
