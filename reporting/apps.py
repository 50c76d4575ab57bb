from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting"

    def ready(self):
        from community.erasure import LEAVE, UNLINK, Erasure, erasure_policy_register

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
        erasure_policy_register(
            label="reporting.NewsletterIssue",
            links={"created_by": Erasure(UNLINK, "The issue is the team's; the link goes.")},
        )
