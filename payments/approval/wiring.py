"""What approval registers with the other apps, called from PaymentsConfig.ready(): the staff
menu's "Payments" link, the staff dashboard's payments panel, and exports in a person's story."""

from activities.dashboard_panels import dashboard_panel_register
from community.models import Role
from community.navigation import nav_item_register
from community.story import story_source_register

from .selectors import dashboard_panel
from .story import export_line_rows


def wire() -> None:
    nav_item_register(
        key="staff-payments",
        role=Role.STAFF,
        label="Payments",
        url_name="payments:claim-list",
        order=67,
    )
    dashboard_panel_register(
        key="payments",
        template="payments/approval/dashboard_panel.html",
        context=dashboard_panel,
        order=50,
    )
    story_source_register(
        key="payments-exports", models=["payments.PaymentExportLine"], rows_for=export_line_rows
    )
