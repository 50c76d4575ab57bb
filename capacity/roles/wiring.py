"""What roles registers with the other apps, called from CapacityConfig.ready(): the staff menu's
"Roles" item, the portal's "Your roles" link, the "Roles" section of a person's staff record,
the story source and what leaving does to the roles a person held."""

from community.portal_sections import portal_link_register
from community.record_sections import record_section_register
from community.story import story_source_register

from .erasure import erasure_rules_register
from .selectors import record_roles_section
from .story import person_role_rows


def wire() -> None:
    # A link in the portal home's list rather than a menu item, to keep the menu short.
    portal_link_register(
        key="roles", label="Your roles", url_name="capacity:portal-roles", order=44
    )
    record_section_register(
        key="capacity-roles",
        template="capacity/roles/record_section.html",
        context=record_roles_section,
        order=45,
    )
    story_source_register(
        key="capacity-roles", models=["capacity.PersonRole"], rows_for=person_role_rows
    )
    erasure_rules_register()
