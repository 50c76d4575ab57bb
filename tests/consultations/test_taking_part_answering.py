"""Answering a consultation: signed in (once, changeable while live), as a public visitor (once
per browser session, with an optional area), by a personal link, and entered by staff (assisted).
Bad input writes nothing; out-of-audience people are refused; taking part is counted once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Attendance
from community.models import CoCreator, CoCreatorStatus, Locality
from community.services import cocreator_for_user_ensure
from consultations.models import (
    Answer,
    Audience,
    LinkInvitation,
    QuestionKind,
    Response,
    ResponseChannel,
)
from consultations.services import consultation_set_status
from consultations.taking_part.services import response_save
from reporting.groups.models import SavedGroup
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for
from tests.consultations.discussion_factories import seed_crisis_words
from tests.consultations.factories import ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def with_questions(**kwargs):
    consultation = ConsultationFactory(**kwargs)
    choice = QuestionFactory(consultation=consultation, required=True)
    many = QuestionFactory(
        consultation=consultation, kind=QuestionKind.CHOICES, text="What would help?"
    )
    scale = QuestionFactory(
        consultation=consultation,
        kind=QuestionKind.SCALE,
        text="The line is easy to reach",
        options="",
    )
    text = QuestionFactory(
        consultation=consultation, kind=QuestionKind.TEXT, text="Anything else?", options=""
    )
    return consultation, (choice, many, scale, text)


def good_answers(questions, **extra):
    choice, many, scale, text = questions
    return {
        f"q{choice.pk}": "Evenings",
        f"q{many.pk}": ["Mornings", "Overnight"],
        f"q{scale.pk}": "4",
        f"q{text.pk}": "Please answer faster at night.",
        **extra,
    }


def answer_url(consultation):
    return reverse("consultations:answer", args=[consultation.pk])


# --- Signed in -----------------------------------------------------------------------------------


def test_a_cocreator_answers_every_kind_of_question_and_is_thanked(cocreator_client, cocreator):
    consultation, questions = with_questions()
    page = cocreator_client.get(answer_url(consultation))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<fieldset" in body and 'type="radio"' in body and 'type="checkbox"' in body
    assert "1 – Strongly disagree" in body and "<textarea" in body
    # Every question that can be left out says so, checkboxes too, as the page promises.
    assert "What would help? (optional)" in body and "Anything else? (optional)" in body
    response = cocreator_client.post(answer_url(consultation), good_answers(questions))
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:answer-thanks", args=[consultation.pk])
    saved = Response.objects.get()
    assert saved.channel == ResponseChannel.PORTAL
    assert saved.cocreator.user == cocreator
    by_question = {a.question_id: a for a in saved.answers.all()}
    choice, many, scale, text = questions
    assert by_question[choice.pk].choices == ["Evenings"]
    assert by_question[many.pk].choices == ["Mornings", "Overnight"]
    assert by_question[scale.pk].scale == 4
    assert by_question[text.pk].text == "Please answer faster at night."
    thanks = cocreator_client.get(response["Location"])
    assert "What happens next" in thanks.content.decode()
    assert "send you a message" in thanks.content.decode()


def test_changing_answers_replaces_them_and_counts_taking_part_once(cocreator_client):
    consultation, questions = with_questions()
    cocreator_client.post(answer_url(consultation), good_answers(questions))
    page = cocreator_client.get(answer_url(consultation))
    assert "Please answer faster at night." in page.content.decode()  # filled in
    assert "checked" in page.content.decode()
    choice = questions[0]
    cocreator_client.post(
        answer_url(consultation), {f"q{choice.pk}": "Mornings", f"q{questions[2].pk}": "2"}
    )
    saved = Response.objects.get()
    assert {a.question_id: a.choices for a in saved.answers.all()}[choice.pk] == ["Mornings"]
    assert saved.answers.count() == 2
    assert Attendance.objects.filter(activity=consultation.activity).count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {},  # the required question left out
        {"choice": "Whenever"},  # not one of the options (tampered)
        {"many": ["Mornings", "Never"]},
        {"scale": "9"},
    ],
)
def test_bad_answers_get_an_error_summary_and_write_nothing(cocreator_client, bad):
    consultation, questions = with_questions()
    choice, many, scale, text = questions
    data = good_answers(questions)
    if not bad:
        data.pop(f"q{choice.pk}")
    for key, value in bad.items():
        target = {"choice": choice, "many": many, "scale": scale}[key]
        data[f"q{target.pk}"] = value
    response = cocreator_client.post(answer_url(consultation), data)
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    if bad:  # the error says which question it is about
        target = {"choice": choice, "many": many, "scale": scale}[next(iter(bad))]
        assert f"for: {target.text}" in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not Attendance.objects.filter(activity=consultation.activity).exists()


def test_not_live_shows_a_page_saying_so_and_a_post_writes_nothing(cocreator_client):
    for consultation, words in (
        (with_questions(ended=True)[0], "This has closed"),
        (
            with_questions(
                opens_at=timezone.now() + timedelta(days=2),
                closes_at=timezone.now() + timedelta(days=9),
            )[0],
            "This is not open yet",
        ),
    ):
        page = cocreator_client.get(answer_url(consultation))
        assert words in page.content.decode()
        assert 'type="radio"' not in page.content.decode()
        cocreator_client.post(answer_url(consultation), {"q1": "x"})
    assert not Response.objects.exists()


def test_a_cocreator_outside_a_group_audience_gets_404(cocreator_client, cocreator):
    nobody = SavedGroup.objects.create(name="Carers", criteria={"relationships": ["carer"]})
    consultation, _ = with_questions(audience=Audience.GROUP, group=nobody)
    assert cocreator_client.get(consultation.get_absolute_url()).status_code == 404
    assert cocreator_client.get(answer_url(consultation)).status_code == 404
    assert cocreator_client.post(answer_url(consultation), {}).status_code == 404
    thanks = reverse("consultations:answer-thanks", args=[consultation.pk])
    assert cocreator_client.get(thanks).status_code == 404
    assert not Response.objects.exists()


def test_a_draft_is_404_to_everyone_but_staff(cocreator_client, staff_client):
    consultation, _ = with_questions(audience=Audience.PUBLIC, draft=True)
    assert cocreator_client.get(consultation.get_absolute_url()).status_code == 404
    assert cocreator_client.get(answer_url(consultation)).status_code == 404
    page = staff_client.get(consultation.get_absolute_url())
    assert "Draft: only staff can see this" in page.content.decode()


def test_anonymous_on_a_cocreators_consultation_is_asked_to_sign_in(client):
    consultation, _ = with_questions()
    thanks = reverse("consultations:answer-thanks", args=[consultation.pk])
    for url in (consultation.get_absolute_url(), answer_url(consultation), thanks):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(answer_url(consultation), {})
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_steering_and_partner_cannot_reach_a_cocreators_consultation(
    steering_member, partner_member
):
    consultation, _ = with_questions()
    for user in (steering_member, partner_member):
        client = client_for(user)
        assert client.get(consultation.get_absolute_url()).status_code == 404
        assert client.get(answer_url(consultation)).status_code == 404


# --- Public -------------------------------------------------------------------------------------


def test_a_public_visitor_answers_once_per_browser_with_an_area(client):
    consultation, questions = with_questions(audience=Audience.PUBLIC)
    page = client.get(answer_url(consultation))
    assert "Which area do you live in?" in page.content.decode()
    assert "Prefer not to say" in page.content.decode()
    medway = Locality.objects.get(name="Medway")
    response = client.post(
        answer_url(consultation), good_answers(questions, locality=str(medway.pk))
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.channel == ResponseChannel.PUBLIC
    assert saved.cocreator is None and saved.locality == medway
    again = client.get(answer_url(consultation))
    assert "You have already answered" in again.content.decode()
    client.post(answer_url(consultation), good_answers(questions))
    assert Response.objects.count() == 1
    assert not Attendance.objects.filter(activity=consultation.activity).exists()


def test_a_public_answer_never_changes_a_cocreators_answers(client, cocreator_client):
    consultation, questions = with_questions(audience=Audience.PUBLIC)
    cocreator_client.post(answer_url(consultation), good_answers(questions))
    mine = Response.objects.get()
    choice = questions[0]
    # A visitor posts answers with field names of their own choosing as well.
    client.post(
        answer_url(consultation),
        {
            **good_answers(questions),
            f"q{choice.pk}": "Mornings",
            "cocreator": str(mine.cocreator_id),
            "response": str(mine.pk),
        },
    )
    mine.refresh_from_db()
    assert mine.channel == ResponseChannel.PORTAL
    assert {a.question_id: a.choices for a in mine.answers.all()}[choice.pk] == ["Evenings"]
    public = Response.objects.exclude(pk=mine.pk).get()
    assert public.cocreator is None and public.channel == ResponseChannel.PUBLIC


def test_crisis_words_in_a_written_answer_show_support_on_the_thank_you_page(client):
    seed_crisis_words()
    consultation, questions = with_questions(audience=Audience.PUBLIC)
    text = questions[3]
    response = client.post(
        answer_url(consultation),
        good_answers(questions, **{f"q{text.pk}": "Some days I don\u2019t want to live"}),
    )
    thanks = client.get(response["Location"]).content.decode()
    assert "nhsuk-card--care--urgent" in thanks and "116 123" in thanks
    assert "nhsuk-card--care--urgent" not in client.get(response["Location"]).content.decode()


def test_a_written_answer_without_crisis_words_shows_no_crisis_panel(cocreator_client):
    consultation, questions = with_questions()
    response = cocreator_client.post(answer_url(consultation), good_answers(questions))
    assert (
        "nhsuk-card--care--urgent"
        not in cocreator_client.get(response["Location"]).content.decode()
    )


def test_a_public_answer_with_a_made_up_area_is_refused(client):
    consultation, questions = with_questions(audience=Audience.PUBLIC)
    response = client.post(answer_url(consultation), good_answers(questions, locality="99999"))
    assert "Choose an area from the list" in response.content.decode()
    assert not Response.objects.exists()


# --- By a personal link --------------------------------------------------------------------------


def test_a_personal_link_answers_as_the_person_greeting_them_by_preferred_name(client):
    consultation, questions = with_questions()
    person = CoCreatorFactory(full_name="Alexandra Secretname", preferred_name="Lexi")
    link = LinkInvitation.objects.create(consultation=consultation, cocreator=person)
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    assert "Hello Lexi" in page.content.decode()
    assert "Secretname" not in page.content.decode()
    response = client.post(link.get_absolute_url(), good_answers(questions))
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.cocreator == person and saved.channel == ResponseChannel.LINK
    assert Attendance.objects.filter(activity=consultation.activity, cocreator=person).count() == 1
    assert client.get(response["Location"]).status_code == 200


def test_a_link_for_a_leaver_or_a_draft_is_404_and_after_closing_says_so(client):
    consultation, _ = with_questions()
    person = CoCreatorFactory()
    link = LinkInvitation.objects.create(consultation=consultation, cocreator=person)
    draft, _ = with_questions(draft=True)
    draft_link = LinkInvitation.objects.create(consultation=draft, cocreator=person)
    assert client.get(draft_link.get_absolute_url()).status_code == 404
    assert client.get("/have-your-say/link/not-a-real-token/").status_code == 404
    consultation_set_status(consultation=consultation, status="closed", actor=None)
    page = client.get(link.get_absolute_url())
    assert "This has closed" in page.content.decode()
    client.post(link.get_absolute_url(), {})
    assert not Response.objects.exists()


def test_a_link_for_someone_who_left_is_404(client):
    consultation, _ = with_questions()
    person = CoCreatorFactory()
    link = LinkInvitation.objects.create(consultation=consultation, cocreator=person)
    CoCreator.objects.filter(pk=person.pk).update(status=CoCreatorStatus.LEFT)
    assert client.get(link.get_absolute_url()).status_code == 404


# --- Staff entering answers for someone ------------------------------------------------------------


def test_staff_enter_answers_for_someone_marked_assisted(staff_client, staff_member_with_mfa):
    consultation, questions = with_questions()
    person = CoCreatorFactory(full_name="Harriet Phone")
    url = reverse("consultations:staff-assist", args=[consultation.pk])
    assert staff_client.get(url).status_code == 200
    chosen = staff_client.post(url, {"person": str(person.pk)})
    assert chosen.status_code == 302
    page = staff_client.get(chosen["Location"])
    assert "marked as assisted" in page.content.decode()
    saved = staff_client.post(chosen["Location"], good_answers(questions))
    assert saved.status_code == 302
    response = Response.objects.get()
    assert response.channel == ResponseChannel.ASSISTED and response.assisted
    assert response.entered_by == staff_member_with_mfa and response.cocreator == person
    assert Attendance.objects.filter(activity=consultation.activity, cocreator=person).exists()


def test_staff_cannot_enter_answers_for_someone_outside_the_audience(staff_client):
    carers = SavedGroup.objects.create(name="Carers", criteria={"relationships": ["carer"]})
    consultation, questions = with_questions(audience=Audience.GROUP, group=carers)
    person = CoCreatorFactory()
    url = reverse("consultations:staff-assist", args=[consultation.pk])
    refused = staff_client.post(url, {"person": str(person.pk)})
    assert refused.status_code == 200
    assert "is not in this consultation" in refused.content.decode()
    direct = reverse("consultations:staff-assist-person", args=[consultation.pk, person.pk])
    assert staff_client.post(direct, good_answers(questions)).status_code == 403
    assert not Response.objects.exists()


def test_staff_assist_is_refused_to_everyone_but_staff(
    client, cocreator_client, steering_member, partner_member
):
    consultation, _ = with_questions(audience=Audience.PUBLIC)
    person = CoCreatorFactory()
    for url in (
        reverse("consultations:staff-assist", args=[consultation.pk]),
        reverse("consultations:staff-assist-person", args=[consultation.pk, person.pk]),
    ):
        assert client.get(url).status_code == 302
        for other in (cocreator_client, client_for(steering_member), client_for(partner_member)):
            assert other.get(url).status_code == 403
            assert other.post(url, {"person": str(person.pk)}).status_code == 403
    assert not Response.objects.exists()


# --- The service -------------------------------------------------------------------------------


def test_saving_costs_the_same_for_few_or_many_questions(cocreator):
    person = cocreator_for_user_ensure(user=cocreator)

    def cost(n):
        consultation = ConsultationFactory()
        questions = [QuestionFactory(consultation=consultation) for _ in range(n)]
        answers = {q.pk: "Mornings" for q in questions}
        with CaptureQueriesContext(connection) as first:
            response_save(
                consultation=consultation,
                questions=questions,
                answers=answers,
                channel=ResponseChannel.PORTAL,
                cocreator=person,
            )
        return len(first)

    assert cost(2) == cost(10)


def test_the_service_refuses_a_tampered_choice_and_a_closed_consultation(cocreator):
    person = cocreator_for_user_ensure(user=cocreator)
    consultation, questions = with_questions()
    with pytest.raises(ValidationError):
        response_save(
            consultation=consultation,
            questions=list(questions),
            answers={questions[0].pk: "Whenever"},
            channel=ResponseChannel.PORTAL,
            cocreator=person,
        )
    ended, ended_questions = with_questions(ended=True)
    with pytest.raises(ValidationError):
        response_save(
            consultation=ended,
            questions=list(ended_questions),
            answers={ended_questions[0].pk: "Evenings"},
            channel=ResponseChannel.PORTAL,
            cocreator=person,
        )
    assert not Response.objects.exists()


def test_saving_locks_the_person_first_so_two_submits_at_once_wait_for_each_other(cocreator):
    """Two submits at once: the second waits on the person's row, then finds the first's response
    and replaces its answers (one Response, the unique constraint kept). A real race needs
    committed rows, and a test that commits empties the reference tables other tests restore,
    so this checks the lock is taken before the response is looked for."""
    person = cocreator_for_user_ensure(user=cocreator)
    consultation, questions = with_questions()
    for option in ("Mornings", "Evenings"):
        with CaptureQueriesContext(connection) as queries:
            response_save(
                consultation=consultation,
                questions=list(questions),
                answers={questions[0].pk: option},
                channel=ResponseChannel.PORTAL,
                cocreator=person,
            )
        sql = [q["sql"] for q in queries.captured_queries]
        looked_up = next(i for i, q in enumerate(sql) if 'FROM "consultations_response"' in q)
        if connection.features.has_select_for_update:  # SQLite locks the whole file instead
            lock = next(
                i for i, q in enumerate(sql) if "FOR UPDATE" in q and "community_cocreator" in q
            )
            assert lock < looked_up
    assert Response.objects.count() == 1
    assert Answer.objects.get().choices == ["Evenings"]
    assert Attendance.objects.filter(activity=consultation.activity).count() == 1


def test_the_page_thanks_a_visitor_who_answered_from_this_browser(client):
    consultation, questions = with_questions(audience=Audience.PUBLIC)
    client.post(answer_url(consultation), good_answers(questions))
    body = client.get(consultation.get_absolute_url()).content.decode()
    assert "answers have been sent from this browser" in body
