from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = "Impact"

    def ready(self):
        from community.erasure import DELETE, KEEP, UNLINK, Erasure, erasure_policy_register
        from community.models import Role
        from community.navigation import nav_item_register
        from community.portal_sections import portal_link_register, portal_section_register

        from .pickers import pickers_register
        from .selectors import survey_portal_section
        from .services.journal import journal_tags_anonymise_for_leaver
        from .services.surveys import survey_links_close_for_leaver
        from .story import story_sources_register

        # Impact records and the inbox's activities for staff pickers (cocreation.lib.pickers).
        pickers_register()
        # Surveys, impact and case studies in a person's story, and what their involvement
        # changed on their own story page (community.story).
        story_sources_register()
        portal_link_register(
            key="journal",
            label="Your journal: private reflections, shared only if you choose",
            url_name="impact:journal-list",
            order=20,
        )
        portal_section_register(
            key="surveys",
            template="impact/survey_portal_section.html",
            context=survey_portal_section,
            order=20,
        )
        # Co-creators reach their surveys and journal from the header menu, and staff the
        # insight inbox, through community's registry.
        nav_item_register(
            key="portal-surveys",
            role=Role.COCREATOR,
            label="Surveys",
            url_name="impact:portal-surveys",
            order=34,
        )
        nav_item_register(
            key="portal-journal",
            role=Role.COCREATOR,
            label="Journal",
            url_name="impact:journal-list",
            order=36,
        )
        nav_item_register(
            key="staff-insight",
            role=Role.STAFF,
            label="Insight inbox",
            url_name="impact:insight-inbox",
            order=65,
        )
        team = "Who created, entered or tagged it: the row is the team's; the link goes."
        erasure_policy_register(
            label="impact.CaseStudy",
            links={
                # A story about one person cannot be made anonymous by taking their name out:
                # the rest of it still describes them. Their consent to publish goes with them.
                "cocreator": Erasure(DELETE, "A story about them cannot stand without them."),
                "created_by": Erasure(UNLINK, team),
            },
        )
        erasure_policy_register(
            label="impact.JournalEntry",
            links={
                "author": Erasure(
                    DELETE,
                    "Their own writing, private and shared; staff's theme tags on it stay as "
                    "anonymous counts.",
                    custom=journal_tags_anonymise_for_leaver,
                )
            },
        )
        erasure_policy_register(
            label="impact.SurveyInvitation",
            links={
                "cocreator": Erasure(
                    KEEP,
                    "Invitations count towards response rates; the link stops working.",
                    keep_text=("key", "token"),  # the key holds record numbers only
                    custom=survey_links_close_for_leaver,
                )
            },
        )
        erasure_policy_register(
            label="impact.ExperienceResponse",
            links={"cocreator": Erasure(KEEP, "The scores count; their free text goes.")},
        )
        scores = Erasure(KEEP, "SWEMWBS scores count, linked to no one.", keep_text=("answers",))
        erasure_policy_register(
            label="impact.WellbeingResponse",
            links={"cocreator": scores, "invitation": scores, "entered_by": Erasure(UNLINK, team)},
        )
        erasure_policy_register(
            label="impact.ImpactRecord",
            links={
                "contributors": Erasure(
                    UNLINK, "The record stays; they are no longer named as a contributor."
                ),
                "created_by": Erasure(UNLINK, team),
                "checked_by": Erasure(UNLINK, team),
            },
        )
        for label, name in (
            ("impact.ImpactDocument", "uploaded_by"),
            ("impact.InsightTag", "tagged_by"),
            ("impact.InsightSuggestionRejection", "rejected_by"),
            ("impact.SourceThemeCount", "imported_by"),
        ):
            erasure_policy_register(label=label, links={name: Erasure(UNLINK, team)})
