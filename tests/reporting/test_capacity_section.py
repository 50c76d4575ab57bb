"""The steering report's "Building confidence and capacity (objective 4)": training, development
plans, mentoring and accreditation per period; people through the small-number rule outside the
staff team, exact for staff; records and services as they are; each figure saying what it counts,
out of what, and when; on every page, CSV and pack the report renders to."""

import csv
import datetime
import io

import pypdf
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from capacity.models import (
    AccreditationApplication,
    AccreditationFramework,
    AccreditationLevel,
    ApplicationStatus,
    Completion,
    DevelopmentPlan,
    Mentoring,
    PlanReview,
    Service,
    SupportMeeting,
)
from cocreation.lib.disclosure import EXACT, STEERING
from cocreation.lib.periods import make_period
from reporting.reports.definitions import HOW, LABELS, SECTIONS
from reporting.reports.figures import compute_report, figures_by_key, report_for
from tests.capacity.training_factories import CompletionFactory
from tests.community.factories import CoCreatorFactory

from .test_packs import digest_on

pytestmark = pytest.mark.django_db

# 2026/27 Q1 (April to June 2026), read on 26 November 2026, when it has ended.
QUARTER = make_period("quarter", 2026, 1)
TODAY = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=timezone.get_fixed_timezone(0))
D = datetime.date
KEYS = [
    "cap_training_completions",
    "cap_people_trained",
    "cap_active_plans",
    "cap_plan_reviews",
    "cap_mentoring_pairs",
    "cap_support_meetings",
    "cap_services_accredited",
    "cap_services_awarded",
]
PEOPLE = {"cap_people_trained", "cap_active_plans", "cap_plan_reviews", "cap_mentoring_pairs"}
TITLE = "Building confidence and capacity (objective 4)"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def built(db):
    """In the quarter: nine people complete ten courses; two active plans, one review; one
    mentoring pair (and one that was declined); three meetings; one service accredited (and one
    whose accreditation lapsed before the quarter ended)."""
    people = CoCreatorFactory.create_batch(9)
    for i, person in enumerate(people):
        CompletionFactory(cocreator=person, completed_on=D(2026, 4, 1 + i))
    CompletionFactory(cocreator=people[0], completed_on=D(2026, 6, 30))
    plans = [
        DevelopmentPlan.objects.create(cocreator=person, hopes="Co-chair a group")
        for person in people[:2]
    ]
    DevelopmentPlan.objects.filter(pk__in=[p.pk for p in plans]).update(created_at=at(2026, 5, 1))
    PlanReview.objects.create(plan=plans[0], held_on=D(2026, 6, 1))
    pair = Mentoring.objects.create(
        mentor=people[2],
        mentee=people[3],
        mentor_agreed_at=at(2026, 4, 2),
        mentee_agreed_at=at(2026, 4, 3),
    )
    Mentoring.objects.create(
        mentor=people[4],
        mentee=people[5],
        mentor_agreed_at=at(2026, 4, 2),
        declined_at=at(2026, 4, 4),
    )
    for day in (D(2026, 4, 10), D(2026, 5, 10), D(2026, 6, 10)):
        SupportMeeting.objects.create(mentoring=pair, met_on=day, how_it_went="well")
    framework = AccreditationFramework.objects.create(version="1", published_at=at(2025, 6, 1))
    for name, awarded_on, renew_by in (
        ("Early intervention team", D(2026, 5, 20), D(2027, 5, 20)),
        ("Lapsed team", D(2024, 5, 1), D(2026, 5, 1)),
    ):
        AccreditationApplication.objects.create(
            service=Service.objects.create(name=name),
            framework=framework,
            status=ApplicationStatus.AWARDED,
            level_awarded=AccreditationLevel.FOUNDATION,
            awarded_on=awarded_on,
            renew_by=renew_by,
        )
    return people


def _block(report, key, which="current") -> tuple:
    b = figures_by_key(report)[key][which]
    return (b["value"], b["numerator"], b["denominator"])


