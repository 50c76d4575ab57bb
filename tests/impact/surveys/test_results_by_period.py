"""Staff survey results by period, by activity and by project: exact figures worked out by hand.

The world is set in 2026/27 Q1 (April to June 2026), seen on 15 May 2026.

Experience survey, confidence (agreeing = Agree 4 or Strongly agree 5):
  Ward garden design (project Garden): 10 named answers, 8 agree; 20 invitations sent
  Allotment visit (project Garden):     5 named answers, 3 agree; 10 invitations sent
  Carers' café (no project):            4 named answers, 2 agree; 10 invitations sent
  anonymous:                            6 answers,       5 agree
  all:                     25 answers, 18 agree (72.0%); 40 invitations sent (62.5%)
Garden: 15 answers, 11 agree (73.3%) for 30 invitations (50.0%).
Outside the period (not counted): an answer in March 2026 and an invitation sent at 23:30 on
31 March 2026.

Wellbeing (threshold 3 metric points), follow-ups answered in the period:
  Pat answers three times: "before" in January, follow-ups on 10 April (no change) and 1 June
    (up 9.71 points): paired once, on the latest follow-up: improved.
  Sam's "before" answers are on the day of the follow-up and after it: not paired.
  Lee: "before" in December, follow-up in April, down 5.78 points: worse.
  2 pairs, 1 improved (50.0%), 1 worse. 4 follow-up answers for 5 invitations sent (80.0%);
  2 "before" answers for 4 invitations sent (50.0%).
"""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreation.lib.disclosure import EXACT_NOTICE
from cocreation.lib.periods import parse_slug
from impact import swemwbs
from impact.models import ExperienceResponse, SurveyInvitation, SurveyKind, WellbeingResponse
from impact.selectors import survey_results_for
from tests.activities.factories import ActivityFactory, ProjectFactory
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
URL = reverse("impact:survey-results")
Q1 = parse_slug("2026-q1")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime(2026, 5, 15, 12, tzinfo=LONDON), tick=False)


def experience(n, *, agreeing, activity=None, anonymous=False, month=date(2026, 5, 1), **extra):
    """`n` answers to the confidence statement, the first `agreeing` of them agreeing."""
    person = None if anonymous else CoCreatorFactory()
    for i in range(n):
        ExperienceResponse.objects.create(
            cocreator=person,
            activity=activity,
            month=month,
            anonymous=anonymous,
            confidence=(5 if i % 2 else 4) if i < agreeing else (3 if i % 2 else 1),
            **extra,
        )


def invite(n, *, kind=SurveyKind.EXPERIENCE, activity=None, at=datetime(2026, 5, 2, tzinfo=LONDON)):
    person = CoCreatorFactory()
    start = SurveyInvitation.objects.count()
    SurveyInvitation.objects.bulk_create(
        SurveyInvitation(
            key=f"test:{start + i}",
            cocreator=person,
            kind=kind,
            activity=activity,
            due_on=at.date(),
            invited_at=at,
        )
        for i in range(n)
    )


def wellbeing(person, kind, answers, on):
    WellbeingResponse.objects.create(
        cocreator=person,
        kind=kind,
        answers=answers,
        raw_total=swemwbs.raw_total(answers),
        metric_score=swemwbs.metric_score(answers),
        answered_on=on,
    )


