from django.urls import path

from .views import casestudies, insight, journal, records, surveys, themes

app_name = "impact"

urlpatterns = [
    # Impact records, evidence, documents, publishing and "You said, we did"
    path("staff/impact/", records.record_list, name="record-list"),
    path("staff/impact/add/", records.record_add, name="record-add"),
    path("staff/impact/<int:pk>/", records.record_detail, name="record-detail"),
    path("staff/impact/<int:pk>/edit/", records.record_edit, name="record-edit"),
    path("staff/impact/<int:pk>/check/", records.record_check, name="record-check"),
    path("staff/impact/<int:pk>/publish/", records.record_publish, name="record-publish"),
    path("staff/impact/<int:pk>/evidence/add/", records.evidence_add, name="evidence-add"),
    path(
        "staff/impact/<int:pk>/evidence/<int:item_pk>/edit/",
        records.evidence_edit,
        name="evidence-edit",
    ),
    path(
        "staff/impact/<int:pk>/evidence/<int:item_pk>/delete/",
        records.evidence_delete,
        name="evidence-delete",
    ),
    path("staff/impact/<int:pk>/documents/add/", records.document_add, name="document-add"),
    path(
        "staff/impact/<int:pk>/documents/<int:document_pk>/",
        records.document_download,
        name="document-download",
    ),
    path("you-said-we-did/", records.you_said_we_did, name="you-said-we-did"),
    # Themes, tagging insight, source counts and triangulation
    path("staff/themes/", themes.theme_list, name="theme-list"),
    path("staff/themes/add/", themes.theme_form, name="theme-add"),
    path("staff/themes/<int:pk>/edit/", themes.theme_form, name="theme-edit"),
    path("staff/themes/tag/activity/<int:pk>/", themes.tag_activity, name="tag-activity"),
    path("staff/themes/tag/<str:source>/<str:source_id>/", themes.tag_item, name="tag-item"),
    path("staff/themes/import/", themes.source_import, name="source-import"),
    path(
        "staff/themes/import/template.csv",
        themes.source_import_template,
        name="source-import-template",
    ),
    path("staff/themes/triangulation/", themes.triangulation, name="triangulation"),
    path("staff/insight/", insight.insight_inbox, name="insight-inbox"),
    # journal and case studies
    path("journal/", journal.journal_list, name="journal-list"),
    path("journal/add/", journal.journal_add, name="journal-add"),
    path("journal/<int:pk>/", journal.journal_detail, name="journal-detail"),
    path("journal/<int:pk>/edit/", journal.journal_edit, name="journal-edit"),
    path("journal/<int:pk>/delete/", journal.journal_delete, name="journal-delete"),
    path("journal/<int:pk>/themes/", journal.journal_themes, name="journal-themes"),
    path("staff/journal/shared/", journal.journal_shared, name="journal-shared"),
    path("staff/case-studies/", casestudies.casestudy_list, name="casestudy-list"),
    path("staff/case-studies/add/", casestudies.casestudy_add, name="casestudy-add"),
    path("staff/case-studies/<int:pk>/", casestudies.casestudy_edit, name="casestudy-edit"),
    path(
        "staff/case-studies/<int:pk>/consent/",
        casestudies.casestudy_consent,
        name="casestudy-consent",
    ),
    path(
        "staff/case-studies/<int:pk>/consent/withdraw/",
        casestudies.casestudy_consent_withdraw,
        name="casestudy-consent-withdraw",
    ),
    path(
        "staff/case-studies/<int:pk>/publish/",
        casestudies.casestudy_publish,
        name="casestudy-publish",
    ),
    path(
        "staff/case-studies/<int:pk>/unpublish/",
        casestudies.casestudy_unpublish,
        name="casestudy-unpublish",
    ),
    # surveys
    path("surveys/<str:token>/", surveys.survey_answer, name="survey-answer"),
    path("surveys/<str:token>/opt-out/", surveys.survey_opt_out_view, name="survey-opt-out"),
    path("portal/surveys/", surveys.portal_surveys, name="portal-surveys"),
    path("staff/surveys/", surveys.survey_results_view, name="survey-results"),
    path("staff/surveys/<int:pk>/enter/", surveys.survey_assisted, name="survey-assisted"),
]
