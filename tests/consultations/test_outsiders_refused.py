"""Outsiders are refused where the other test files did not yet say so: writing on the staff
moderation pages (a visitor is asked to sign in; a co-creator, a steering member and a partner get
403, and nothing changes), a question's page read by someone who is not staff, a co-creator
supporting an idea they may not see or one from another consultation, the name page for staff,
and a personal link's thank-you page for a link that is not there, a leaver's or a draft's, and a
link whose person is not in the group the consultation is for."""

import pytest
from django.urls import reverse

from community.models import CoCreator, CoCreatorStatus
from consultations.models import (
    Audience,
    CrisisWord,
    LinkInvitation,
    Moderation,
    Response,
    Support,
)
from reporting.groups.models import SavedGroup
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

from .discussion_factories import person_with_name, seed_crisis_words
from .factories import ConsultationFactory, ContributionFactory, QuestionFactory

pytestmark = pytest.mark.django_db

OTHERS = ("cocreator", "steering_member", "partner_member")


def url(name, *args):
    return reverse(f"consultations:{name}", args=args)


@pytest.fixture(autouse=True)
def _crisis_words(db):
    seed_crisis_words()


@pytest.fixture
def idea(db):
    return ContributionFactory(consultation=ConsultationFactory())


def _staff_writes(idea):
    """Each staff moderation address that writes, with what it is sent."""
    word = CrisisWord.objects.first()
    pk, item = idea.consultation_id, idea.pk
    return [
        (url("staff-crisis-words"), {"phrase": "a new phrase"}),
        (url("staff-crisis-word-remove", word.pk), {}),
        (url("staff-hide", pk, item), {"reason": "Names a nurse"}),
        (url("staff-moderate", pk, item), {"action": "approve"}),
    ]


def _nothing_changed(idea, words_before):
    idea.refresh_from_db()
    assert idea.moderation == Moderation.SHOWN and idea.hidden_reason == ""
    assert set(CrisisWord.objects.values_list("phrase", flat=True)) == words_before
    assert not CrisisWord.objects.filter(phrase="a new phrase").exists()


def test_a_visitor_writing_on_the_staff_moderation_pages_is_asked_to_sign_in(anonymous, idea):
    words_before = set(CrisisWord.objects.values_list("phrase", flat=True))
    for address, data in _staff_writes(idea):
        response = anonymous.post(address, data)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/accounts/login/"), address
    _nothing_changed(idea, words_before)


@pytest.mark.parametrize("who", OTHERS)
def test_everyone_but_staff_writing_on_the_staff_moderation_pages_is_refused(request, who, idea):
    client = client_for(request.getfixturevalue(who))
    words_before = set(CrisisWord.objects.values_list("phrase", flat=True))
    for address, data in _staff_writes(idea):
        assert client.post(address, data).status_code == 403, address
    _nothing_changed(idea, words_before)


@pytest.mark.parametrize("who", OTHERS)
def test_a_questions_page_is_refused_to_everyone_but_staff(request, who):
    question = QuestionFactory(text="Which times would you call?")
    client = client_for(request.getfixturevalue(who))
    response = client.get(url("staff-question-edit", question.consultation_id, question.pk))
    assert response.status_code == 403
    assert "Which times would you call?" not in response.content.decode()


def test_a_cocreator_cannot_support_an_idea_waiting_for_a_check(cocreator, other_cocreator):
    me = person_with_name(cocreator, "Casey C.")
    theirs = person_with_name(other_cocreator, "Olu O.")
    waiting = ContributionFactory(author=theirs, moderation=Moderation.WAITING)
    response = client_for(cocreator).post(
        url("idea-support", waiting.consultation_id, waiting.pk), {"support": "yes"}
    )
    assert response.status_code == 404
    assert not Support.objects.filter(cocreator=me).exists()


def test_an_idea_from_another_consultation_is_404_through_this_ones_address(cocreator):
    person_with_name(cocreator, "Casey C.")
    mine = ConsultationFactory()
    elsewhere = ContributionFactory(consultation=ConsultationFactory())
    client = client_for(cocreator)
    support = url("idea-support", mine.pk, elsewhere.pk)
    assert client.post(support, {"support": "yes"}).status_code == 404
    assert client.get(url("contribution-report", mine.pk, elsewhere.pk)).status_code == 404
    assert not Support.objects.exists()


def test_the_name_page_is_for_cocreators_only(staff_client):
    assert staff_client.get(url("display-name")).status_code == 403


def test_a_link_thank_you_page_is_404_unless_the_link_is_in_force(client):
    person = CoCreatorFactory()
    draft_link = LinkInvitation.objects.create(
        consultation=ConsultationFactory(draft=True), cocreator=person
    )
    left = CoCreatorFactory()
    left_link = LinkInvitation.objects.create(consultation=ConsultationFactory(), cocreator=left)
    CoCreator.objects.filter(pk=left.pk).update(status=CoCreatorStatus.LEFT)
    assert client.get(url("answer-by-link-thanks", "not-a-real-token")).status_code == 404
    for link in (draft_link, left_link):
        assert client.get(url("answer-by-link-thanks", link.token)).status_code == 404


def test_a_link_for_someone_not_in_the_group_is_404_and_saves_nothing(client):
    group = SavedGroup.objects.create(name="Partners", criteria={"relationships": ["partner"]})
    consultation = ConsultationFactory(audience=Audience.GROUP, group=group)
    question = QuestionFactory(consultation=consultation)
    link = LinkInvitation.objects.create(consultation=consultation, cocreator=CoCreatorFactory())
    answer = url("answer-by-link", link.token)
    assert client.get(answer).status_code == 404
    assert client.post(answer, {f"q{question.pk}": "Mornings"}).status_code == 404
    assert client.get(url("answer-by-link-thanks", link.token)).status_code == 404
    assert not Response.objects.exists()
