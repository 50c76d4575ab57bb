"""The one-screen summary for the steering group: its words, what it picks, and the pages and print.

`summary_for` reads only the report dict, so most of these feed it dicts; the page tests use the
sample report (tests/reporting/sample_report.py) with the plan's headline figures added.
"""

import copy
import io
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
import time_machine
import weasyprint
from django.conf import settings
from django.utils import timezone

from cocreation.lib.periods import parse_slug
from impact.models import BetterDirection
from reporting.plan.models import ActionStatus, KeyAction
from reporting.reports import summary as s
from reporting.reports.selectors import you_said_we_did_top
from tests.impact.factories import EvidenceItemFactory, ImpactRecordFactory

from .sample_report import _figure, sample_report, use_sample_report

TODAY = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.get_fixed_timezone(0))
PERIOD = parse_slug("2026-q2")


def full_report(period="2026-q2") -> dict:
    """The sample report with every headline figure of the plan and the centre of gravity."""
    report = sample_report(period)
    extra = [
        _figure(
            "o1_input_led_to_change",
            "Responses reporting that their input led to change",
            "percentage",
            ("78.0%", "40", "50"),
            ("72.0%", "35", "50"),
            "How.",
        ),
        _figure(
            "o1_wellbeing_improved",
            "People whose wellbeing improved (paired SWEMWBS)",
            "percentage",
            ("*", "*", "10"),
            ("50.0%", "10", "20"),
            "How.",
        ),
        _figure(
            "o2_under_represented_participation",
            "Co-creators taking part who are from under-represented groups",
            "percentage",
            ("25.0%", "10", "40"),
            ("25.0%", "10", "40"),
            "How.",
        ),
        _figure(
            "o2_staff_understanding",
            "Staff reporting a better understanding of patient, carer and family needs",
            "percentage",
            ("", "0", "0"),
            ("", "0", "0"),
            "How.",
        ),
        _figure(
            "act_active_cocreators",
            "Active co-creators",
            "count",
            ("40", "40", ""),
            ("35", "35", ""),
            "How.",
        ),
        _figure(
            "act_centre_of_gravity",
            "Centre of gravity (mean engagement level)",
            "level",
            ("2.85", "285", "100"),
            ("2.60", "260", "100"),
            "How.",
        ),
    ]
    participation = extra[2]["current"]
    participation["year_before"] = {
        "period": {"slug": "2025-q2", "label": "2025/26 Q2 (July to September 2025)"},
        "value": "20.0%",
        "numerator": "10",
        "denominator": "50",
    }
    report["sections"][1]["figures"].extend(extra)
    return report


# --- the words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "words"),
    [
        ("78.0%", "72.0%", "up from 72.0% to 78.0%"),
        ("72.0%", "78.0%", "down from 78.0% to 72.0%"),
        ("72.0%", "72.0%", "the same as last quarter (72.0%)"),
        ("100.0%", "99.5%", "up from 99.5% to 100.0%"),
        ("0.0%", "5.0%", "down from 5.0% to 0.0%"),
        ("1,235", "995", "up from 995 to 1,235"),  # thousands are compared as numbers
        ("-1.5", "-2.0", "up from -2.0 to -1.5"),
        ("72.0%", "", "no figure for the previous quarter"),
        ("72.0%", "*", "the previous quarter is not shown: fewer than 8 people"),
        ("*", "72.0%", "72.0% in the previous quarter"),
        ("*", "*", "the previous quarter is also not shown: fewer than 8 people"),
        ("*", "", "no figure for the previous quarter either"),
        ("", "72.0%", "72.0% in the previous quarter"),
        ("", "*", "the previous quarter is also not shown: fewer than 8 people"),
        ("", "", "no figure for the previous quarter either"),
    ],
)
def test_the_change_on_the_previous_quarter_in_words(current, previous, words):
    assert s.change_words(current, previous) == words


@pytest.mark.parametrize(
    ("kind", "same", "missing"),
    [
        ("quarter", "the same as last quarter (5)", "no figure for the previous quarter"),
        (
            "half",
            "the same as the previous six months (5)",
            "no figure for the previous six months",
        ),
        ("year", "the same as last year (5)", "no figure for the previous year"),
    ],
)
def test_each_kind_of_period_names_the_one_before(kind, same, missing):
    assert s.change_words("5", "5", kind=kind) == same
    assert s.change_words("5", "", kind=kind) == missing


