"""What the staff's "Have your say" pages register with the other apps, called from
`consultations.wiring.wire()`: the staff menu item and the staff dashboard's panel (open now,
ideas and posts waiting for a check, crisis flags not followed up)."""

from activities.dashboard_panels import dashboard_panel_register
from community.models import Role
from community.navigation import nav_item_register

from .selectors import dashboard_panel


def wire() -> None:
    nav_item_register(
        key="staff-have-your-say",
        role=Role.STAFF,
        label="Have your say",
        url_name="consultations:staff-list",
        order=66,
    )
    dashboard_panel_register(
        key="consultations-staff",
        template="consultations/staff/dashboard_panel.html",
        context=dashboard_panel,
        order=64,
    )
