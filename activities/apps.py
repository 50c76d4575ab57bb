from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Activities"

    def ready(self):
        # Community reads no other app: activities adds its section to the portal home itself.
        from community.portal_sections import portal_section_register

        from .selectors import portal_involvement_summary

        portal_section_register(
            key="activities",
            template="activities/portal_section.html",
            context=portal_involvement_summary,
            order=10,
        )