def test_a_unit_follows_each_number_but_not_a_percentage():
    assert s.change_words("120", "95", unit="hours") == "up from 95 hours to 120 hours"
    assert s.change_words("120", "120", unit="hours") == "the same as last quarter (120 hours)"
    assert s.change_words("*", "95", unit="hours") == "95 hours in the previous quarter"
    assert s.change_words("50.0%", "40.0%", unit="points") == "up from 40.0% to 50.0%"


def test_the_names_of_the_period_compared_can_be_given():
    names = ("a year before", "2025/26 Q2")
    assert s.change_words("25.0%", "20.0%", names=names) == "up from 20.0% to 25.0%"
    assert s.change_words("20.0%", "20.0%", names=names) == "the same as a year before (20.0%)"
    assert s.change_words("20.0%", "", names=names) == "no figure for 2025/26 Q2"


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [
        ("78.0%", "", "78.0%"),
        ("120", "hours", "120 hours"),
        ("12.5%", "hours", "12.5%"),
        ("*", "", "not shown: fewer than 8 people"),
        ("*", "hours", "not shown: fewer than 8 people"),
        ("", "", "no figure yet"),
        (None, "", "no figure yet"),
    ],
)
def test_a_value_in_words(value, unit, words):
    assert s.shown(value, unit) == words


@pytest.mark.parametrize(
    ("current", "previous", "moved"),
    [
        ("78.0%", "72.0%", "up"),
        ("72.0%", "78.0%", "down"),
        ("2.50", "2.5", "same"),
        ("*", "72.0%", ""),
        ("72.0%", "", ""),
        ("not a number", "1", ""),
    ],
)
def test_the_direction_of_a_change(current, previous, moved):
    assert s.direction(current, previous) == moved


@pytest.mark.parametrize(
    ("block", "words"),
    [
        ({"numerator": "15", "denominator": "20"}, "15 of 20 co-creators who answered in Q2"),
        (
            {"numerator": "*", "denominator": "20"},
            "Fewer than 8 of 20 co-creators who answered in Q2",
        ),
        ({"numerator": "*", "denominator": "*"}, "Fewer than 8 co-creators who answered in Q2"),
        ({"numerator": "0", "denominator": "0"}, "No co-creators who answered in Q2"),
        ({"numerator": "40", "denominator": ""}, "In Q2"),
        ({}, "In Q2"),
    ],
)
def test_what_a_figure_rests_on_in_words(block, words):
    assert s.basis_words(block, "co-creators who answered", "Q2") == words


def test_a_figure_without_a_name_for_what_it_counts_gives_only_its_period():
    assert s.basis_words({"numerator": "15", "denominator": "20"}, "", "Q2") == "In Q2"


# --- the summary of a report -------------------------------------------------------------------


def test_the_summary_leads_with_the_plans_headline_measures_in_the_plans_order():
    summary = s.summary_for(full_report(), PERIOD)
    assert [m["key"] for m in summary["headlines"]] == list(s.HEADLINE_KEYS)
    assert summary["period_label"] == "2026/27 Q2 (July to September 2026)"
    assert summary["previous_label"] == "2026/27 Q1 (April to June 2026)"
    first = summary["headlines"][0]
    assert first == {
        "key": "o1_confidence_connection_purpose",
        "label": "Responses reporting improved confidence, connection or sense of purpose",
        "value": "75.0%",
        "state": "shown",
        "shown": "75.0%",
        "basis": "15 of 20 co-creators who answered in 2026/27 Q2",
        "change": "the previous quarter is not shown: fewer than 8 people",
        "direction": "",
        "year_before_label": "",
        "year_before": "",
    }


