"""What accreditation applying registers with the other apps, called from CapacityConfig.ready()
through accreditation's wiring: the partner section's "Accreditation" menu item and the erasure
rules. (The staff dashboard's accreditation panel, with the applications waiting for a panel, is
the panel package's.) Staff reach the
services and criteria from the "Training and roles" page's links (no staff menu item of its own).
Contacts are partner-section logins, not co-creators, so there is no record section or story."""

from community.models import Role
from community.navigation import nav_item_register

from .erasure import erasure_rules_register


def wire() -> None:
    nav_item_register(
        role=Role.PARTNER,
        key="partner-accreditation",
        label="Accreditation",
        url_name="capacity:accreditation-partner-home",
        order=30,
    )
    erasure_rules_register()
