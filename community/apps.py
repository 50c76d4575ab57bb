from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_clock_start
        from .models import Role
        from .navigation import nav_item_register, role_home_register
        from .pickers import pickers_register
        from .portal_sections import portal_link_register
        from .story_sources import story_sources_register

        # Django's own hook: every way of signing in starts the session's idle and age clocks.
        user_logged_in.connect(session_clock_start, dispatch_uid="session_clock_start")

        # People and partner contacts for staff pickers, and the endpoint they search.
        pickers_register()

        # Community's own pages in the roles' homes and menus; other apps add theirs the same way.
        role_home_register(role=Role.COCREATOR, url_name="community:portal-home", order=30)
        nav_item_register(
            key="portal-home",
            role=Role.COCREATOR,
            label="Your home",
            url_name="community:portal-home",
            order=20,
        )
        nav_item_register(
            key="to-contact",
            role=Role.STAFF,
            label="To contact",
            url_name="community:to-contact",
            order=85,
        )
        nav_item_register(
            key="messages",
            role=Role.STAFF,
            label="Messages",
            url_name="community:message-list",
            order=90,
        )
        portal_link_register(
            key="data",
            label="Download a copy of the information we keep about you",
            url_name="community:portal-data",
            order=10,
        )
        portal_link_register(
            key="story",
            label="Your involvement: what you have taken part in and what it changed",
            url_name="community:portal-story",
            order=5,
        )
        # Messages, letters and calls, champion roles and the contact log in a person's story.
        story_sources_register()
        portal_link_register(
            key="leave",
            label="Leave the co-creation community",
            url_name="community:portal-leave",
            order=90,
        )
