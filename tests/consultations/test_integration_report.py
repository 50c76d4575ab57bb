"""Taking part online counts as involvement: a consultation at Involve answered by three people
through the real answer service shows in the period's report as one Involve activity and their
participant-hours, moves the centre of gravity towards the deeper levels, and is in each person's
story."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from activities.models import ActivitySetting, EngagementLevel
from cocreation.lib.periods import period_containing
from community.story import story_page
from consultations.models import ConsultationLevel, ResponseChannel
from consultations.taking_part.services import response_save
from reporting.reports.figures import report_for
from tests.activities.factories import AttendanceFactory
from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import ConsultationFactory
from tests.consultations.integration_factories import answers_for, questions_of_each_kind
from tests.reporting.factories import PastSessionFactory

pytestmark = pytest.mark.django_db


def _figures(report) -> dict:
    return {f["key"]: f for section in report["sections"] for f in section["figures"]}


def _current(figure) -> tuple:
    block = figure["current"]
    return (block["value"], block["numerator"], block["denominator"])


def _involve(report) -> dict:
    return next(row for row in report["levels"] if row["level"] == EngagementLevel.INVOLVE)


def test_answers_at_involve_count_in_the_report_and_move_the_centre_of_gravity(staff_member):
    now = timezone.now()
    period = period_containing(timezone.localdate(), "quarter")
    people = CoCreatorFactory.create_batch(3)
    # Before: one Inform session this quarter, an hour each for the same three people.
    session = PastSessionFactory(
        starts_at=now - datetime.timedelta(hours=3),
        level=EngagementLevel.INFORM,
        setting=ActivitySetting.TRUST_SITE,
    )
    if session.starts_at < period.bounds()[0]:  # pragma: no cover - the first hours of a quarter
        pytest.skip("The quarter began less than three hours ago.")
    for person in people:
        AttendanceFactory(activity=session, cocreator=person, hours=Decimal("1"))
    before = report_for(period, exact=True)
    assert _current(_figures(before)["act_centre_of_gravity"]) == ("1.00", "3", "3")
    assert _involve(before)["activities"] == "0"

    consultation = ConsultationFactory(
        level=ConsultationLevel.INVOLVE,
        minutes_to_take_part=60,
        opens_at=now - datetime.timedelta(hours=1),
        actor=staff_member,
    )
    questions = questions_of_each_kind(consultation)
    for n, person in enumerate(people):
        response_save(
            consultation=consultation,
            questions=list(questions.values()),
            answers=answers_for(questions, f"Answer {n}"),
            channel=ResponseChannel.PORTAL,
            cocreator=person,
        )
    # Changing an answer does not count anyone twice.
    response_save(
        consultation=consultation,
        questions=list(questions.values()),
        answers=answers_for(questions, "Changed my mind"),
        channel=ResponseChannel.PORTAL,
        cocreator=people[0],
    )

    after = report_for(period, exact=True)
    figures = _figures(after)
    involve = _involve(after)
    assert involve["activities"] == "1"
    assert involve["participant_hours"] == "3"
    assert _current(figures["act_participant_hours"])[0] == "6"
    # (1 x 3 + 3 x 3) / 6 = 2.00: the online work moved the centre of gravity from 1.00.
    assert _current(figures["act_centre_of_gravity"]) == ("2.00", "12", "6")

    # The steering group's report hides hours from fewer than 8 people, as for any session.
    steering = report_for(period)
    assert _involve(steering)["activities"] == "1"
    assert _involve(steering)["participant_hours"] == "*"

    # Each person's story shows what they did and the involvement it counted as.
    for person in people:
        titles = [row.title for row in story_page(person, for_staff=False).rows]
        assert f"You took part: Have your say: {consultation.title}" in titles
        assert f"You answered the questions in 'Have your say: {consultation.title}'" in titles
        details = [row.detail for row in story_page(person, for_staff=True).rows]
        assert "1 hour, as participant" in details
