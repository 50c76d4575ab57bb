"""What mentoring registers with the other apps, called from CapacityConfig.ready(): the portal's
"Mentoring" menu item (its page: "Mentoring and peer support"), the staff record's section, the staff dashboard's panel
(pairings waiting too long for agreement), story sources and what leaving does to its rows. The
staff pages are linked from the "Training and roles" page, not the staff menu."""

from activities.dashboard_panels import dashboard_panel_register
from community.models import Role
from community.navigation import nav_item_register
from community.record_sections import record_section_register
from community.story import story_source_register

from .erasure import erasure_rules_register
from .selectors import dashboard_panel, record_mentoring_section
from .story import meeting_rows, membership_rows, pair_rows


def wire() -> None:
    nav_item_register(
        key="portal-mentoring",
        role=Role.COCREATOR,
        label="Mentoring",
        url_name="capacity:portal-mentoring",
        order=46,
    )
    record_section_register(
        key="capacity-mentoring",
        template="capacity/mentoring/record_section.html",
        context=record_mentoring_section,
        order=62,
    )
    dashboard_panel_register(
        key="capacity-mentoring",
        template="capacity/mentoring/dashboard_panel.html",
        context=dashboard_panel,
        order=62,
    )
    story_source_register(
        key="capacity-mentoring", models=["capacity.Mentoring"], rows_for=pair_rows
    )
    story_source_register(
        key="capacity-support-meetings", models=["capacity.SupportMeeting"], rows_for=meeting_rows
    )
    story_source_register(
        key="capacity-peer-groups", models=["capacity.PeerGroupMember"], rows_for=membership_rows
    )
    erasure_rules_register()
