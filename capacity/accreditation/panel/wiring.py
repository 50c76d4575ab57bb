"""What the accreditation panel registers with the other apps, called from CapacityConfig.ready():
the portal home's "Accreditation panels" section (shown only to someone on a panel still at
work), the staff record's section, the staff dashboard's panels-and-renewals panel, the story
source, erasure rules, and the renewals beat task."""

from activities.dashboard_panels import dashboard_panel_register
from community.portal_sections import portal_section_register
from community.record_sections import record_section_register
from community.story import story_source_register

from . import tasks  # noqa: F401 (registers the beat task: autodiscovery finds capacity.tasks only)
from .erasure import erasure_rules_register
from .selectors import dashboard_panel, portal_panel_section, record_panel_section
from .story import panel_rows


def wire() -> None:
    portal_section_register(
        key="capacity-accreditation-panels",
        template="capacity/accreditation/panel/portal_section.html",
        context=portal_panel_section,
        order=45,
    )
    record_section_register(
        key="capacity-accreditation-panels",
        template="capacity/accreditation/panel/record_section.html",
        context=record_panel_section,
        order=75,
    )
    dashboard_panel_register(
        key="capacity-accreditation-panels",
        template="capacity/accreditation/panel/dashboard_panel.html",
        context=dashboard_panel,
        order=65,
    )
    story_source_register(
        key="capacity-accreditation-panels",
        models=["capacity.PanelMember", "capacity.PanelScore"],
        rows_for=panel_rows,
    )
    erasure_rules_register()
