"""The staff survey results: counts, % agreeing with numerators, and wellbeing change."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from impact import swemwbs
from impact.models import ExperienceResponse, SurveyInvitation, SurveyKind, WellbeingResponse
from impact.selectors import survey_results
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db
MONTH = date(2026, 1, 1)


def experience(**answers):
    return ExperienceResponse.objects.create(month=MONTH, **answers)


def wellbeing(person, kind, answers, on):
    return WellbeingResponse.objects.create(
        cocreator=person,
        kind=kind,
        answers=answers,
        raw_total=swemwbs.raw_total(answers),
        metric_score=swemwbs.metric_score(answers),
        answered_on=on,
    )


def test_agreement_counts_agree_and_strongly_agree_out_of_those_who_answered():
    experience(confidence=5, connection=2)
    experience(confidence=4, connection=4, anonymous=True)
    experience(confidence=3)

    rows = {row["label"]: row for row in survey_results()["experience"]}
    confidence = rows["Taking part has helped me feel more confident"]
    connection = rows["Taking part has helped me feel more connected to other people"]

    assert (confidence["agree"], confidence["answered"], confidence["percent"]) == (2, 3, 67)
    assert (connection["agree"], connection["answered"], connection["percent"]) == (1, 2, 50)


def test_wellbeing_change_uses_the_threshold_of_three_points(db):
    table = swemwbs.conversion_table()
    improved, same, worse, before_only = (CoCreatorFactory() for _ in range(4))
    wellbeing(improved, SurveyKind.WELLBEING_BEFORE, [2] * 7, date(2025, 1, 1))
    wellbeing(improved, SurveyKind.WELLBEING_FOLLOWUP, [4] * 7, date(2025, 7, 1))
    wellbeing(same, SurveyKind.WELLBEING_BEFORE, [3] * 7, date(2025, 1, 1))
    wellbeing(same, SurveyKind.WELLBEING_FOLLOWUP, [3] * 6 + [4], date(2025, 7, 1))
    wellbeing(worse, SurveyKind.WELLBEING_BEFORE, [4] * 7, date(2025, 1, 1))
    wellbeing(worse, SurveyKind.WELLBEING_FOLLOWUP, [2] * 7, date(2025, 7, 1))
    wellbeing(before_only, SurveyKind.WELLBEING_BEFORE, [3] * 7, date(2025, 1, 1))
    assert table[22] - table[21] < Decimal("3")  # the "same" person moved less than 3 points

    results = survey_results()

    counts = {row["label"]: row["count"] for row in results["wellbeing_change"]}
    assert counts == {"Improved": 1, "No meaningful change": 1, "Worse": 1}
    assert results["wellbeing_pairs"] == 3
    assert results["wellbeing_before_only"] == 1
    assert results["threshold"] == Decimal("3")


def test_the_results_page_shows_the_figures_the_threshold_and_the_licence(staff_client, db):
    person = CoCreatorFactory()
    SurveyInvitation.objects.create(
        key="a", cocreator=person, kind="experience", due_on=MONTH, invited_at=timezone.now()
    )
    SurveyInvitation.objects.create(
        key="b", cocreator=person, kind="experience", due_on=MONTH, completed=True
    )
    experience(confidence=5)

    page = staff_client.get(reverse("impact:survey-results")).text

    assert "1 of 1" in page  # one agreeing of one answering
    assert "100%" in page
    assert "1 of 2" in page  # surveys answered of invitations
    assert "a change of 3 or more metric points" in page
    assert swemwbs.LICENCE_NOTICE in page


def test_the_results_page_takes_the_same_queries_however_many_answers(
    staff_client, db, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("impact:survey-results")
    experience(confidence=5)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for _ in range(10):
        person = CoCreatorFactory()
        experience(confidence=4, connection=2)
        wellbeing(person, SurveyKind.WELLBEING_BEFORE, [3] * 7, date(2025, 1, 1))
        wellbeing(person, SurveyKind.WELLBEING_FOLLOWUP, [4] * 7, date(2025, 7, 1))

    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_staff_find_open_surveys_to_answer_with_someone(
    staff_client, db, django_assert_max_num_queries
):
    from django.urls import reverse

    person = CoCreatorFactory(full_name="Hana Ito")
    invitation = SurveyInvitationFactory(cocreator=person)
    done = SurveyInvitationFactory(
        cocreator=CoCreatorFactory(full_name="Done Person"), key="done", completed=True
    )
    html = staff_client.get(reverse("impact:survey-results")).content.decode()
    assert reverse("impact:survey-assisted", args=[invitation.pk]) in html
    assert reverse("impact:survey-assisted", args=[done.pk]) not in html
    with django_assert_max_num_queries(40) as few:
        staff_client.get(reverse("impact:survey-results"))
    for i in range(20):
        SurveyInvitationFactory(cocreator=CoCreatorFactory(full_name=f"Person {i}"), key=f"k{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse("impact:survey-results"))
