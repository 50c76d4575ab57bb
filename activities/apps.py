from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Activities"

    def ready(self):
        # Community reads no other app: activities adds its section to the portal home itself,
        # and says what leaving does to its rows.
        from community.erasure import DELETE, KEEP, UNLINK, Erasure, erasure_policy_register
        from community.models import Role
        from community.navigation import nav_item_register, role_home_register
        from community.portal_sections import portal_section_register
        from community.record_sections import record_section_register

        from .bookings.selectors import person_booking_section
        from .pickers import pickers_register
        from .selectors.portal import portal_involvement_summary
        from .services import signups_give_up_for_leaver
        from .story import story_sources_register

        # Activities and projects for staff pickers (cocreation.lib.pickers).
        pickers_register()
        # Bookings and attendance in a person's story (community.story).
        story_sources_register()
        # The staff dashboard is the staff's home; co-creators find opportunities and their own
        # activities in the menu.
        role_home_register(role=Role.STAFF, url_name="activities:dashboard", order=10)
        nav_item_register(
            key="staff-dashboard",
            role=Role.STAFF,
            label="Staff dashboard",
            url_name="activities:dashboard",
            order=10,
        )
        nav_item_register(
            key="opportunities",
            role=Role.COCREATOR,
            label="Opportunities",
            url_name="activities:opportunity-list",
            order=30,
        )
        nav_item_register(
            key="my-activities",
            role=Role.COCREATOR,
            label="Your activities",
            url_name="activities:my-activities",
            order=32,
        )
        portal_section_register(
            key="activities",
            template="activities/portal_section.html",
            context=portal_involvement_summary,
            order=10,
        )
        # Booking a person onto an activity from their staff record (activities/bookings).
        record_section_register(
            key="bookings",
            template="activities/bookings/record_section.html",
            context=person_booking_section,
            order=10,
        )
        team = "Who led or recorded it: the activity or attendance is the team's; the link goes."
        erasure_policy_register(
            label="activities.Attendance",
            links={
                "cocreator": Erasure(KEEP, "Attendance and hours count, linked to no one."),
                "recorded_by": Erasure(UNLINK, team),
            },
        )
        erasure_policy_register(
            label="activities.SignUp",
            links={
                "cocreator": Erasure(
                    KEEP,
                    "Past sign-ups count; places still to come are given to whoever waits next.",
                    custom=signups_give_up_for_leaver,
                ),
                "booked_by": Erasure(UNLINK, team),
            },
        )
        erasure_policy_register(
            label="activities.ActivityChange", links={"changed_by": Erasure(UNLINK, team)}
        )
        erasure_policy_register(
            label="activities.ActivitySeries", links={"created_by": Erasure(UNLINK, team)}
        )
        erasure_policy_register(
            label="activities.CalendarFeed",
            links={"cocreator": Erasure(DELETE, "Their private feed address.")},
        )
        erasure_policy_register(label="activities.Activity", links={"lead": Erasure(UNLINK, team)})
        erasure_policy_register(label="activities.Project", links={"lead": Erasure(UNLINK, team)})
