from django.urls import path

from .imports import views as imports
from .views import (
    contact_log,
    gap,
    messages,
    partners,
    portal,
    register,
    search,
    to_contact,
    unsubscribe,
)

app_name = "community"

urlpatterns = [
    # The community register
    path("staff/community/", register.cocreator_list, name="cocreator-list"),
    path("staff/community/add/", register.cocreator_add, name="cocreator-add"),
    path("staff/community/export.csv", register.cocreator_export, name="cocreator-export"),
    path("staff/community/<int:pk>/", register.cocreator_detail, name="cocreator-detail"),
    path("staff/community/<int:pk>/edit/", register.cocreator_edit, name="cocreator-edit"),
    path("staff/community/<int:pk>/invite/", register.cocreator_invite, name="cocreator-invite"),
    path(
        "staff/community/<int:pk>/equality/", register.cocreator_equality, name="cocreator-equality"
    ),
    path(
        "staff/community/<int:pk>/equality/withdraw/",
        register.cocreator_equality_withdraw,
        name="cocreator-equality-withdraw",
    ),
    # A person's whole story and their contact log (community/views/contact_log.py)
    path("staff/community/<int:pk>/story/", contact_log.cocreator_story, name="cocreator-story"),
    path(
        "staff/community/<int:pk>/contact-log/add/",
        contact_log.contact_log_add,
        name="contact-log-add",
    ),
    path("staff/contact-log/<int:pk>/edit/", contact_log.contact_log_edit, name="contact-log-edit"),
    path(
        "staff/contact-log/<int:pk>/follow-up-done/",
        contact_log.contact_log_follow_up,
        name="contact-log-follow-up-done",
    ),
    path("staff/audit/", register.audit_log, name="audit-log"),
    # What staff pickers find as a person types (cocreation.lib.pickers)
    path("staff/search/<slug:kind>/", search.picker_search, name="picker-search"),
    # Messages that could not be sent, and people to send to by hand
    path("staff/messages/", messages.message_list, name="message-list"),
    # The unsubscribe link in every email (public: the signed token names the person)
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    # Importing the register from a spreadsheet
    path("staff/community/import/", imports.cocreator_import, name="cocreator-import"),
    path(
        "staff/community/import/template.csv",
        imports.cocreator_import_template,
        name="cocreator-import-template",
    ),
    path(
        "staff/community/import/preview/",
        imports.cocreator_import_preview,
        name="cocreator-import-preview",
    ),
    path(
        "staff/community/import/confirm/",
        imports.cocreator_import_confirm,
        name="cocreator-import-confirm",
    ),
    path(
        "staff/community/import/<int:pk>/",
        imports.cocreator_import_progress,
        name="cocreator-import-progress",
    ),
    # Representation gap and population benchmarks
    path("staff/community/gap/", gap.representation_gap_view, name="representation-gap"),
    path(
        "staff/community/gap/priority/",
        gap.priority_group_change,
        name="representation-gap-priority",
    ),
    path("staff/community/benchmarks/", gap.benchmark_list, name="benchmark-list"),
    path("staff/community/benchmarks/add/", gap.benchmark_add, name="benchmark-add"),
    path("staff/community/benchmarks/<int:pk>/edit/", gap.benchmark_edit, name="benchmark-edit"),
    # Partner organisations and champions
    path("staff/partners/", partners.partner_list, name="partner-list"),
    path("staff/partners/add/", partners.partner_add, name="partner-add"),
    path("staff/partners/<int:pk>/", partners.partner_detail, name="partner-detail"),
    path("staff/partners/<int:pk>/edit/", partners.partner_edit, name="partner-edit"),
    path(
        "staff/partners/<int:pk>/contacts/add/",
        partners.partner_contact_add,
        name="partner-contact-add",
    ),
    path(
        "staff/partners/<int:pk>/contacts/<int:contact_pk>/edit/",
        partners.partner_contact_edit,
        name="partner-contact-edit",
    ),
    path(
        "staff/partners/<int:pk>/contacts/<int:contact_pk>/remove/",
        partners.partner_contact_delete,
        name="partner-contact-delete",
    ),
    # Letters to post and calls to make, for people who asked for them
    path("staff/to-contact/", to_contact.to_contact_list, name="to-contact"),
    path(
        "staff/to-contact/<int:pk>/done/", to_contact.to_contact_mark_done, name="to-contact-done"
    ),
    path("staff/champions/", partners.champion_list, name="champion-list"),
    path("staff/champions/add/", partners.champion_add, name="champion-add"),
    path("staff/champions/<int:pk>/edit/", partners.champion_edit, name="champion-edit"),
    path("staff/champions/<int:pk>/end/", partners.champion_end, name="champion-end"),
    # The co-creator's own portal: no record numbers in these URLs, only ever their own record
    path("portal/", portal.portal_home, name="portal-home"),
    path("portal/profile/", portal.portal_profile, name="portal-profile"),
    path("portal/preferences/", portal.portal_preferences, name="portal-preferences"),
    path("portal/equality/", portal.portal_equality, name="portal-equality"),
    path(
        "portal/equality/withdraw/",
        portal.portal_equality_withdraw,
        name="portal-equality-withdraw",
    ),
    path("portal/story/", contact_log.portal_story, name="portal-story"),
    path("portal/data/", portal.portal_data, name="portal-data"),
    path("portal/data.json", portal.portal_data_json, name="portal-data-json"),
    path("portal/data.csv", portal.portal_data_csv, name="portal-data-csv"),
    path("portal/leave/", portal.portal_leave, name="portal-leave"),
    path("portal/left/", portal.portal_left, name="portal-left"),
]