@pytest.fixture
def world(today):
    garden = ProjectFactory(title="Garden")
    may = datetime(2026, 5, 5, 10, tzinfo=LONDON)
    ward = ActivityFactory(title="Ward garden design", project=garden, starts_at=may)
    allotment = ActivityFactory(title="Allotment visit", project=garden, starts_at=may)
    cafe = ActivityFactory(title="Carers' café", starts_at=datetime(2026, 4, 20, 10, tzinfo=LONDON))
    experience(10, agreeing=8, activity=ward)
    experience(5, agreeing=3, activity=allotment)
    experience(4, agreeing=2, activity=cafe, month=date(2026, 6, 1))
    experience(6, agreeing=5, anonymous=True, month=date(2026, 4, 1))
    experience(3, agreeing=3, activity=ward, month=date(2026, 3, 1))  # the period before
    invite(20, activity=ward)
    invite(10, activity=allotment)
    invite(9, activity=cafe)
    # 00:10 on 1 April in London is still 31 March in UTC: in the period all the same.
    invite(1, activity=cafe, at=datetime(2026, 4, 1, 0, 10, tzinfo=LONDON))
    invite(1, activity=cafe, at=datetime(2026, 3, 31, 23, 30, tzinfo=LONDON))  # before

    pat, sam, lee = (CoCreatorFactory(full_name=name) for name in ("Pat", "Sam", "Lee"))
    wellbeing(pat, SurveyKind.WELLBEING_BEFORE, [2] * 7, date(2026, 1, 10))
    wellbeing(pat, SurveyKind.WELLBEING_FOLLOWUP, [2] * 7, date(2026, 4, 10))
    wellbeing(pat, SurveyKind.WELLBEING_FOLLOWUP, [4] * 7, date(2026, 6, 1))
    wellbeing(sam, SurveyKind.WELLBEING_BEFORE, [2] * 7, date(2026, 5, 20))
    wellbeing(sam, SurveyKind.WELLBEING_FOLLOWUP, [4] * 7, date(2026, 5, 20))
    wellbeing(sam, SurveyKind.WELLBEING_BEFORE, [1] * 7, date(2026, 5, 25))
    wellbeing(lee, SurveyKind.WELLBEING_BEFORE, [4] * 7, date(2025, 12, 1))
    wellbeing(lee, SurveyKind.WELLBEING_FOLLOWUP, [3] * 7, date(2026, 4, 20))
    invite(5, kind=SurveyKind.WELLBEING_FOLLOWUP)
    invite(4, kind=SurveyKind.WELLBEING_BEFORE)
    return {"ward": ward, "allotment": allotment, "cafe": cafe, "garden": garden}


def figures(share):
    return (share.numerator, share.denominator, share.percent)


# --- the figures --------------------------------------------------------------------------------


def test_confidence_is_18_of_25_answers_in_the_period_anonymous_ones_included(world):
    results = survey_results_for(Q1)

    confidence = results.questions[0]
    assert confidence.statement == "Taking part has helped me feel more confident"
    assert figures(confidence.share) == (18, 25, "72.0%")
    assert (results.total.answered, results.anonymous, results.unplaced) == (25, 6, 0)


def test_at_least_one_of_confidence_connection_or_purpose_counts_each_answer_once(today):
    experience(1, agreeing=0, connection=4)  # agrees with connection only
    experience(1, agreeing=0, purpose=2)
    experience(1, agreeing=1)

    results = survey_results_for(Q1)

    any_of_three = results.questions[3]
    assert any_of_three.statement.startswith("At least one of the three above")
    assert figures(any_of_three.share) == (2, 3, "66.7%")


def test_a_person_answering_for_three_activities_counts_three_times_once_in_each(today):
    person = CoCreatorFactory()
    activities = [ActivityFactory(title=f"Session {n}") for n in (1, 2, 3)]
    for activity, agreement in zip(activities, (5, 4, 2), strict=True):
        ExperienceResponse.objects.create(
            cocreator=person, activity=activity, month=date(2026, 5, 1), confidence=agreement
        )

    results = survey_results_for(Q1, sort="name")

    assert figures(results.questions[0].share) == (2, 3, "66.7%")
    assert [(row.name, row.answered) for row in results.activities] == [
        ("Session 1", 1),
        ("Session 2", 1),
        ("Session 3", 1),
    ]
    assert figures(results.activities[2].questions[0]) == (0, 1, "0.0%")


def test_only_staff_respondents_count_for_the_staff_understanding_statement(today):
    experience(2, agreeing=0, understanding_needs=5, staff_respondent=True)
    experience(1, agreeing=0, understanding_needs=5)  # not asked of them: not counted

    staff = survey_results_for(Q1).questions[-1]
    assert figures(staff.share) == (2, 2, "100.0%")
    assert staff.note == "Staff who took part only"


