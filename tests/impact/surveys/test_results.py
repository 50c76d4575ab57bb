"""The staff survey results: % agreeing with numerators, wellbeing change, open invitations.

The figures by period, activity and project are in test_results_by_period.py.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cocreation.lib.periods import parse_slug
from impact import swemwbs
from impact.models import ExperienceResponse, SurveyInvitation, SurveyKind, WellbeingResponse
from impact.selectors import survey_results_for
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db
MONTH = date(2026, 1, 1)
QUARTER = parse_slug("2025-q4")  # January to March 2026


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

    rows = {row.statement: row.share for row in survey_results_for(QUARTER).questions}
    confidence = rows["Taking part has helped me feel more confident"]
    connection = rows["Taking part has helped me feel more connected to other people"]

    assert (confidence.numerator, confidence.denominator, confidence.percent) == (2, 3, "66.7%")
    assert (connection.numerator, connection.denominator, connection.percent) == (1, 2, "50.0%")


def test_wellbeing_change_uses_the_threshold_of_three_points(db):
    table = swemwbs.conversion_table()
    improved, same, worse, before_only = (CoCreatorFactory() for _ in range(4))
    wellbeing(improved, SurveyKind.WELLBEING_BEFORE, [2] * 7, date(2025, 7, 1))
    wellbeing(improved, SurveyKind.WELLBEING_FOLLOWUP, [4] * 7, date(2026, 1, 5))
    wellbeing(same, SurveyKind.WELLBEING_BEFORE, [3] * 7, date(2025, 7, 1))
    wellbeing(same, SurveyKind.WELLBEING_FOLLOWUP, [3] * 6 + [4], date(2026, 1, 5))
    wellbeing(worse, SurveyKind.WELLBEING_BEFORE, [4] * 7, date(2025, 7, 1))
    wellbeing(worse, SurveyKind.WELLBEING_FOLLOWUP, [2] * 7, date(2026, 3, 31))
    wellbeing(before_only, SurveyKind.WELLBEING_BEFORE, [3] * 7, date(2025, 7, 1))
    assert table[22] - table[21] < Decimal("3")  # the "same" person moved less than 3 points

    results = survey_results_for(QUARTER)

    counts = {label: share.numerator for label, share in results.wellbeing_rows}
    assert counts == {"Improved": 1, "No meaningful change": 1, "Worse": 1}
    assert results.wellbeing.pairs == 3
    assert results.threshold == Decimal("3")


def test_the_results_page_shows_the_figures_the_threshold_and_the_licence(staff_client, db):
    person = CoCreatorFactory()
    sent = datetime(2026, 1, 10, tzinfo=ZoneInfo("Europe/London"))
    SurveyInvitation.objects.create(
        key="a", cocreator=person, kind="experience", due_on=MONTH, invited_at=sent
    )
    SurveyInvitation.objects.create(
        key="b", cocreator=person, kind="experience", due_on=MONTH, invited_at=sent
    )
    experience(confidence=5)

    page = staff_client.get(reverse("impact:survey-results"), {"period": "2025-q4"}).text

    assert "100.0%" in page  # one agreeing of one answering
    assert "(1 of 1)" in page
    assert '50.0%<span class="nhsuk-u-visually-hidden"> (1 answer for 2 invitations)' in page
    assert "a change of 3 or more metric points" in page
    assert swemwbs.LICENCE_NOTICE in page


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
