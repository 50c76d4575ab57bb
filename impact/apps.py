from django.apps import AppConfig


def survey_portal_context(cocreator) -> dict:
    """The portal home's surveys section: how many surveys wait for the person's answers."""
    from .selectors import surveys_open_count

    return {"waiting": surveys_open_count(cocreator)}


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = "Impact"

    def ready(self):
        from community.portal_sections import portal_section_register

        portal_section_register(
            key="surveys",
            template="impact/survey_portal_section.html",
            context=survey_portal_context,
            order=20,
        )