def _row(html: str, label: str) -> str:
    """The report table's row for a figure."""
    return html.split(f">{label}</th>", 1)[1].split("</tr>", 1)[0]


# --- The figures ---------------------------------------------------------------------------------


def test_the_section_comes_after_activity_with_its_eight_figures(built):
    report = report_for(QUARTER)
    keys = [s["key"] for s in report["sections"]]
    assert keys.index("capacity") == keys.index("activity") + 1
    section = next(s for s in report["sections"] if s["key"] == "capacity")
    assert section["title"] == TITLE
    assert [f["key"] for f in section["figures"]] == KEYS
    assert [f["label"] for f in section["figures"]] == [LABELS[k] for k in KEYS]
    assert all(f["kind"] == "count" for f in section["figures"])


def test_each_figure_says_what_it_counts_out_of_what_and_when():
    assert dict((key, figure_keys) for key, _, figure_keys in SECTIONS)["capacity"] == KEYS
    for key in KEYS:
        how = HOW[key]
        # The period: in it, or at its end (on its last day).
        assert any(w in how for w in ("in the period", "end of the period", "day of the period"))
        # The denominator: there is none, and it says so.
        assert "No denominator" in how or "no denominator" in how, key
        # The numerator: people hidden when few, records shown as they are.
        if key in PEOPLE:
            assert "small numbers are hidden" in how, key
        else:
            assert "shown as it is" in how, key


def test_the_steering_group_sees_records_as_they_are_and_few_people_hidden(built):
    report = report_for(QUARTER)
    assert report["disclosure"] == "steering"
    assert _block(report, "cap_training_completions") == ("10", "10", "")
    assert _block(report, "cap_people_trained") == ("10", "10", "")  # 9, to the nearest 5
    assert _block(report, "cap_active_plans") == ("*", "*", "")
    assert _block(report, "cap_plan_reviews") == ("*", "*", "")
    assert _block(report, "cap_mentoring_pairs") == ("*", "*", "")  # the declined pair is not
    assert _block(report, "cap_support_meetings") == ("3", "3", "")
    assert _block(report, "cap_services_accredited") == ("1", "1", "")  # not the lapsed one
    assert _block(report, "cap_services_awarded") == ("1", "1", "")
    assert _block(report, "cap_training_completions", "previous") == ("0", "0", "")


def test_staff_see_every_figure_exactly(built):
    report = report_for(QUARTER, exact=True)
    assert report["disclosure"] == "exact"
    assert _block(report, "cap_people_trained") == ("9", "9", "")
    assert _block(report, "cap_active_plans") == ("2", "2", "")
    assert _block(report, "cap_plan_reviews") == ("1", "1", "")
    assert _block(report, "cap_mentoring_pairs") == ("1", "1", "")
    assert _block(report, "cap_training_completions") == ("10", "10", "")


def test_the_rollups_and_the_raw_rows_give_the_same_section(built):
    for d in (STEERING, EXACT):
        kept = figures_by_key(compute_report(QUARTER, d, source="rollups"))
        raw = figures_by_key(compute_report(QUARTER, d, source="raw"))
        assert [kept[k] for k in KEYS] == [raw[k] for k in KEYS]


# --- The pages, the CSV and the pack ---------------------------------------------------------


def test_the_steering_page_shows_the_section_with_plans_hidden(built, steering_client):
    html = steering_client.get(f"/reports/{QUARTER.slug}/").content.decode()
    assert f'id="report-capacity">{TITLE}</h2>' in html
    plans = _row(html, LABELS["cap_active_plans"])
    assert "<strong>*</strong>" in plans
    assert "(a small number, not shown)" in plans
    assert "<strong>2</strong>" not in plans
    assert "<strong>10</strong>" in _row(html, LABELS["cap_training_completions"])
    assert "<strong>1</strong>" in _row(html, LABELS["cap_services_accredited"])
    assert "No denominator" in plans  # how it is worked out, beside it


