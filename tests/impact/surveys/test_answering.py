"""Answering surveys by link, in the portal and with staff help; anonymity and opting out."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import AuditEvent
from community.services import cocreator_for_user_ensure
from impact import swemwbs
from impact.models import ExperienceResponse, SurveyInvitation, SurveyKind, WellbeingResponse
from tests.community.factories import CoCreatorFactory
from tests.frontend.htmltree import parse
from tests.impact.factories import SurveyInvitationFactory

pytestmark = pytest.mark.django_db

EXPERIENCE_ANSWERS = {
    "confidence": "4",
    "connection": "5",
    "purpose": "3",
    "input_led_to_change": "2",
    "free_text": "The tea was good.",
}


def answer_url(invitation):
    return reverse("impact:survey-answer", args=[invitation.token])


def test_the_survey_link_works_without_signing_in(client, db, ended_activity):
    invitation = SurveyInvitationFactory(cocreator=CoCreatorFactory(), activity=ended_activity())

    response = client.get(answer_url(invitation))

    assert response.status_code == 200
    assert "Send my answers anonymously" in response.text
    assert "understanding of the needs" not in response.text


def test_a_wrong_token_is_not_found(client):
    assert client.get(reverse("impact:survey-answer", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("impact:survey-opt-out", args=["not-a-token"])).status_code == 404


def test_staff_who_took_part_get_the_understanding_question(client, db, ended_activity):
    person = CoCreatorFactory(full_name="A Nurse")
    person.relationships.create(kind="staff")
    invitation = SurveyInvitationFactory(cocreator=person, activity=ended_activity())

    response = client.get(answer_url(invitation))
    assert "better understanding of the needs of patients, carers and families" in response.text

    client.post(answer_url(invitation), {**EXPERIENCE_ANSWERS, "understanding_needs": "5"})
    saved = ExperienceResponse.objects.get()
    assert saved.understanding_needs == 5
    assert saved.staff_respondent is True


def test_a_named_experience_answer_is_saved_with_the_person_and_activity(
    client, db, ended_activity
):
    person, activity = CoCreatorFactory(), ended_activity()
    invitation = SurveyInvitationFactory(cocreator=person, activity=activity)

    response = client.post(answer_url(invitation), EXPERIENCE_ANSWERS)

    assert response.status_code == 302
    saved = ExperienceResponse.objects.get()
    assert (saved.cocreator, saved.activity, saved.level) == (person, activity, activity.level)
    assert (saved.confidence, saved.connection, saved.purpose, saved.input_led_to_change) == (
        4,
        5,
        3,
        2,
    )
    assert saved.month == timezone.localdate().replace(day=1)
    invitation.refresh_from_db()
    assert invitation.completed
    assert "Thank you for your answers" in client.get(answer_url(invitation)).text


@pytest.mark.parametrize("kind", [SurveyKind.EXPERIENCE, SurveyKind.WELLBEING_BEFORE])
def test_the_form_says_optional_once_and_every_statement_starts_with_a_capital(
    client, db, ended_activity, kind
):
    person = CoCreatorFactory()
    person.relationships.create(kind="staff")  # staff get every experience statement
    invitation = SurveyInvitationFactory(cocreator=person, kind=kind, activity=ended_activity())

    shown = parse(client.get(answer_url(invitation)).text).find("main")
    errors = parse(client.post(answer_url(invitation), {}).text).find("main")

    statements = [legend.text for legend in shown.find_all("legend")]
    assert len(statements) == (5 if kind == SurveyKind.EXPERIENCE else 7)
    assert all(statement[0].isupper() for statement in statements), statements
    assert shown.text.count("(optional)") == (1 if kind == SurveyKind.EXPERIENCE else 0)
    summary = [a.text for a in errors.find("div", cls="nhsuk-error-summary").find_all("a")]
    assert len(summary) == len(statements)
    for message, statement in zip(summary, statements, strict=True):
        assert statement in message, (statement, message)


def test_missing_answers_are_explained_and_nothing_is_saved(client, db, ended_activity):
    invitation = SurveyInvitationFactory(cocreator=CoCreatorFactory(), activity=ended_activity())

    response = client.post(answer_url(invitation), {"confidence": "4"})

    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.text
    assert "Choose how much you agree" in response.text
    assert not ExperienceResponse.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.completed


def test_an_anonymous_answer_cannot_be_traced_to_its_author(client, db, ended_activity):
    person, activity = CoCreatorFactory(full_name="Unique Name"), ended_activity()
    invitation = SurveyInvitationFactory(cocreator=person, activity=activity)
    before = {
        f.attname: getattr(invitation, f.attname) for f in SurveyInvitation._meta.concrete_fields
    }

    client.post(answer_url(invitation), {**EXPERIENCE_ANSWERS, "anonymous": "on"})

    saved = ExperienceResponse.objects.get()
    identifying = {
        str(person.pk),
        str(activity.pk),
        person.full_name,
        person.email,
        invitation.token,
    }
    for field in ExperienceResponse._meta.concrete_fields:
        value = getattr(saved, field.attname)
        if field.attname in ("cocreator_id", "activity_id", "level"):
            assert value is None, field.attname
        elif field.attname not in ("confidence", "connection", "purpose", "input_led_to_change"):
            assert str(value) not in identifying, field.attname
    assert saved.anonymous is True
    assert saved.month == timezone.localdate().replace(day=1)  # the month only, no day or time
    assert isinstance(saved.pk, uuid.UUID)  # a random key: its place in the table says nothing
    # The invitation changed only by being marked completed: no time, nothing pointing to it.
    invitation.refresh_from_db()
    after = {
        f.attname: getattr(invitation, f.attname) for f in SurveyInvitation._meta.concrete_fields
    }
    assert {k for k in after if after[k] != before[k]} == {"completed"}
    assert not WellbeingResponse.objects.exists()
    assert not AuditEvent.objects.filter(cocreator_id=person.pk).exclude(action="create").exists()


def test_wellbeing_answers_are_stored_with_the_scores_from_the_table(client, db):
    invitation = SurveyInvitationFactory(
        cocreator=CoCreatorFactory(), kind=SurveyKind.WELLBEING_BEFORE
    )
    page = client.get(answer_url(invitation)).text
    assert swemwbs.LICENCE_NOTICE in page
    assert "over the last 2 weeks" in page
    for _, wording in swemwbs.items():
        assert wording.replace("'", "&#x27;") in page

    answers = [1, 2, 3, 4, 5, 4, 3]
    client.post(answer_url(invitation), {f"item_{n}": str(a) for n, a in enumerate(answers, 1)})

    saved = WellbeingResponse.objects.get()
    assert saved.answers == answers
    assert saved.raw_total == 22
    assert saved.metric_score == swemwbs.conversion_table()[22]
    assert saved.kind == SurveyKind.WELLBEING_BEFORE
    assert saved.assisted is False and saved.entered_by is None


@pytest.mark.parametrize("raw", [7, 14, 21, 28, 35])
def test_every_stored_wellbeing_score_matches_the_table(client, db, raw):
    invitation = SurveyInvitationFactory(
        cocreator=CoCreatorFactory(), kind=SurveyKind.WELLBEING_BEFORE
    )
    answers = [raw // 7] * 7
    client.post(answer_url(invitation), {f"item_{n}": str(a) for n, a in enumerate(answers, 1)})
    assert WellbeingResponse.objects.get().metric_score == swemwbs.conversion_table()[raw]


def test_an_incomplete_wellbeing_answer_saves_nothing(client, db):
    invitation = SurveyInvitationFactory(
        cocreator=CoCreatorFactory(), kind=SurveyKind.WELLBEING_BEFORE
    )

    response = client.post(answer_url(invitation), {"item_1": "3", "item_2": "9"})

    assert "nhsuk-error-summary" in response.text
    assert not WellbeingResponse.objects.exists()


def test_opting_out_closes_every_open_invitation_of_the_person(client, db):
    person = CoCreatorFactory()
    first = SurveyInvitationFactory(cocreator=person, key="one")
    second = SurveyInvitationFactory(cocreator=person, kind=SurveyKind.WELLBEING_BEFORE, key="two")
    someone_else = SurveyInvitationFactory(cocreator=CoCreatorFactory(), key="three")
    opt_out = reverse("impact:survey-opt-out", args=[first.token])

    assert client.get(opt_out).status_code == 200
    assert not SurveyInvitation.objects.filter(opted_out=True).exists()  # GET only asks
    response = client.post(opt_out)

    assert "We will not send you surveys" in response.text
    assert set(SurveyInvitation.objects.filter(opted_out=True)) == {first, second}
    someone_else.refresh_from_db()
    assert not someone_else.opted_out
    assert "You asked not to answer surveys" in client.get(answer_url(second)).text
    assert client.post(answer_url(second), EXPERIENCE_ANSWERS).status_code == 200
    assert not ExperienceResponse.objects.exists()


def test_the_portal_lists_only_my_open_surveys(cocreator, cocreator_client, db, ended_activity):
    me = cocreator_for_user_ensure(user=cocreator)
    mine = SurveyInvitationFactory(cocreator=me, activity=ended_activity(title="Garden day"))
    SurveyInvitationFactory(
        cocreator=me, key="done", completed=True, activity=ended_activity(title="Old day")
    )
    theirs = SurveyInvitationFactory(
        cocreator=CoCreatorFactory(), key="theirs", activity=ended_activity(title="Not mine")
    )

    response = cocreator_client.get(reverse("impact:portal-surveys"))

    assert answer_url(mine) in response.text
    assert "Garden day" in response.text
    assert "Old day" not in response.text
    assert answer_url(theirs) not in response.text
    home = cocreator_client.get(reverse("community:portal-home"))
    assert "1 survey waiting for your answers" in home.text


def test_the_portal_list_takes_the_same_queries_however_many_surveys(
    cocreator, cocreator_client, db, ended_activity, django_assert_max_num_queries
):
    me = cocreator_for_user_ensure(user=cocreator)
    url = reverse("impact:portal-surveys")
    SurveyInvitationFactory(cocreator=me, activity=ended_activity())
    cocreator_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        cocreator_client.get(url)
    for n in range(20):
        SurveyInvitationFactory(cocreator=me, key=f"more{n}", activity=ended_activity())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = cocreator_client.get(url)
    assert response.text.count("/surveys/") >= 21


def test_staff_can_type_in_answers_for_a_person_marked_as_assisted(
    staff_client, staff_member_with_mfa, db, ended_activity
):
    person = CoCreatorFactory()
    wellbeing = SurveyInvitationFactory(cocreator=person, kind=SurveyKind.WELLBEING_BEFORE, key="w")
    experience = SurveyInvitationFactory(cocreator=person, activity=ended_activity(), key="e")
    page = staff_client.get(reverse("impact:survey-assisted", args=[experience.pk]))
    assert "Send my answers anonymously" not in page.text

    staff_client.post(
        reverse("impact:survey-assisted", args=[wellbeing.pk]),
        {f"item_{n}": "4" for n in range(1, 8)},
    )
    staff_client.post(reverse("impact:survey-assisted", args=[experience.pk]), EXPERIENCE_ANSWERS)

    saved = WellbeingResponse.objects.get()
    assert saved.assisted is True
    assert saved.entered_by == staff_member_with_mfa
    assert ExperienceResponse.objects.get().assisted is True
    assert AuditEvent.objects.filter(cocreator_id=person.pk, action="create").count() >= 2


def test_outsiders_cannot_use_the_staff_survey_pages(client, cocreator_client, steering_client, db):
    invitation = SurveyInvitationFactory(cocreator=CoCreatorFactory())
    for url in (
        reverse("impact:survey-results"),
        reverse("impact:survey-assisted", args=[invitation.pk]),
    ):
        assert client.get(url).status_code == 302
        assert cocreator_client.get(url).status_code == 403
        assert steering_client.get(url).status_code == 403
    assert not ExperienceResponse.objects.exists()


def test_staff_entering_answers_for_a_missing_invitation_get_not_found(staff_client):
    assert staff_client.get(reverse("impact:survey-assisted", args=[999])).status_code == 404


def test_the_portal_surveys_page_is_for_co_creators_only(client, steering_client):
    url = reverse("impact:portal-surveys")
    assert client.get(url).status_code == 302
    assert steering_client.get(url).status_code == 403
