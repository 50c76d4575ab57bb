from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self):
        # Here, not at the top: Django imports apps.py before any app's models are loaded, and
        # these modules import community's models.
        from django.db.backends.signals import connection_created

        from community.erasure import LEAVE, UNLINK, Erasure, erasure_policy_register
        from community.models import Role
        from community.navigation import nav_item_register, role_home_register

        from .groups.pickers import pickers_register as groups_pickers_register
        from .reports.rollups import watch_connection

        groups_pickers_register()  # series and partner organisations, for choosing groups

        # After a commit that changed the report's rows, the worker counts them again at once.
        connection_created.connect(watch_connection, dispatch_uid="reporting.rollups")

        # Steering members land on the reports; both they and staff find them in the menu.
        role_home_register(role=Role.STEERING, url_name="reporting:home", order=20)
        for key, role, label, url_name, order in (
            ("steering-reports", Role.STEERING, "Reports", "reporting:home", 40),
            ("steering-plan", Role.STEERING, "Plan tracker", "reporting:plan", 50),
            ("steering-packs", Role.STEERING, "Governance packs", "reporting:packs", 60),
            ("staff-reports", Role.STAFF, "Reports", "reporting:home", 70),
            ("staff-newsletters", Role.STAFF, "Newsletters", "reporting:newsletters", 80),
            ("staff-groups", Role.STAFF, "Messages to groups", "reporting:groups", 85),
        ):
            nav_item_register(key=key, role=role, label=label, url_name=url_name, order=order)
        staff_only = (
            "Written or published by staff or steering members only; a login with another role "
            "cannot leave from the portal. A published pack is signed and never changes."
        )
        erasure_policy_register(
            label="reporting.GovernancePack", links={"published_by": Erasure(LEAVE, staff_only)}
        )
        erasure_policy_register(
            label="reporting.KeyActionUpdate", links={"author": Erasure(LEAVE, staff_only)}
        )
        for label in ("reporting.SavedGroup", "reporting.GroupMessage"):
            erasure_policy_register(
                label=label,
                links={"created_by": Erasure(UNLINK, "The group is the team's; the link goes.")},
            )
        erasure_policy_register(
            label="reporting.NewsletterIssue",
            links={"created_by": Erasure(UNLINK, "The issue is the team's; the link goes.")},
        )