def test_each_activity_shows_invited_named_answers_response_rate_and_agreement(world):
    rows = {row.name: row for row in survey_results_for(Q1).activities}

    ward, allotment, cafe = (
        rows["Ward garden design"],
        rows["Allotment visit"],
        rows["Carers' café"],
    )
    assert figures(ward.response_rate) == (10, 20, "50.0%")
    assert figures(ward.questions[0]) == (8, 10, "80.0%")
    assert figures(ward.questions[1]) == (0, 0, "")  # nobody answered the connection statement
    assert figures(allotment.response_rate) == (5, 10, "50.0%")
    assert figures(allotment.questions[0]) == (3, 5, "60.0%")
    # Ten invitations sent in the period (one at 00:10 on 1 April), not the one on 31 March.
    assert figures(cafe.response_rate) == (4, 10, "40.0%")
    assert figures(cafe.all_questions) == (2, 4, "50.0%")
    assert (ward.project, cafe.project) == ("Garden", "")


def test_projects_add_up_their_activities_and_activities_not_in_one_come_last(world):
    projects = survey_results_for(Q1).projects

    assert [row.name for row in projects] == ["Garden", "Activities not in a project"]
    garden, other = projects
    assert figures(garden.response_rate) == (15, 30, "50.0%")
    assert figures(garden.questions[0]) == (11, 15, "73.3%")
    assert figures(other.questions[0]) == (2, 4, "50.0%")


def test_the_whole_period_response_rates_are_answers_for_invitations_sent(world):
    rates = {label: figures(share) for label, share in survey_results_for(Q1).response_rates}

    assert rates == {
        "Involvement experience survey": (25, 40, "62.5%"),
        "Wellbeing before involvement (SWEMWBS)": (2, 4, "50.0%"),
        "Wellbeing follow-up (SWEMWBS)": (4, 5, "80.0%"),
    }


def test_wellbeing_pairs_each_person_once_and_never_with_a_before_on_or_after_the_follow_up(world):
    results = survey_results_for(Q1)

    change = results.wellbeing
    assert (change.pairs, change.improved, change.no_change, change.worse) == (2, 1, 0, 1)
    assert [(label, figures(share)) for label, share in results.wellbeing_rows] == [
        ("Improved", (1, 2, "50.0%")),
        ("No meaningful change", (0, 2, "0.0%")),
        ("Worse", (1, 2, "50.0%")),
    ]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("valued", ["Ward garden design", "Allotment visit", "Carers' café"]),  # 80%, 60%, 50%
        ("name", ["Allotment visit", "Carers' café", "Ward garden design"]),
        ("date", ["Ward garden design", "Allotment visit", "Carers' café"]),
        ("rate", ["Ward garden design", "Allotment visit", "Carers' café"]),  # 50%, 50%, 40%
        ("nonsense", ["Ward garden design", "Allotment visit", "Carers' café"]),
    ],
)
def test_activities_are_ordered_as_asked_and_most_valued_first_by_default(world, sort, order):
    assert [row.name for row in survey_results_for(Q1, sort=sort).activities] == order


# --- the page -----------------------------------------------------------------------------------


def test_the_page_shows_the_current_quarter_by_default_with_exact_figures_marked(
    staff_client, world
):
    page = staff_client.get(URL).text

    assert "2026/27 Q1 (April to June 2026)" in page
    assert '<option value="2026-q1" selected>' in page
    assert "data-exact-figures" in page
    assert EXACT_NOTICE in page
    assert "72.0%" in page  # confidence: 18 of 25
    assert "62.5%" in page  # experience response rate: 25 of 40
    assert "73.3%" in page  # the Garden project
    assert "6 anonymous answers in 2026/27 Q1 (April to June 2026) are not in any activity" in page
    assert swemwbs.LICENCE_NOTICE in page


