"""A person's answers, ideas, posts and supports in their story: staff see how answers came in
and whether posts are shown; the person sees their own, in plain words, with nobody else's; the
attendance the consultation made reads well beside them; and the story's queries do not grow
with the number of consultations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.services import cocreator_for_user_ensure
from community.story import story_page
from consultations.discussion.services import contribution_moderate
from consultations.models import ResponseChannel
from consultations.taking_part.services import response_save
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory
from tests.consultations.integration_factories import (
    answers_for,
    questions_of_each_kind,
    took_part_in_every_way,
)

pytestmark = pytest.mark.django_db


def _titles(rows):
    return [f"{row.title} | {row.detail}" for row in rows]


def test_staff_see_every_kind_of_taking_part_on_the_record(cocreator, staff_member, staff_client):
    person = cocreator_for_user_ensure(user=cocreator)
    took = took_part_in_every_way(person, staff_member=staff_member, words="Casey")
    topic = f"'Have your say: {took.consultation.title}'"
    contribution_moderate(
        contribution=took.post, action="hide", actor=staff_member, reason="Off topic"
    )
    rows = story_page(person, for_staff=True).rows
    text = "\n".join(_titles(rows))
    assert f"Answered the questions in {topic} | Signed in" in text
    assert f"Added an idea to {topic}" in text and "Casey-idea title" in text
    assert f"Posted in the discussion of {topic}" in text
    assert "Hidden by staff (Off topic)" in text
    assert f"Supported the idea \u201cRobin-idea: a callback\u201d in {topic}" in text
    assert f"Personal link made to answer {topic}" in text
    assert "Chose the name others see in discussions: Casey-name" in text
    assert f"Reported a post in {topic} | Waiting for staff to look. Why: Casey-reason" in text
    # The consultation's attendance is the involvement counted, at its hours.
    assert f"Attended: Have your say: {took.consultation.title}" in text
    # Nothing of the other person's appears.
    assert "Robin-words" not in text and "Robin-post" not in text
    page = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    assert page.status_code == 200
    assert f"Answered the questions in {topic}".replace("'", "&#x27;") in page.content.decode()


def test_an_assisted_answer_is_marked_for_staff_only(cocreator, staff_member):
    person = cocreator_for_user_ensure(user=cocreator)
    consultation = ConsultationFactory(actor=staff_member)
    questions = questions_of_each_kind(consultation)
    response_save(
        consultation=consultation,
        questions=list(questions.values()),
        answers=answers_for(questions, "On the phone"),
        channel=ResponseChannel.ASSISTED,
        cocreator=person,
        actor=staff_member,
    )
    staff_rows = _titles(story_page(person, for_staff=True).rows)
    assert any("Assisted: helped by staff" in row for row in staff_rows)
    own_rows = _titles(story_page(person, for_staff=False).rows)
    assert any("You answered the questions in" in row for row in own_rows)
    assert not any("ssisted" in row or "staff" in row.lower() for row in own_rows)


def test_the_person_sees_their_own_taking_part_in_plain_words(cocreator, staff_member):
    person = cocreator_for_user_ensure(user=cocreator)
    took = took_part_in_every_way(person, staff_member=staff_member, words="Casey")
    title = took.consultation.title
    contribution_moderate(
        contribution=took.post, action="hide", actor=staff_member, reason="Names a nurse"
    )
    page = client_for(cocreator).get(reverse("community:portal-story"))
    assert page.status_code == 200
    html = page.content.decode().replace("&#x27;", "'")
    for words in (
        f"You answered the questions in 'Have your say: {title}'",
        f"You added an idea to 'Have your say: {title}'",
        f"You posted in the discussion of 'Have your say: {title}'",
        "Hidden by the involvement team",
        "You supported the idea",
        "You chose the name others see in discussions: Casey-name",
        f"You took part: Have your say: {title}",
        f"You reported a post in 'Have your say: {title}'",
    ):
        assert words in html, words
    # Staff's reasons, the personal link and other people's words are not theirs to see here.
    for words in ("Names a nurse", "Personal link", "Robin-words", "Robin-post"):
        assert words not in html, words


def test_the_story_costs_the_same_for_one_consultation_or_five(cocreator, staff_member):
    person = cocreator_for_user_ensure(user=cocreator)
    took_part_in_every_way(person, staff_member=staff_member, words="One")
    with CaptureQueriesContext(connection) as one:
        story_page(person, for_staff=True)
    for n in range(4):
        took_part_in_every_way(person, staff_member=staff_member, words=f"More{n}")
    with CaptureQueriesContext(connection) as five:
        rows = story_page(person, for_staff=True).rows
    assert len(one.captured_queries) == len(five.captured_queries)
    assert sum("Answered the questions" in row.title for row in rows) == 5


def test_the_staff_record_lists_each_consultation_and_what_they_did_there(
    cocreator, staff_member, staff_client
):
    person = cocreator_for_user_ensure(user=cocreator)
    took = took_part_in_every_way(person, staff_member=staff_member, words="Casey")
    url = reverse("community:cocreator-detail", args=[person.pk])
    with CaptureQueriesContext(connection) as one:
        page = staff_client.get(url)
    html = page.content.decode()
    assert 'id="have-your-say"' in html
    assert reverse("consultations:staff-detail", args=[took.consultation.pk]) in html
    assert "answered (signed in), 1 idea, 1 post, supported 1 idea" in html
    for n in range(3):
        took_part_in_every_way(person, staff_member=staff_member, words=f"More{n}")
    with CaptureQueriesContext(connection) as four:
        staff_client.get(url)
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_record_says_when_someone_has_not_taken_part(cocreator, staff_client):
    person = cocreator_for_user_ensure(user=cocreator)
    page = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    assert 'They have not taken part in a "Have your say" consultation.' in page.content.decode()
