from django.urls import include, path

from .views import calendar, dashboard, portal, staff

app_name = "activities"

urlpatterns = [
    # Staff dashboard
    path("staff/", dashboard.dashboard, name="dashboard"),
    # Co-creator portal: opportunities, sign-ups and involvement
    path("portal/opportunities/", portal.opportunity_list, name="opportunity-list"),
    path("portal/opportunities/<int:pk>/", portal.opportunity_detail, name="opportunity-detail"),
    path(
        "portal/opportunities/<int:pk>/sign-up/",
        portal.opportunity_signup,
        name="opportunity-signup",
    ),
    # A sign-up's number, reached only through its gatekeeper: a person's own sign-ups, else 404.
    path(
        "portal/sign-ups/<int:pk>/withdraw/",
        portal.opportunity_withdraw,
        name="opportunity-withdraw",
    ),
    path("portal/activities/", portal.my_activities, name="my-activities"),
    # Staff pages: projects, activities, notes and attendance
    path("staff/projects/", staff.project_list, name="project-list"),
    path("staff/projects/add/", staff.project_add, name="project-add"),
    path("staff/projects/<int:pk>/", staff.project_detail, name="project-detail"),
    path("staff/projects/<int:pk>/edit/", staff.project_edit, name="project-edit"),
    path("staff/activities/", staff.activity_list, name="activity-list"),
    path("staff/activities/add/", staff.activity_add, name="activity-add"),
    path("staff/activities/<int:pk>/", staff.activity_detail, name="activity-detail"),
    path("staff/activities/<int:pk>/edit/", staff.activity_edit, name="activity-edit"),
    path("staff/activities/<int:pk>/notes/", staff.activity_notes, name="activity-notes"),
    path(
        "staff/activities/<int:pk>/attendance/",
        staff.activity_attendance,
        name="activity-attendance",
    ),
    path(
        "staff/activities/<int:pk>/attendance/add/",
        staff.activity_attendance_add,
        name="activity-attendance-add",
    ),
    path(
        "staff/activities/<int:pk>/sign-ups/<int:signup_pk>/withdraw/",
        staff.signup_withdraw_staff,
        name="signup-withdraw-staff",
    ),
    # Changes, cancelling and repeating sessions (activities/changes, activities/series)
    path("", include("activities.changes.urls")),
    path("", include("activities.series.urls")),
    # Staff booking for a person: book, move, cancel (activities/bookings)
    path("", include("activities.bookings.urls")),
    # Events calendar, iCalendar feeds and awareness dates
    # Public: no sign-in. Only public activities that are not cancelled, and nothing personal.
    path("calendar/", calendar.calendar_month, name="calendar"),
    path("calendar/list/", calendar.calendar_list, name="calendar-list"),
    path("calendar/activities/<int:pk>/", calendar.calendar_activity, name="calendar-activity"),
    path("calendar.ics", calendar.calendar_ics, name="calendar-ics"),
    # A person's own bookings, behind a secret address they can replace.
    path("calendar/feed/<slug:token>.ics", calendar.personal_feed, name="personal-feed"),
    path("portal/calendar/", calendar.portal_calendar, name="portal-calendar"),
    path("portal/calendar/new-link/", calendar.portal_calendar_reset, name="portal-calendar-reset"),
    # Staff keep the awareness and community dates.
    path("staff/calendar/dates/", calendar.awareness_list, name="awareness-list"),
    path("staff/calendar/dates/add/", calendar.awareness_add, name="awareness-add"),
    path("staff/calendar/dates/<int:pk>/edit/", calendar.awareness_edit, name="awareness-edit"),
    path(
        "staff/calendar/dates/<int:pk>/remove/",
        calendar.awareness_delete,
        name="awareness-delete",
    ),
]