def test_the_page_shows_the_period_asked_for(staff_client, world):
    page = staff_client.get(URL, {"period": "2025-q4"}).text

    assert "2025/26 Q4 (January to March 2026)" in page
    assert "Nobody answered a wellbeing follow-up in 2025/26 Q4" in page
    assert "Ward garden design" in page  # 3 answers in March and 1 invitation on 31 March
    assert "Carers&#x27; café" in page


@pytest.mark.parametrize("slug", ["nonsense", "2026-q5", "2026-h3", "q1-2026", "2026-q9x"])
def test_a_period_that_does_not_exist_is_not_found(staff_client, today, slug):
    assert staff_client.get(URL, {"period": slug}).status_code == 404


def test_a_period_that_has_not_started_is_not_found(staff_client, today):
    assert staff_client.get(URL, {"period": "2026-q2"}).status_code == 404


def test_the_csv_starts_with_the_exact_notice_and_has_every_row(staff_client, world):
    world["cafe"].title = "=HYPERLINK(1)"
    world["cafe"].save()

    response = staff_client.get(URL, {"period": "2026-q1", "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    assert "survey-results-2026-q1.csv" in response["Content-Disposition"]
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [EXACT_NOTICE]
    assert "2026/27 Q1 (April to June 2026)" in rows[1][0]
    header = rows[3]
    by_name = {row[1]: dict(zip(header, row, strict=False)) for row in rows[4:]}
    ward = by_name["Ward garden design"]
    assert (ward["Row"], ward["Project"], ward["Session date"]) == (
        "Activity",
        "Garden",
        "2026-05-05",
    )
    assert (ward["Invitations sent"], ward["Answers"], ward["Response rate"]) == (
        "20",
        "10",
        "50.0%",
    )
    assert (ward["Confidence: answered"], ward["Confidence: agreed"]) == ("10", "8")
    assert ward["Confidence: % agreed"] == "80.0%"
    assert "'=HYPERLINK(1)" in by_name  # a title a spreadsheet would run is quoted
    assert by_name["Garden"]["Confidence: % agreed"] == "73.3%"
    assert by_name["Anonymous answers"]["Answers"] == "6"
    total = by_name["All answers, 2026/27 Q1 (April to June 2026)"]
    assert (total["Invitations sent"], total["Answers"], total["Response rate"]) == (
        "40",
        "25",
        "62.5%",
    )
    assert total["Confidence: % agreed"] == "72.0%"


def test_the_page_takes_the_same_queries_for_2_or_20_activities(
    staff_client, today, django_assert_max_num_queries
):
    def add_activities(n):
        for _ in range(n):
            activity = ActivityFactory(project=ProjectFactory())
            experience(2, agreeing=1, activity=activity, connection=4)
            invite(3, activity=activity)
        person = CoCreatorFactory()
        wellbeing(person, SurveyKind.WELLBEING_BEFORE, [2] * 7, date(2026, 1, 1))
        wellbeing(person, SurveyKind.WELLBEING_FOLLOWUP, [4] * 7, date(2026, 5, 1))

    add_activities(2)
    with django_assert_max_num_queries(50) as few:
        assert staff_client.get(URL).status_code == 200
    with CaptureQueriesContext(connection) as csv_few:
        staff_client.get(URL, {"format": "csv"}).getvalue()  # streamed: read inside the count
    add_activities(18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(URL).text
    assert page.count('scope="row"><a href="/staff/activities/') == 20
    with CaptureQueriesContext(connection) as csv_many:
        response = staff_client.get(URL, {"format": "csv"})
        assert response.streaming
        body = response.getvalue()
    assert len(csv_many.captured_queries) == len(csv_few.captured_queries)
    assert len(csv_many.captured_queries) <= len(few.captured_queries)
    assert body.count(b"\r\nActivity,") == 20


# --- who may see it -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", [{}, {"period": "2026-q1", "format": "csv"}])
def test_outsiders_cannot_see_the_results_or_the_csv(
    client, cocreator_client, steering_client, today, query
):
    response = client.get(URL, query)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert cocreator_client.get(URL, query).status_code == 403
    assert steering_client.get(URL, query).status_code == 403