def test_each_headline_says_its_value_and_change_in_words():
    by_key = {m["key"]: m for m in s.summary_for(full_report(), PERIOD)["headlines"]}
    change = by_key["o1_input_led_to_change"]
    assert (change["shown"], change["change"], change["direction"]) == (
        "78.0%",
        "up from 72.0% to 78.0%",
        "up",
    )
    assert change["basis"] == "40 of 50 co-creators who answered in 2026/27 Q2"
    projects = by_key["o2_projects_measurable_change"]
    assert projects["change"] == "down from 50.0% to 40.0%"
    assert projects["basis"].startswith("10 of 25 projects with a published impact record")
    wellbeing = by_key["o1_wellbeing_improved"]
    assert (wellbeing["state"], wellbeing["shown"]) == (
        "suppressed",
        "not shown: fewer than 8 people",
    )
    assert wellbeing["change"] == "50.0% in the previous quarter"
    staff = by_key["o2_staff_understanding"]
    assert (staff["state"], staff["shown"]) == ("none", "no figure yet")
    assert staff["change"] == "no figure for the previous quarter either"
    assert staff["basis"] == "No staff who answered in 2026/27 Q2"


def test_participation_is_also_compared_with_the_same_period_a_year_before():
    by_key = {m["key"]: m for m in s.summary_for(full_report(), PERIOD)["headlines"]}
    participation = by_key["o2_under_represented_participation"]
    assert participation["change"] == "the same as last quarter (25.0%)"
    assert participation["year_before_label"] == "2025/26 Q2 (July to September 2025)"
    assert participation["year_before"] == "up from 20.0% to 25.0%"


def test_how_many_took_part_is_given_beside_the_measures():
    taking_part = s.summary_for(full_report(), PERIOD)["taking_part"]
    assert taking_part["label"] == "Active co-creators"
    assert (taking_part["shown"], taking_part["change"]) == ("40", "up from 35 to 40")
    assert taking_part["basis"] == "In 2026/27 Q2"


def test_the_centre_of_gravity_says_where_it_sits_and_which_way_it_moved():
    cog = s.summary_for(full_report(), PERIOD)["centre_of_gravity"]
    assert cog["value"] == "2.85"
    assert cog["where"] == "between Engage (2) and Involve (3)"
    assert cog["change"] == "up from 2.60 to 2.85"
    assert cog["meaning"] == "towards deeper co-creation"
    # The level mix of the last four quarters, as the report shows it, a row for each level.
    assert cog["mix"]["periods"] == ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1", "2026/27 Q2"]
    assert [row["level"] for row in cog["mix"]["rows"]] == [
        "Inform",
        "Engage",
        "Involve",
        "Collaborate",
        "Co-create",
    ]
    assert cog["mix"]["rows"][1]["activities"] == ["10", "15", "10", "15"]  # Engage
    assert cog["mix"]["rows"][4]["activities"] == ["0", "0", "*", "0"]  # Co-create


@pytest.mark.parametrize(
    ("current", "previous", "where", "meaning"),
    [
        ("3.00", "3.40", "at Involve (3)", "towards informing and engaging"),
        ("4.10", "4.10", "between Collaborate (4) and Co-create (5)", "no shift"),
        ("5.00", "", "at Co-create (5)", ""),
        ("*", "2.00", "", ""),
        ("", "", "", ""),
    ],
)
def test_the_centre_of_gravity_in_words(current, previous, where, meaning):
    report = full_report()
    figure = next(
        f for f in report["sections"][1]["figures"] if f["key"] == "act_centre_of_gravity"
    )
    figure["current"]["value"], figure["previous"]["value"] = current, previous
    cog = s.summary_for(report, PERIOD)["centre_of_gravity"]
    assert (cog["where"], cog["meaning"]) == (where, meaning)


def test_the_level_mix_gives_only_the_last_four_quarters():
    report = full_report()
    mix = report["series"]["level_mix"]
    mix["periods"] = [f"Q{n}" for n in range(1, 9)]
    mix["activities"] = [[str(n)] * 5 for n in range(1, 9)]
    cog = s.summary_for(report, PERIOD)["centre_of_gravity"]
    assert cog["mix"]["periods"] == ["Q5", "Q6", "Q7", "Q8"]
    assert cog["mix"]["rows"][0] == {"level": "Inform", "activities": ["5", "6", "7", "8"]}


def test_the_level_names_come_from_the_level_mix_when_the_report_has_no_levels():
    report = full_report()
    report["levels"] = []
    assert s.summary_for(report, PERIOD)["centre_of_gravity"]["where"] == (
        "between Engage (2) and Involve (3)"
    )


