"""Every URL the site answers is either public on purpose or refuses an anonymous visitor.

A new URL that is in neither list below fails this test until someone decides which it is.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "home",
    "accessibility",
    "privacy",
    "healthz",
    "favicon",
    "account_login",
    "account_logout",
    "account_signup",
    "account_inactive",
    # Email addresses are confirmed with a code (on this page), so there is no confirm-by-link URL.
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_request_login_code",
    "account_confirm_login_code",
    "mfa_authenticate",
    # Co-creator portal: where a person lands after leaving, already signed out
    "community:portal-left",
    # The public events calendar and its iCalendar feed
    "activities:calendar",
    "activities:calendar-list",
    "activities:calendar-activity",
    "activities:calendar-ics",
    # A co-creator's own bookings behind a secret address (no sign-in: calendar apps fetch it)
    "activities:personal-feed",
    # Impact: the public "You said, we did" page (published records only, no names)
    "impact:you-said-we-did",
    # Surveys answered from an emailed link without signing in: the secret token is the key
    "impact:survey-answer",
    "impact:survey-opt-out",
    # The unsubscribe link in every email: the signed token is the key
    "community:unsubscribe",
    # The newsletter archive: issues that have been sent
    "reporting:newsletter-archive",
    "reporting:newsletter-issue",
    # Role expectations (part of the resource pack): what each role involves and its pathway
    "capacity:public-role-list",
    "capacity:public-role-detail",
    # The resource pack's public library, each published public resource and its files, and the
    # jargon buster (public on purpose: portal-only resources and drafts answer 404 here)
    "capacity:resource-list",
    "capacity:resource-detail",
    "capacity:resource-download",
    "capacity:jargon",
    # Services accredited for co-creation now, and each one's page (public on purpose: only an
    # award in force, naming no one; anything else answers 404)
    "capacity:panel-accredited-list",
    "capacity:panel-accredited-detail",
    # Have your say: the list, a consultation's page, answering it and its thank-you page
    # (public ones for everyone; others ask a visitor to sign in or answer 404), and answering
    # by a personal link (the secret token is the key)
    "consultations:list",
    "consultations:detail",
    "consultations:answer",
    "consultations:answer-thanks",
    "consultations:answer-by-link",
    "consultations:answer-by-link-thanks",
    # Have your say: the house rules, and a consultation's ideas and discussion (public ones for
    # everyone; others ask a visitor to sign in or answer 404)
    "consultations:house-rules",
    "consultations:discussion",
    # Have your say: a consultation's document, for whoever may see the consultation (public ones
    # for everyone; others ask a visitor to sign in or answer 404)
    "consultations:document",
}

# Public pages that show one record, or a secret feed: 404 for one that is not there.
PUBLIC_BY_KEY = {
    "activities:calendar-activity",
    "activities:personal-feed",
    "impact:survey-answer",
    "impact:survey-opt-out",
    "community:unsubscribe",
    "reporting:newsletter-issue",
    "capacity:public-role-detail",
    "capacity:resource-detail",
    "capacity:resource-download",
    "capacity:panel-accredited-detail",
    "consultations:detail",
    "consultations:answer",
    "consultations:answer-thanks",
    "consultations:answer-by-link",
    "consultations:answer-by-link-thanks",
    "consultations:discussion",
    "consultations:document",
}

PROTECTED = {
    # Have your say, staff: the list, adding, a consultation's page and changing it, its
    # questions and documents, publishing, closing early and telling its audience
    "consultations:staff-list",
    "consultations:staff-add",
    "consultations:staff-detail",
    "consultations:staff-edit",
    "consultations:staff-questions",
    "consultations:staff-question-edit",
    "consultations:staff-question-remove",
    "consultations:staff-question-move",
    "consultations:staff-documents",
    "consultations:staff-document-remove",
    "consultations:staff-publish",
    "consultations:staff-close",
    "consultations:staff-invite",
    # Have your say: adding and supporting ideas, posting, reporting and the crisis-support page
    # after writing (sign in first), the name shown in discussions (co-creators), moderation and
    # crisis words (staff)
    "consultations:idea-add",
    "consultations:idea-support",
    "consultations:post-add",
    "consultations:contribution-report",
    "consultations:contribution-sent",
    "consultations:display-name",
    "consultations:staff-moderation",
    "consultations:staff-moderate",
    "consultations:staff-hide",
    "consultations:staff-crisis-words",
    "consultations:staff-crisis-word-remove",
    # Have your say: results, "We asked, you said, we did" and the exports (staff)
    "consultations:staff-results",
    "consultations:staff-outcome",
    "consultations:staff-outcome-check",
    "consultations:staff-outcome-publish",
    "consultations:staff-export-csv",
    "consultations:staff-export-contributions-csv",
    "consultations:staff-summary-pdf",
    # Have your say: staff entering someone's answers for them (marked assisted)
    "consultations:staff-assist",
    "consultations:staff-assist-person",
    # Impact: records, evidence, documents and publishing (staff)
    "impact:record-list",
    "impact:record-add",
    "impact:record-detail",
    "impact:record-edit",
    "impact:record-check",
    "impact:record-publish",
    "impact:evidence-add",
    "impact:evidence-edit",
    "impact:evidence-delete",
    "impact:document-add",
    "impact:document-download",
    # Impact: reflective journals (author only; staff read shared ones) and case studies (staff)
    "impact:journal-list",
    "impact:journal-add",
    "impact:journal-detail",
    "impact:journal-edit",
    "impact:journal-delete",
    "impact:journal-themes",
    "impact:journal-shared",
    "impact:casestudy-list",
    "impact:casestudy-add",
    "impact:casestudy-edit",
    "impact:casestudy-consent",
    "impact:casestudy-consent-withdraw",
    "impact:casestudy-publish",
    "impact:casestudy-unpublish",
    # Impact: themes, tagging insight, source counts and triangulation (staff)
    "impact:theme-list",
    "impact:theme-add",
    "impact:theme-edit",
    "impact:tag-activity",
    "impact:tag-item",
    "impact:source-import",
    "impact:source-import-template",
    "impact:triangulation",
    "impact:insight-inbox",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_email",
    "account_change_password",
    "account_set_password",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    # The staff dashboard
    "activities:dashboard",
    # Staff pages: projects, activities, notes and attendance
    "activities:project-list",
    "activities:project-add",
    "activities:project-detail",
    "activities:project-edit",
    "activities:activity-list",
    "activities:activity-add",
    "activities:activity-detail",
    "activities:activity-edit",
    "activities:activity-cancel",
    "activities:series-add",
    "activities:series-detail",
    "activities:series-edit-following",
    "activities:series-book",
    "activities:series-book-staff",
    "activities:activity-notes",
    "activities:activity-attendance",
    "activities:activity-attendance-add",
    "activities:signup-withdraw-staff",
    # Staff booking for a person (activities/bookings)
    "activities:booking-add",
    "activities:booking-move",
    "activities:booking-cancel",
    "activities:booking-for-person",
    # Community register
    "community:cocreator-list",
    "community:cocreator-add",
    "community:cocreator-export",
    "community:cocreator-detail",
    "community:cocreator-edit",
    "community:cocreator-invite",
    "community:cocreator-equality",
    "community:cocreator-equality-withdraw",
    "community:audit-log",
    # A person's whole story and their contact log (staff)
    "community:cocreator-story",
    "community:contact-log-add",
    "community:contact-log-edit",
    "community:contact-log-follow-up-done",
    # The search behind every staff picker (JSON, staff only)
    "community:picker-search",
    # Messages that could not be sent, and people to send to by hand (staff)
    "community:message-list",
    # Letters to post and calls to make, for people who asked for them (staff)
    "community:to-contact",
    "community:to-contact-done",
    # Representation gap and population benchmarks
    "community:representation-gap",
    "community:representation-gap-priority",
    "community:benchmark-list",
    "community:benchmark-add",
    "community:benchmark-edit",
    "community:cocreator-import",
    "community:cocreator-import-template",
    "community:cocreator-import-preview",
    "community:cocreator-import-confirm",
    "community:cocreator-import-progress",
    # Co-creator portal
    "community:portal-home",
    "community:portal-profile",
    "community:portal-preferences",
    "community:portal-equality",
    "community:portal-equality-withdraw",
    "community:portal-data",
    "community:portal-data-json",
    "community:portal-data-csv",
    "community:portal-leave",
    "community:portal-story",
    # Co-creator portal: opportunities, sign-ups and their own involvement
    "activities:opportunity-list",
    "activities:opportunity-detail",
    "activities:opportunity-signup",
    "activities:opportunity-withdraw",
    "activities:my-activities",
    "reporting:home",
    # Steering reports by period, governance packs (staff publish), CSV and PDF exports
    "reporting:periods",
    "reporting:period",
    "reporting:period-csv",
    "reporting:six-monthly",
    "reporting:annual",
    "reporting:packs",
    "reporting:pack",
    "reporting:pack-pdf",
    "reporting:pack-csv",
    "reporting:pack-publish",
    # The plan tracker: steering members and staff read it, staff add updates
    "reporting:plan",
    "reporting:plan-action",
    "reporting:plan-action-update",
    # The newsletter: staff compose, preview, schedule, send and watch the send
    "reporting:newsletters",
    "reporting:newsletter-add",
    "reporting:newsletter-detail",
    "reporting:newsletter-edit",
    "reporting:newsletter-progress",
    # Messages to chosen groups: choose, count, save, write, preview, send and watch the send
    "reporting:groups",
    "reporting:group-add",
    "reporting:group-detail",
    "reporting:group-edit",
    "reporting:group-delete",
    "reporting:group-by-hand",
    "reporting:group-message-add",
    "reporting:group-message-detail",
    "reporting:group-message-edit",
    "reporting:group-message-progress",
    # Partner organisations and champions
    "community:partner-list",
    "community:partner-add",
    "community:partner-detail",
    "community:partner-edit",
    "community:partner-contact-add",
    "community:partner-contact-edit",
    "community:partner-contact-delete",
    "community:champion-list",
    "community:champion-add",
    "community:champion-edit",
    "community:champion-end",
    # Events calendar: a co-creator's feed address, and the awareness dates staff keep
    "activities:portal-calendar",
    "activities:portal-calendar-reset",
    "activities:awareness-list",
    "activities:awareness-add",
    "activities:awareness-edit",
    "activities:awareness-delete",
    # Surveys: a person's own in the portal, results and assisted entry for staff
    "impact:portal-surveys",
    "impact:survey-results",
    "impact:survey-assisted",
    # Payments: payment rates (staff who manage payments)
    "payments:rate-list",
    "payments:rate-add",
    "payments:rate-edit",
    # Payments: approving, returning and paying claims, exports to finance, payroll numbers and
    # budgets (staff read; staff who manage payments act)
    "payments:claim-list",
    "payments:claim-review",
    "payments:claim-approve",
    "payments:claim-return",
    "payments:claim-paid",
    "payments:export-list",
    "payments:export-make",
    "payments:export-detail",
    "payments:export-csv",
    "payments:export-paid",
    "payments:payroll-reference",
    "payments:budget-list",
    "payments:budget-edit",
    # Payments: claims and the payment choice (the person's own in the portal; staff for them)
    "payments:my-payments",
    "payments:my-choice",
    "payments:my-claim-start",
    "payments:my-claim",
    "payments:my-expense-remove",
    "payments:my-claim-submit",
    "payments:my-receipt",
    "payments:person-payments",
    "payments:person-choice",
    "payments:person-claim-start",
    "payments:claim-edit",
    "payments:claim-expense-remove",
    "payments:claim-submit",
    "payments:claim-receipt",
    # Payments: tax-year statements (the person's own in the portal; anyone's for staff)
    "payments:portal-statements",
    "payments:portal-statement-pdf",
    "payments:portal-statement-csv",
    "payments:person-statement-pdf",
    "payments:person-statement-csv",
    # Payments: certificates of involvement and reference letters (staff; own certificate)
    "payments:portal-certificate",
    "payments:person-certificate",
    "payments:reference-letter-add",
    "payments:reference-letter-edit",
    "payments:reference-letter-pdf",
    # Payments: spend by project, activity type and engagement level, and its CSV (staff)
    "payments:spend",
    "payments:spend-csv",
    # Training: the offer and "what should change" (co-creators); courses, runs, sessions,
    # completions and refreshers due (staff)
    "capacity:portal-training",
    "capacity:portal-training-feedback",
    "capacity:training-list",
    "capacity:training-refreshers",
    "capacity:training-course-add",
    "capacity:training-course",
    "capacity:training-course-edit",
    "capacity:training-run-add",
    "capacity:training-completion-add",
    "capacity:training-session-add",
    # Roles: the person's own roles and pathway (co-creators); role profiles, ambassadors and a
    # person's roles (staff)
    "capacity:portal-roles",
    "capacity:role-list",
    "capacity:role-add",
    "capacity:role-edit",
    "capacity:ambassador-list",
    "capacity:person-role-add",
    "capacity:person-role-end",
    # The resource pack in the portal (co-creators), and its and the jargon buster's staff pages
    "capacity:portal-resource-list",
    "capacity:portal-resource-detail",
    "capacity:portal-resource-download",
    "capacity:staff-resource-list",
    "capacity:staff-resource-add",
    "capacity:staff-resource-edit",
    "capacity:staff-resource-download",
    "capacity:staff-jargon-list",
    "capacity:staff-jargon-add",
    "capacity:staff-jargon-edit",
    # Development plans: the list and a person's plan, its steps, reviews and history (staff);
    # the person's own plan, and a mentee's for the mentor it was written with (co-creators)
    "capacity:plans-list",
    "capacity:plans-person",
    "capacity:plans-detail",
    "capacity:plans-edit",
    "capacity:plans-step-add",
    "capacity:plans-step-edit",
    "capacity:plans-step-done",
    "capacity:plans-step-remove",
    "capacity:plans-review-add",
    "capacity:plans-close",
    "capacity:plans-reopen",
    "capacity:plans-history",
    "capacity:plans-portal",
    "capacity:plans-portal-start",
    "capacity:plans-portal-edit",
    "capacity:plans-portal-step-add",
    "capacity:plans-portal-step-done",
    "capacity:plans-portal-history",
    "capacity:plans-mentee",
    "capacity:plans-mentee-edit",
    "capacity:plans-mentee-step-add",
    "capacity:plans-mentee-step-done",
    "capacity:plans-mentee-history",
    # Mentoring and peer support: pairs and groups (staff); a person's own pairs and groups,
    # answering, logging meetings, ending and leaving (co-creators)
    "capacity:mentoring-list",
    "capacity:mentoring-pair-add",
    "capacity:mentoring-pair",
    "capacity:mentoring-pair-agree",
    "capacity:mentoring-pair-end",
    "capacity:mentoring-group-add",
    "capacity:mentoring-group",
    "capacity:mentoring-group-edit",
    "capacity:mentoring-group-invite",
    "capacity:mentoring-group-agree",
    "capacity:mentoring-group-end",
    "capacity:portal-mentoring",
    "capacity:portal-mentoring-pair",
    "capacity:portal-mentoring-pair-answer",
    "capacity:portal-mentoring-pair-meeting",
    "capacity:portal-mentoring-pair-end",
    "capacity:portal-mentoring-group",
    "capacity:portal-mentoring-group-answer",
    "capacity:portal-mentoring-group-meeting",
    "capacity:portal-mentoring-group-leave",
    # The partner section: a system partner's home, training, toolkits, asking for support and
    # their own requests (partners); giving and ending partner logins, answering requests (staff)
    "capacity:partners-home",
    "capacity:partners-training",
    "capacity:partners-toolkits",
    "capacity:partners-support-new",
    "capacity:partners-request",
    "capacity:partners-staff-access",
    "capacity:partners-staff-access-give",
    "capacity:partners-staff-access-end",
    "capacity:partners-staff-requests",
    "capacity:partners-staff-request",
    # Service accreditation, applying: services, contacts and the criteria (staff); a service's
    # applications, answers and evidence (staff, and the service's contacts in the partner section)
    "capacity:accreditation-services",
    "capacity:accreditation-service-add",
    "capacity:accreditation-service",
    "capacity:accreditation-service-edit",
    "capacity:accreditation-service-invite",
    "capacity:accreditation-service-start",
    "capacity:accreditation-contact-add",
    "capacity:accreditation-contact-remove",
    "capacity:accreditation-criteria",
    "capacity:accreditation-framework-add",
    "capacity:accreditation-framework",
    "capacity:accreditation-framework-edit",
    "capacity:accreditation-framework-publish",
    "capacity:accreditation-standard-add",
    "capacity:accreditation-standard-edit",
    "capacity:accreditation-standard-remove",
    "capacity:accreditation-criterion-add",
    "capacity:accreditation-criterion-edit",
    "capacity:accreditation-criterion-remove",
    "capacity:accreditation-partner-home",
    "capacity:accreditation-partner-start",
    "capacity:accreditation-staff-application",
    "capacity:accreditation-staff-assessment",
    "capacity:accreditation-staff-evidence-impact",
    "capacity:accreditation-staff-evidence-activity",
    "capacity:accreditation-staff-evidence-document",
    "capacity:accreditation-staff-evidence-remove",
    "capacity:accreditation-staff-evidence-download",
    "capacity:accreditation-staff-submit",
    "capacity:accreditation-staff-withdraw",
    "capacity:accreditation-partner-application",
    "capacity:accreditation-partner-assessment",
    "capacity:accreditation-partner-evidence-impact",
    "capacity:accreditation-partner-evidence-activity",
    "capacity:accreditation-partner-evidence-document",
    "capacity:accreditation-partner-evidence-remove",
    "capacity:accreditation-partner-evidence-download",
    "capacity:accreditation-partner-submit",
    "capacity:accreditation-partner-withdraw",
    # Accreditation panels: panels, reviewers, the scores and decision, renewals (staff); a
    # reviewer's seat, conflict, scores and evidence (staff reviewers and co-creators)
    "capacity:panel-list",
    "capacity:panel-renewals",
    "capacity:panel-application",
    "capacity:panel-add-staff",
    "capacity:panel-add-cocreator",
    "capacity:panel-member-remove",
    "capacity:panel-decision",
    "capacity:panel-staff-reviews",
    "capacity:panel-staff-review",
    "capacity:panel-staff-conflict",
    "capacity:panel-staff-score",
    "capacity:panel-staff-evidence",
    "capacity:panel-portal-reviews",
    "capacity:panel-portal-review",
    "capacity:panel-portal-conflict",
    "capacity:panel-portal-score",
    "capacity:panel-portal-evidence",
}

# Django's admin guards every one of its own views; its URLs are swept but not listed by name.
ADMIN_NAMESPACE = "admin"
SIGN_IN_PAGES = ("/accounts/login/", "/admin/login/")
GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)")
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if (namespace and p.name) else p.name
            yield name, namespace, prefix + str(p.pattern)


def _sample(group_regex: str) -> str:
    # "2025-q2" fits the reporting period slugs (2025-q2, 2025-h1, 2025-year).
    candidates = ["1", "abc", "2025-q2", "2025-h1", group_regex.split("|")[0]]
    for value in candidates:
        if re.fullmatch(group_regex, value):
            return value
    raise AssertionError(f"No sample value fits ({group_regex})")


def _concrete(route: str) -> str:
    route = route.replace("^", "").replace("$", "").replace("\\.", ".")
    route = GROUP.sub(lambda m: _sample(m.group(2)), route)
    route = CONVERTER.sub("1", route)
    return "/" + route


ALL = list(_walk(get_resolver().url_patterns))


def test_every_url_is_classified_as_public_or_protected():
    unknown = sorted(
        route
        for name, namespace, route in ALL
        if name not in PUBLIC | PROTECTED and (namespace or "").split(":")[0] != ADMIN_NAMESPACE
    )
    assert not unknown, (
        "These URLs are in neither PUBLIC nor PROTECTED in tests/test_url_sweep.py; "
        f"decide which and add them: {unknown}"
    )
    missing = (PUBLIC | PROTECTED) - {name for name, _, _ in ALL}
    assert not missing, f"Listed but no longer in the URL configuration: {sorted(missing)}"


@pytest.mark.parametrize(
    ("name", "route"),
    [(n, r) for n, _, r in ALL if n not in PUBLIC],
    ids=[n or r for n, _, r in ALL if n not in PUBLIC],
)
def test_an_anonymous_visitor_is_sent_to_sign_in_or_refused(db, name, route):
    response = Client().get(_concrete(route), follow=True)
    if response.redirect_chain:
        final = response.redirect_chain[-1][0]
        assert final.startswith(SIGN_IN_PAGES), f"{route} ended at {final}"
        assert response.status_code == 200, (
            f"{route}: the sign-in page answered {response.status_code}"
        )
    else:
        assert response.status_code == 403, f"{route} answered {response.status_code}"


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_urls_answer_an_anonymous_visitor_without_error(db, name):
    route = next(r for n, _, r in ALL if n == name)
    response = Client().get(_concrete(route))
    allowed = (200, 301, 302, 503) + ((404,) if name in PUBLIC_BY_KEY else ())
    assert response.status_code in allowed, f"{route} answered {response.status_code}"
