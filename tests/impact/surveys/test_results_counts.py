"""/staff/surveys/: every count of invitations on the page is the same figure, and staff reach the
page from their dashboard.

The world, in 2026/27 Q1 (April to June 2026): a garden session with 3 invitations sent and 1
named answer, a café with 2 sent and 1 named answer, 1 anonymous answer; an invitation to someone
with no email address (never sent, still waiting) and one sent in the quarter before.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from impact.models import ExperienceResponse, SurveyInvitation, SurveyKind
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory
from tests.frontend.htmltree import parse

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SENT = datetime(2026, 5, 2, 9, tzinfo=LONDON)


@pytest.fixture
def world(time_machine):
    time_machine.move_to(datetime(2026, 5, 15, 12, tzinfo=LONDON), tick=False)
    garden = ActivityFactory(title="Garden", starts_at=datetime(2026, 5, 1, 10, tzinfo=LONDON))
    cafe = ActivityFactory(title="Café", starts_at=datetime(2026, 5, 1, 14, tzinfo=LONDON))
    for i, (activity, sent) in enumerate(
        [(garden, SENT)] * 3
        + [(cafe, SENT)] * 2
        + [(cafe, None), (garden, datetime(2026, 3, 2, 9, tzinfo=LONDON))]
    ):
        SurveyInvitation.objects.create(
            key=f"experience:{i}",
            cocreator=CoCreatorFactory(email="" if sent is None else f"p{i}@example.org"),
            kind=SurveyKind.EXPERIENCE,
            activity=activity,
            due_on=date(2026, 5, 2),
            invited_at=sent,
        )
    for activity in (garden, cafe):
        ExperienceResponse.objects.create(
            cocreator=CoCreatorFactory(), activity=activity, month=date(2026, 5, 1), confidence=4
        )
    ExperienceResponse.objects.create(month=date(2026, 5, 1), anonymous=True, confidence=2)


def _cells(table, row_text):
    row = next(
        r for r in table.find_all("tr") if r.find("th") and r.find("th").text.startswith(row_text)
    )
    return [cell.text for cell in row.find_all("td")]


def _table(doc, caption):
    return next(t for t in doc.find_all("table") if t.find("caption").text.startswith(caption))


def test_invitations_sent_is_the_same_denominator_everywhere_on_the_page(staff_client, world):
    doc = parse(staff_client.get(reverse("impact:survey-results"), {"period": "2026-q1"}).text)

    rates = _cells(_table(doc, "Answers for invitations sent"), "Involvement experience survey")
    by_activity = _table(doc, "Experience survey by activity")
    activity_sent = [int(_cells(by_activity, name)[0]) for name in ("Garden", "Café")]
    total = _cells(_table(doc, "Experience survey by project"), "All answers")

    assert rates[:2] == ["5", "3"]  # 5 sent in the quarter (not the unsent one), 3 answers
    assert "(3 answers for 5 invitations)" in rates[2]
    assert activity_sent == [3, 2] and sum(activity_sent) == 5
    assert total[:2] == ["5", "3"]
    headers = [th.text for th in by_activity.find("thead").find_all("th")]
    assert "Invitations sent" in headers and "Invited" not in headers


def test_the_page_says_the_denominator_and_that_unsent_invitations_only_wait(staff_client, world):
    page = staff_client.get(reverse("impact:survey-results"), {"period": "2026-q1"}).text

    assert "Every response rate on this page has the same denominator: invitations sent" in page
    assert "including those never sent because the person has no email address" in page
    assert "9am UK time on the morning after the session" in page
    # None of the seven invitations is closed: the unsent one waits beside the six sent.
    assert "Surveys waiting for answers (7)" in page


def test_staff_reach_the_survey_results_from_their_dashboard(staff_client):
    dashboard = parse(staff_client.get(reverse("activities:dashboard")).text)

    link = dashboard.find("a", href=reverse("impact:survey-results"))

    assert link is not None and link.text == "Survey results"
    assert staff_client.get(link.attrs["href"]).status_code == 200