def test_a_report_without_the_headline_figures_gives_an_empty_summary_not_an_error():
    summary = s.summary_for({"period": {"label": "Q2", "kind": "quarter"}})
    assert summary["headlines"] == []
    assert summary["taking_part"] is None
    assert summary["centre_of_gravity"] is None
    assert summary["period_label"] == "Q2"


def test_the_summary_reads_the_period_from_the_report_when_not_given():
    half = s.summary_for(full_report("2026-h1"))
    assert half["kind"] == "half"
    assert half["period_label"] == "2026/27 H1 (April to September 2026)"
    assert half["headlines"][1]["change"] == "up from 72.0% to 78.0%"
    participation = half["headlines"][4]
    assert participation["change"] == "the same as the previous six months (25.0%)"


def test_the_summary_does_not_change_the_report_and_is_json_safe():
    report = full_report()
    before = copy.deepcopy(report)
    summary = s.summary_for(report, PERIOD)
    assert report == before
    assert json.loads(json.dumps(summary)) == summary


def test_every_number_in_the_summary_is_one_the_report_shows():
    """Nothing is worked out again: each number in a value or a change is in the report."""
    report = full_report()
    in_report = {
        block[part]
        for section in report["sections"]
        for figure in section["figures"]
        for block in (
            figure["current"],
            figure["previous"],
            figure["current"].get("year_before", {}),
        )
        for part in ("value", "numerator", "denominator")
        if part in block
    }
    summary = s.summary_for(report, PERIOD)
    for measure in summary["headlines"] + [summary["taking_part"], summary["centre_of_gravity"]]:
        for words in (measure["shown"], measure["change"], measure.get("year_before", "")):
            for number in re.findall(r"-?\d[\d,]*(?:\.\d+)?%?", words):
                assert number == "8" or number in in_report, (number, words)  # "fewer than 8"


def test_an_exact_report_for_staff_is_marked_so():
    report = {**full_report(), "disclosure": "exact"}
    assert s.summary_for(report, PERIOD)["exact"] is True
    assert s.summary_for(full_report(), PERIOD)["exact"] is False


# --- what the report dict does not hold: "You said, we did" and the plan --------------------------


def _published(title, day, *, you_said="You said something", we_did="We did something"):
    tz = timezone.get_current_timezone()
    return ImpactRecordFactory(
        published=True,
        title=title,
        published_at=datetime(2026, 8, day, 9, tzinfo=tz),
        you_said=you_said,
        we_did=we_did,
    )


def _evidence(record, better, before, after):
    return EvidenceItemFactory(
        record=record,
        better=better,
        baseline_value=Decimal(before),
        baseline_date=date(2026, 1, 31),
        followup_value=Decimal(after),
        followup_date=date(2026, 8, 1),
    )


@pytest.mark.django_db
def test_the_top_three_changes_put_measured_improvement_first_then_the_newest():
    _evidence(_published("Old but measured", 1), BetterDirection.HIGHER, "10", "12")
    _evidence(_published("Waits fell", 3), BetterDirection.LOWER, "30", "20")
    _evidence(_published("Measured the wrong way", 21), BetterDirection.LOWER, "10", "12")
    _published("Newest", 20)
    _published("Second newest", 19)
    tz = timezone.get_current_timezone()
    ImpactRecordFactory(
        published=True, title="Another quarter", published_at=datetime(2026, 10, 2, 9, tzinfo=tz)
    )
    ImpactRecordFactory(title="A draft")
    assert [r.title for r in you_said_we_did_top(PERIOD)] == [
        "Waits fell",
        "Old but measured",
        "Measured the wrong way",
    ]
    assert [r.title for r in you_said_we_did_top(PERIOD, n=5)] == [
        "Waits fell",
        "Old but measured",
        "Measured the wrong way",
        "Newest",
        "Second newest",
    ]


def _set_status(number, position, status):
    KeyAction.objects.filter(objective__number=number, position=position).update(status=status)


