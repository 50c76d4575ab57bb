"""What accreditation applying registers with the other apps, called from CapacityConfig.ready()
through accreditation's wiring: the partner section's "Accreditation" menu item, the staff
dashboard's count of applications waiting for a panel, and the erasure rules. Staff reach the
services and criteria from the "Training and roles" page's links (no staff menu item of its own).
Contacts are partner-section logins, not co-creators, so there is no record section or story."""

from activities.dashboard_panels import dashboard_panel_register
from community.models import Role
from community.navigation import nav_item_register

from .erasure import erasure_rules_register
from .selectors import dashboard_panel


def wire() -> None:
    nav_item_register(
        role=Role.PARTNER,
        key="partner-accreditation",
        label="Accreditation",
        url_name="capacity:accreditation-partner-home",
        order=30,
    )
    dashboard_panel_register(
        key="capacity-accreditation-applying",
        template="capacity/accreditation/applying/dashboard_panel.html",
        context=dashboard_panel,
        order=62,
    )
    erasure_rules_register()
