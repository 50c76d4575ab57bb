from django.urls import path

from .views import plan, reports

app_name = "reporting"

urlpatterns = [
    path("reports/", reports.home, name="home"),
    path("reports/plan/", plan.tracker, name="plan"),
    path("reports/plan/actions/<int:pk>/", plan.action_detail, name="plan-action"),
    path("staff/plan/actions/<int:pk>/update/", plan.action_update, name="plan-action-update"),
]

# --- Period reports, the picker, governance packs, exports and summaries ---
from django.urls import re_path  # noqa: E402

from .views import packs as pack_views  # noqa: E402
from .views import reports as report_views  # noqa: E402

# A period slug: 2026-q1 (quarter), 2026-h2 (half) or 2026-year. Literal paths such as
# reports/plan/ and reports/packs/ can never match it.
PERIOD = r"(?P<slug>[0-9]{4}-(?:q[1-4]|h[12]|year))"
HALF = r"(?P<slug>[0-9]{4}-h[12])"

urlpatterns += [
    path("reports/periods/", report_views.periods, name="periods"),
    path("reports/packs/", pack_views.pack_list, name="packs"),
    path("reports/packs/<int:pk>/", pack_views.pack_detail, name="pack"),
    path("reports/packs/<int:pk>/pack.pdf", pack_views.pack_pdf, name="pack-pdf"),
    path("reports/packs/<int:pk>/figures.csv", pack_views.pack_csv, name="pack-csv"),
    re_path(rf"^reports/six-monthly/{HALF}/$", report_views.six_monthly, name="six-monthly"),
    path("reports/annual/<int:year>/", report_views.annual, name="annual"),
    re_path(rf"^staff/reports/{PERIOD}/publish/$", pack_views.pack_publish, name="pack-publish"),
    re_path(rf"^reports/{PERIOD}/$", report_views.period_report, name="period"),
    re_path(rf"^reports/{PERIOD}/figures\.csv$", report_views.period_csv, name="period-csv"),
]

# --- The newsletter: staff compose, preview and send; the public archive ---
from .views import newsletters as newsletter_views  # noqa: E402

urlpatterns += [
    path("staff/newsletters/", newsletter_views.newsletter_list, name="newsletters"),
    path("staff/newsletters/new/", newsletter_views.newsletter_add, name="newsletter-add"),
    path(
        "staff/newsletters/<int:pk>/", newsletter_views.newsletter_detail, name="newsletter-detail"
    ),
    path(
        "staff/newsletters/<int:pk>/edit/", newsletter_views.newsletter_edit, name="newsletter-edit"
    ),
    path(
        "staff/newsletters/<int:pk>/progress/",
        newsletter_views.newsletter_progress,
        name="newsletter-progress",
    ),
    path("newsletter/", newsletter_views.newsletter_archive, name="newsletter-archive"),
    path("newsletter/<int:pk>/", newsletter_views.newsletter_issue, name="newsletter-issue"),
]