@pytest.mark.django_db
def test_the_actions_needing_attention_on_a_day_most_urgent_first():
    # The plan is loaded with every action not started. On 26 November 2026 the 29 whose
    # timeframe ended before then are overdue.
    _set_status(1, 1, ActionStatus.DONE)  # its timeframe has ended, but it is done
    _set_status(1, 5, ActionStatus.AT_RISK)  # and overdue: January to June 2026
    _set_status(1, 7, ActionStatus.OFF_TRACK)  # "June 2026 – Onwards": never overdue
    _set_status(2, 8, ActionStatus.AT_RISK)  # July 2026 to December 2027: not yet due
    attention = s.attention_for(date(2026, 11, 26), PERIOD)
    assert attention["as_of"] == "26 November 2026"
    assert attention["actions_total"] == 30
    assert attention["overdue_total"] == 28
    assert len(attention["actions"]) == s.ATTENTION_SHOWN
    assert [(a["objective"], a["status"], a["overdue"]) for a in attention["actions"]] == [
        (1, "Off track", False),
        (1, "At risk", True),
        (2, "At risk", False),
        (2, "Not started", True),  # the earliest end (30 September 2025), in the plan's order
        (2, "Not started", True),
        (2, "Not started", True),
    ]
    at_risk = attention["actions"][1]
    action = KeyAction.objects.get(objective__number=1, position=5)
    assert at_risk == {
        "url": f"/reports/plan/actions/{action.pk}/",
        "objective": 1,
        "text": action.text,
        "timeframe": "January – June 2026",
        "due_by": "30 June 2026",
        "status": "At risk",
        "status_colour": "yellow",
        "overdue": True,
    }
    assert attention["actions"][0]["due_by"] == ""  # "Onwards" has no end
    assert json.loads(json.dumps(attention)) == attention


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2025, 9, 30), False), (date(2025, 10, 1), True)],
)
def test_an_action_is_overdue_from_the_day_after_its_timeframe_ends(today, overdue):
    action = KeyAction.objects.get(objective__number=2, position=1)  # July – September 2025
    assert action.ends_on == date(2025, 9, 30)
    assert action.is_overdue_on(today) is overdue
    rows = s.attention_for(today, PERIOD)["actions"]
    assert any(row["url"].endswith(f"/{action.pk}/") for row in rows) is overdue


@pytest.mark.django_db
def test_nothing_needs_attention_before_any_timeframe_ends():
    attention = s.attention_for(date(2025, 9, 1), PERIOD)
    assert (attention["actions"], attention["actions_total"], attention["overdue_total"]) == (
        [],
        0,
        0,
    )


@pytest.mark.django_db
def test_the_attention_part_lists_the_periods_top_three_changes_without_names():
    for day in (1, 2, 3, 4):
        _published(f"Change {day}", day)
    changes = s.attention_for(date(2026, 11, 26), PERIOD)["you_said_we_did"]
    assert changes == [
        {
            "title": f"Change {day}",
            "you_said": "You said something",
            "we_did": "We did something",
            "published_on": f"{day} August 2026",
        }
        for day in (4, 3, 2)
    ]


# --- on the pages ------------------------------------------------------------------------------


@pytest.fixture
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def full(monkeypatch, _today):
    return use_sample_report(monkeypatch, full_report)


def _main(html: str) -> str:
    return html[html.index('<main class="nhsuk-main-wrapper"') :]


@pytest.mark.django_db
def test_the_quarterly_page_leads_with_the_summary(full, steering_client):
    _set_status(4, 1, ActionStatus.OFF_TRACK)
    _published("Clearer letters", 3)
    html = _main(steering_client.get("/reports/2026-q2/").content.decode())
    summary_at = html.index("<h2>Summary</h2>")
    assert summary_at < html.index("<h2", html.index("<h1")) + 1  # the first heading after the h1
    assert summary_at < html.index("Choose another period")
    assert summary_at < html.index('id="report-outcome1"')
    summary = html[summary_at : html.index('class="nhsuk-grid-row app-report-detail"')]
    for words in (
        '<p class="app-summary__value">78.0%</p>',
        "40 of 50 co-creators who answered in 2026/27 Q2",
        "Up from 72.0% to 78.0%",
        "Not shown: fewer than 8 people",
        "No figure yet",
        "The previous quarter is not shown: fewer than 8 people",
        "Against 2025/26 Q2 (July to September 2025), a year before: up from 20.0% to 25.0%",
        "Between Engage (2) and Involve (3), weighted by participant-hours",
        "Up from 2.60 to 2.85</strong>: towards deeper co-creation",
        "Clearer letters",
        "Off track",
        '<strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>',
        "On 26 November 2026, 29 key actions are at risk, off track or overdue (29 overdue",
        'href="/reports/plan/"',
    ):
        assert words in summary, words