def test_the_staff_page_shows_the_exact_plans_and_what_the_steering_group_sees(built, staff_client):
    html = staff_client.get(f"/reports/{QUARTER.slug}/").content.decode()
    plans = _row(html, LABELS["cap_active_plans"])
    assert "<strong>2</strong>" in plans
    assert "Steering group sees: *" in plans
    trained = _row(html, LABELS["cap_people_trained"])
    assert "<strong>9</strong>" in trained
    assert "Steering group sees: 10" in trained


def test_the_figures_csv_has_the_section_exact_only_for_staff(built, steering_client, staff_client):
    for client, plans in ((steering_client, "*"), (staff_client, "2")):
        text = client.get(f"/reports/{QUARTER.slug}/figures.csv").content.decode("utf-8-sig")
        rows = {r[1]: r for r in csv.reader(io.StringIO(text)) if len(r) > 3}
        row = rows[LABELS["cap_active_plans"]]
        assert row[0] == TITLE
        assert row[3] == plans
        assert rows[LABELS["cap_training_completions"]][3] == "10"


def test_the_six_monthly_and_annual_pages_show_the_section(built, steering_client):
    for url in ("/reports/six-monthly/2026-h1/", "/reports/annual/2026/"):
        html = steering_client.get(url).content.decode()
        assert f"{TITLE}</h2>" in html, url
        assert "<strong>*</strong>" in _row(html, LABELS["cap_active_plans"]), url
        assert "<strong>10</strong>" in _row(html, LABELS["cap_training_completions"]), url


def test_the_governance_pack_its_csv_and_its_pdf_hold_the_section(
    built, staff_client, steering_client
):
    publish = f"/staff/reports/{QUARTER.slug}/publish/"
    digest = digest_on(staff_client.get(publish).content.decode())
    response = staff_client.post(
        publish, {"narrative": "Training grew.", "confirm": "on", "digest": digest}
    )
    assert response.status_code == 302
    pack_url = response.url
    html = steering_client.get(pack_url).content.decode()
    assert f"{TITLE}</h2>" in html
    assert "<strong>*</strong>" in _row(html, LABELS["cap_active_plans"])
    text = steering_client.get(pack_url + "figures.csv").content.decode("utf-8-sig")
    assert TITLE in text
    pdf = steering_client.get(pack_url + "pack.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert TITLE in words
    assert LABELS["cap_active_plans"] in words


# --- The cache and the queries -------------------------------------------------------------------


def test_a_new_completion_shows_in_the_cached_report(built):
    assert _block(report_for(QUARTER), "cap_training_completions") == ("10", "10", "")
    report_for(QUARTER)  # from the cache now
    CompletionFactory(completed_on=D(2026, 5, 5))
    assert _block(report_for(QUARTER), "cap_training_completions") == ("11", "11", "")
    Completion.objects.filter(completed_on=D(2026, 5, 5)).delete()
    assert _block(report_for(QUARTER), "cap_training_completions") == ("10", "10", "")


def test_a_plan_closed_or_a_pair_ended_shows_in_the_cached_report(built):
    report_for(QUARTER, exact=True)
    DevelopmentPlan.objects.filter(cocreator=built[0]).update(status="closed")
    Mentoring.objects.filter(mentor=built[2]).update(ended_at=at(2026, 3, 1))
    report = report_for(QUARTER, exact=True)
    assert _block(report, "cap_active_plans") == ("1", "1", "")
    assert _block(report, "cap_mentoring_pairs") == ("0", "0", "")


def test_the_report_reads_the_section_in_a_fixed_number_of_queries(built):
    with CaptureQueriesContext(connection) as few:
        compute_report(QUARTER, source="raw")
    more = CoCreatorFactory.create_batch(12)
    for person in more:
        CompletionFactory(cocreator=person, completed_on=D(2026, 5, 2))
        plan = DevelopmentPlan.objects.create(cocreator=person, hopes="Lead a session")
        PlanReview.objects.create(plan=plan, held_on=D(2026, 5, 3))
    with CaptureQueriesContext(connection) as many:
        report = compute_report(QUARTER, source="raw")
    assert len(many) == len(few)
    assert _block(report, "cap_training_completions") == ("22", "22", "")
