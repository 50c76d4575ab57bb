"""The steering group's report pages: the latest report, the picker, a period, the summaries.

`reporting.reports.figures.report_for` is replaced by the sample report here, so these tests are about
the pages; tests/reporting/test_figures.py is about the numbers.
"""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from community.models import Role
from community.services import user_create_with_role
from tests.conftest import client_for
from tests.impact.factories import ImpactRecordFactory

from .sample_report import sample_report, use_sample_report
from .test_packs import digest_on

pytestmark = pytest.mark.django_db

# Thursday 26 November 2026: in 2026/27 Q3, so the latest ended quarter is 2026/27 Q2.
TODAY = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.get_fixed_timezone(0))

PAGES = [
    "/reports/",
    "/reports/periods/",
    "/reports/2026-q2/",
    "/reports/2026-q2/figures.csv",
    "/reports/six-monthly/2026-h1/",
    "/reports/annual/2026/",
    "/reports/packs/",
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def calls(monkeypatch):
    return use_sample_report(monkeypatch)


# --- who may see them ------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_steering_members_and_staff_can_read_every_report_page(
    calls, steering_client, staff_client, url
):
    assert steering_client.get(url).status_code == 200
    assert staff_client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_a_cocreator_is_refused_every_report_page(calls, cocreator_client, url):
    assert cocreator_client.get(url).status_code == 403
    assert calls == []


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_report_page(calls, anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert calls == []


# --- the latest report -----------------------------------------------------------------------


def test_the_reports_home_shows_the_latest_ended_quarter(calls, steering_client):
    html = steering_client.get("/reports/").content.decode()
    assert [p.slug for p in calls] == ["2026-q2"]
    assert "2026/27 Q2 (July to September 2026)" in html
    assert "Responses reporting improved confidence, connection or sense of purpose" in html


def test_the_reports_home_links_to_the_plan_packs_and_summaries(calls, steering_client):
    html = steering_client.get("/reports/").content.decode()
    for href in (
        "/reports/plan/",
        "/reports/packs/",
        "/reports/six-monthly/2026-h1/",
        "/reports/annual/2026/",
        "/reports/periods/",
    ):
        assert f'href="{href}"' in html, href


# --- a period's report -----------------------------------------------------------------------


def test_a_period_page_shows_each_figure_with_its_workings(calls, steering_client):
    html = steering_client.get("/reports/2026-q2/").content.decode()
    assert "<h1>2026/27 Q2 (July to September 2026)</h1>" in html
    assert "<strong>75.0%</strong>" in html
    assert "15 of 20" in html
    assert "* of 10" in html  # the previous period, suppressed
    assert "Previous period: 2026/27 Q1 (April to June 2026)" in html
    assert "How this is worked out" in html
    assert "agreed or strongly agreed that taking part improved their confidence" in html
    assert '<details class="nhsuk-details' in html
    assert "<strong>-1.5</strong> points" in html


def test_a_period_page_shows_the_levels_and_the_small_number_rule(calls, steering_client):
    html = steering_client.get("/reports/2026-q2/").content.decode()
    assert "1: Inform" in html
    assert "5: Co-create" in html
    assert "are hidden when they come from 1 to 7 people (shown as *)" in html
    assert "Numbers of activities, projects, themes and records do not identify anyone" in html
    assert "Participant-hours" in html


def test_a_figure_with_no_value_says_so_and_not_zero(calls, steering_client):
    html = steering_client.get("/reports/2026-q2/").content.decode()
    # o2_experience_score_change has no previous value ("").
    assert "No figure" in html


def test_each_period_kind_has_its_own_page(calls, steering_client):
    for slug, label in (
        ("2026-h1", "2026/27 H1 (April to September 2026)"),
        ("2025-year", "2025/26 (April 2025 to March 2026)"),
        ("2025-q1", "2025/26 Q1 (April to June 2025)"),
    ):
        response = steering_client.get(f"/reports/{slug}/")
        assert response.status_code == 200
        assert label in response.content.decode()
    assert [p.slug for p in calls] == ["2026-h1", "2025-year", "2025-q1"]


def test_the_current_period_can_be_read_and_says_it_has_not_ended(calls, steering_client):
    html = steering_client.get("/reports/2026-q3/").content.decode()
    assert "This period has not ended yet" in html


@pytest.mark.parametrize(
    "url",
    [
        "/reports/2026-q4/",  # starts in January 2027: the future
        "/reports/2027-year/",
        "/reports/2024-q4/",  # before the plan's first financial year
        "/reports/2026-q5/",
        "/reports/2026-h3/",
        "/reports/2026-q4/figures.csv",
        "/reports/six-monthly/2026-q1/",  # not a half
        "/reports/six-monthly/2027-h1/",
        "/reports/annual/2027/",
        "/reports/annual/2024/",
        "/reports/annual/99999/",
    ],
)
def test_a_future_or_wrong_period_is_not_found(calls, steering_client, url):
    assert steering_client.get(url).status_code == 404
    assert calls == []


# --- the picker ------------------------------------------------------------------------------


def test_the_picker_sends_a_chosen_period_to_its_page(calls, steering_client):
    response = steering_client.get("/reports/periods/", {"period": "2025-h2"})
    assert response.status_code == 302
    assert response.url == "/reports/2025-h2/"


@pytest.mark.parametrize("bad", ["nonsense", "2026-q9", "2030-q1", "2024-q1", "", "9999999-q1"])
def test_the_picker_explains_a_bad_choice_in_plain_english(calls, steering_client, bad):
    response = steering_client.get("/reports/periods/", {"period": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose a period from the list" in html


def test_each_report_page_has_a_picker_that_works_without_javascript(calls, steering_client):
    html = steering_client.get("/reports/2026-q2/").content.decode()
    assert '<form method="get" novalidate action="/reports/periods/">' in html
    assert '<select class="nhsuk-select" id="period-picker" name="period">' in html
    assert '<option value="2026-q2" selected>' in html
    assert 'value="2026-q4"' not in html  # not started yet


def test_the_periods_page_lists_every_year_from_2025_with_halves_and_quarters(
    calls, steering_client
):
    html = steering_client.get("/reports/periods/").content.decode()
    assert "Financial year 2025/26" in html
    assert "Financial year 2026/27" in html
    assert "Financial year 2024/25" not in html
    for slug in ("2025-year", "2025-h1", "2025-h2", "2025-q1", "2025-q4", "2026-q3"):
        assert f'href="/reports/{slug}/"' in html, slug
    assert 'href="/reports/2026-q4/"' not in html
    assert "2026/27 Q4 (January to March 2027) <span" in html  # shown, not linked
    assert 'href="/reports/six-monthly/2025-h2/"' in html
    assert 'href="/reports/annual/2025/"' in html
    assert calls == []


# --- publishing a pack from the period page ----------------------------------------------------


def test_staff_see_the_publish_button_for_an_ended_period_without_a_pack(
    calls, steering_client, staff_client
):
    button = "Publish a governance pack for this period"
    assert button in staff_client.get("/reports/2026-q2/").content.decode()
    assert button not in steering_client.get("/reports/2026-q2/").content.decode()
    assert button not in staff_client.get("/reports/2026-q3/").content.decode()  # not ended


# --- the summaries ---------------------------------------------------------------------------


def test_the_six_monthly_update_leads_with_a_plain_english_summary(calls, steering_client):
    html = steering_client.get("/reports/six-monthly/2026-h1/").content.decode()
    assert [p.slug for p in calls] == ["2026-h1"]
    assert "Six-monthly update for the steering group" in html
    summary = html[html.index("<h2>Summary</h2>") : html.index("What the involvement team says")]
    assert "75.0% (15 of 20)" in summary
    assert "40.0% (10 of 25)" in summary
    assert "Activities held" in summary
    assert "120 hours" in summary
    assert "Case studies published" in summary
    assert "No governance pack has been published for 2026/27 H1" in html
    assert "The full report for 2026/27 H1" in html


def test_the_summaries_list_you_said_we_did_published_in_the_period(calls, steering_client):
    tz = timezone.get_current_timezone()
    ImpactRecordFactory(
        published=True,
        title="Shorter waits at the front desk",
        published_at=datetime(2026, 5, 10, 9, tzinfo=tz),
        you_said="Waiting was confusing",
        we_did="We put up clear signs",
    )
    ImpactRecordFactory(
        published=True,
        title="Published too late for H1",
        published_at=datetime(2026, 10, 10, 9, tzinfo=tz),
        you_said="Something",
        we_did="Something else",
    )
    html = steering_client.get("/reports/six-monthly/2026-h1/").content.decode()
    assert "Shorter waits at the front desk" in html
    assert "We put up clear signs" in html
    assert "Published too late for H1" not in html
    annual = steering_client.get("/reports/annual/2026/").content.decode()
    assert "Shorter waits at the front desk" in annual
    assert "Published too late for H1" in annual


def test_the_annual_summary_is_its_own_page_for_the_year(calls, steering_client):
    html = steering_client.get("/reports/annual/2025/").content.decode()
    assert [p.slug for p in calls] == ["2025-year"]
    assert "<h1>Annual impact summary 2025/26</h1>" in html
    assert "2025/26 (April 2025 to March 2026)" in html
    assert "No “You said, we did” changes were published" in html


# --- no personal data, few queries -----------------------------------------------------------


def test_no_personal_data_appears_on_the_report_pages(calls, steering_client):
    user_create_with_role(
        email="zanzibar.quixote@example.org", role=Role.COCREATOR, full_name="Zanzibar Quixote"
    )
    for url in PAGES:
        text = steering_client.get(url).content.decode("utf-8-sig")
        assert "Zanzibar" not in text, url
        assert "zanzibar.quixote@example.org" not in text, url


def test_the_period_page_query_count_does_not_grow_with_figures_or_packs(
    monkeypatch, steering_member, staff_member, django_assert_max_num_queries
):
    from reporting.models import GovernancePack
    from reporting.reports import figures

    client = client_for(steering_member)
    monkeypatch.setattr(figures, "report_for", lambda period: sample_report(period))
    with django_assert_max_num_queries(10) as few:
        assert client.get("/reports/2026-q2/").status_code == 200
    for slug in ("2025-q2", "2025-q3", "2025-q4", "2026-q1", "2026-q2"):
        content = {"report": sample_report(slug, extra_figures=30), "narrative": "N"}
        GovernancePack.objects.create(
            period_slug=slug,
            period_label=slug,
            narrative="N",
            content=content,
            digest=GovernancePack.digest_of(content),
            published_at=timezone.now(),
            published_by=staff_member,
            published_by_name="Sam Staff",
        )
    monkeypatch.setattr(
        figures, "report_for", lambda period: sample_report(period, extra_figures=40)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/reports/2026-q2/").content.decode()
    assert "Extra figure 39" in html
    assert "Data has changed since the pack was published" in html


# --- with the real figures ---------------------------------------------------------------------


def test_every_page_renders_with_the_real_report(staff_client, steering_client):
    """No sample here: the pages, a pack, its PDF and CSVs from `reporting.reports.figures` itself."""
    for url in PAGES + ["/reports/2026-q3/", "/staff/reports/2026-q2/publish/"]:
        client = staff_client if url.startswith("/staff/") else steering_client
        assert client.get(url).status_code == 200, url
    # The fingerprint on the page matches the report worked out again when publishing.
    digest = digest_on(staff_client.get("/staff/reports/2026-q2/publish/").content.decode())
    response = staff_client.post(
        "/staff/reports/2026-q2/publish/",
        {"narrative": "Real figures.", "confirm": "on", "digest": digest},
    )
    assert response.status_code == 302
    pack_url = response.url
    html = steering_client.get(pack_url).content.decode()
    assert "Outcome 1: improved experience from being involved" in html
    assert "The pack matches its fingerprint." in html
    pdf = steering_client.get(pack_url + "pack.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert steering_client.get(pack_url + "figures.csv").status_code == 200
    live = steering_client.get("/reports/2026-q2/").content.decode()
    assert "No figure has changed since the pack was published" in live


def test_a_summary_shows_the_most_recent_changes_and_links_to_the_rest(calls, steering_client):
    from reporting.reports.selectors import YOU_SAID_SHOWN

    tz = timezone.get_current_timezone()
    for day in range(1, YOU_SAID_SHOWN + 3):
        ImpactRecordFactory(
            published=True,
            title=f"Change number {day:02d}",
            published_at=datetime(2026, 5, day, 9, tzinfo=tz),
            you_said="Something",
            we_did="Something else",
        )
    html = steering_client.get("/reports/six-monthly/2026-h1/").content.decode()
    assert f"{YOU_SAID_SHOWN + 2} changes published in 2026/27 H1" in html
    assert f"Change number {YOU_SAID_SHOWN + 2:02d}" in html  # the most recent
    assert "Change number 01" not in html  # the oldest is on the public list instead
    assert "/you-said-we-did/?year=2026" in html