@pytest.mark.django_db
def test_the_reports_home_and_the_summaries_lead_with_it_too(full, steering_client):
    home = _main(steering_client.get("/reports/").content.decode())
    assert home.index("<h2>Summary</h2>") < home.index('id="report-outcome1"')
    six = _main(steering_client.get("/reports/six-monthly/2026-h1/").content.decode())
    assert six.index("<h2>Summary</h2>") < six.index("What the involvement team says")
    assert "The same as the previous six months (25.0%)" in six
    annual = _main(steering_client.get("/reports/annual/2026/").content.decode())
    assert "<h2>Summary</h2>" in annual
    assert "Up from 72.0% to 78.0%" in annual


@pytest.mark.django_db
def test_each_detailed_section_is_open_without_javascript_and_can_fold(full, steering_client):
    html = steering_client.get("/reports/2026-q2/").content.decode()
    folds = html.count('<details class="nhsuk-details app-report-section" open data-app-fold>')
    assert folds == 3 + 2  # three sections, the levels and the charts
    assert '<h2 id="report-outcome1">' in html  # the heading stays outside the fold


@pytest.mark.django_db
def test_a_page_without_a_summary_figure_still_renders(monkeypatch, _today, steering_client):
    use_sample_report(monkeypatch, lambda period: {**sample_report(period), "sections": []})
    html = steering_client.get("/reports/2026-q2/").content.decode()
    assert "<h2>Summary</h2>" in html
    assert "Centre of gravity" not in html[: html.index("Choose another period")]


@pytest.mark.django_db
def test_the_summary_adds_a_fixed_number_of_queries(
    full, steering_client, django_assert_max_num_queries
):
    _published("First", 1)
    with django_assert_max_num_queries(20) as few:
        steering_client.get("/reports/2026-q2/")
    for day in range(2, 20):
        _published(f"More {day}", day)
    for position in range(1, 10):
        _set_status(4, position, ActionStatus.AT_RISK)
    with django_assert_max_num_queries(len(few.captured_queries)):
        steering_client.get("/reports/2026-q2/")


# --- in print ----------------------------------------------------------------------------------

STATIC = Path(settings.BASE_DIR) / "static"


def _static_only(url, *args, **kwargs):
    """Serve the page's own stylesheets from static/; nothing else (no fonts from the internet)."""
    path = url.split("/static/", 1)[1] if "/static/" in url else ""
    if not path.endswith(".css"):
        raise ValueError(f"Not fetched while printing: {url}")
    return {"string": (STATIC / path).read_bytes(), "mime_type": "text/css"}


def print_pages(html: str) -> list[str]:
    """The page as it prints on A4 (print media, the page's own stylesheets), one text per page."""
    pdf = weasyprint.HTML(
        string=html, base_url="http://testserver/", url_fetcher=_static_only, media_type="print"
    ).write_pdf()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.django_db
def test_the_summary_prints_on_no_more_than_two_a4_pages(full, steering_client):
    # The longest the summary gets: every action needing attention and long "You said, we did".
    for status, positions in ((ActionStatus.OFF_TRACK, (1, 2)), (ActionStatus.AT_RISK, (3, 4, 5))):
        for position in positions:
            _set_status(4, position, status)
    for day in (1, 2, 3, 4):
        title = f"A change people asked for, number {day}, with a title long enough to wrap"
        _published(title, day, you_said="word " * 60, we_did="word " * 60)
    html = steering_client.get("/reports/2026-q2/").content.decode()
    pages = print_pages(html)
    assert "Summary" in pages[0]
    assert "78.0%" in pages[0]
    # The detailed report starts on a new page; everything before it is the summary.
    detail = next(i for i, text in enumerate(pages) if "Outcome 1: improved experience" in text)
    print(f"The summary printed on {detail} A4 page(s) of {len(pages)} (WeasyPrint).")
    assert detail <= 2, f"the summary took {detail} pages"
    assert "Plan actions needing attention" in " ".join(pages[:detail])
    assert "Choose another period" not in " ".join(pages)  # no forms on paper
    assert "Sign out" not in " ".join(pages)  # no header
