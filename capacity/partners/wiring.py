"""What partners registers with the other apps, called from CapacityConfig.ready(): the partner's
home (where they land on signing in) and menu, the staff dashboard's panel of new requests, the
partner organisation page's section, and erasure rules."""

from activities.dashboard_panels import dashboard_panel_register
from community.models import Role
from community.navigation import nav_item_register, role_home_register
from community.partner_sections import partner_section_register

from .erasure import erasure_rules_register
from .selectors import dashboard_panel, organisation_section


def wire() -> None:
    role_home_register(role=Role.PARTNER, url_name="capacity:partners-home", order=40)
    # The partner's menu; accreditation adds "Accreditation" at order 30.
    for key, label, url_name, order in (
        ("partners-home", "Home", "capacity:partners-home", 10),
        ("partners-training", "Training", "capacity:partners-training", 20),
        ("partners-toolkits", "Toolkits", "capacity:partners-toolkits", 25),
        ("partners-support", "Ask for support", "capacity:partners-support-new", 40),
    ):
        nav_item_register(key=key, role=Role.PARTNER, label=label, url_name=url_name, order=order)
    dashboard_panel_register(
        key="capacity-partners",
        template="capacity/partners/dashboard_panel.html",
        context=dashboard_panel,
        order=65,
    )
    partner_section_register(
        key="capacity-partners",
        template="capacity/partners/organisation_section.html",
        context=organisation_section,
        order=50,
    )
    erasure_rules_register()
