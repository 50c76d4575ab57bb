from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from cocreation.lib.middleware import session_clock_start

        # Django's own hook: every way of signing in starts the session's idle and age clocks.
        user_logged_in.connect(session_clock_start, dispatch_uid="session_clock_start")
