"""The idea board and discussion services: crisis words (whole words, ignoring case, no false
positives), adding ideas and posts with moderation, support once per person and not one's own,
reports, moderation and a consultation that is not live refusing writes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.models import Attendance
from community.models import Message
from community.services import cocreator_for_user_ensure
from consultations.discussion.services import (
    contribution_add,
    contribution_moderate,
    contribution_report,
    crisis_word_add,
    crisis_words_in,
    discussion_name_save,
    suggested_name,
    support_toggle,
)
from consultations.models import (
    ConsultationStatus,
    ContributionKind,
    CrisisWord,
    Moderation,
    Support,
)
from tests.community.factories import CoCreatorFactory

from .discussion_factories import person_with_name, seed_crisis_words
from .factories import ConsultationFactory, ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _crisis_words(db):
    seed_crisis_words()


PHRASES = ["suicide", "kill myself", "self-harm", "don't want to be here", "overdose"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Sometimes I think about SUICIDE.", ["suicide"]),
        ("I could kill   myself some days", ["kill myself"]),
        ("I\nkill myself with worry", ["kill myself"]),
        ("I don’t want to be here any more", ["don't want to be here"]),
        ("Self-harm support groups should run at night", ["self-harm"]),
        ("an overdose, and suicide", ["suicide", "overdose"]),
    ],
)
def test_crisis_words_are_found_as_whole_words_ignoring_case(text, found):
    assert crisis_words_in(text, PHRASES) == found


@pytest.mark.parametrize(
    "text",
    [
        "I want to build my skill at kill myselfish games",
        "Suicidespot is not a word",
        "Presuicide is not either",
        "A reskill myself course",
        "Overdosed on coffee: overdoses are another word",
        "Here is my idea: longer opening hours",
    ],
)
def test_crisis_words_have_no_false_positives(text):
    assert crisis_words_in(text, PHRASES) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I dont want to be here", ["don't want to be here"]),  # no apostrophe typed
        ("I don\u2018t want to be here", ["don't want to be here"]),
        ("I self harm most weeks", ["self-harm"]),  # the list says "self-harm"
        ("self\u2013harm", ["self-harm"]),  # an en dash
        ("I will kill-\nmyself", ["kill myself"]),
        ("\uff33\uff35\uff29\uff23\uff29\uff24\uff25", ["suicide"]),  # full-width letters
        ("sui\u200bcide", ["suicide"]),  # a zero-width space
        ("kill\u00a0myself", ["kill myself"]),  # a non-breaking space
    ],
)
def test_crisis_words_survive_how_people_type(text, found):
    assert crisis_words_in(text, PHRASES) == found


def test_the_teams_own_post_about_crisis_support_is_not_flagged(staff_member):
    consultation = ConsultationFactory(owner=staff_member)
    post = contribution_add(
        consultation=consultation,
        kind=ContributionKind.POST,
        body="If you feel suicidal, call Samaritans on 116 123.",
        staff_user=staff_member,
    )
    assert post.moderation == Moderation.SHOWN and post.crisis_words == ""
    assert not Message.objects.filter(key__startswith="consultation-crisis:").exists()


def test_the_seeded_list_is_there_and_staff_can_add():
    seed_crisis_words()  # again: once each
    assert CrisisWord.objects.filter(phrase="suicide").count() == 1
    assert CrisisWord.objects.filter(phrase="kill myself").exists()
    assert crisis_words_in("I want to end my life") == ["end my life"]
    crisis_word_add(phrase="  Can't   Go On ", actor=None)
    assert crisis_words_in("I just can't go on") == ["can't go on"]
    with pytest.raises(ValidationError):
        crisis_word_add(phrase="can't go on", actor=None)
    with pytest.raises(ValidationError):
        crisis_word_add(phrase="  ", actor=None)


def test_suggested_name_is_first_name_and_initial(db):
    assert suggested_name(CoCreatorFactory(full_name="Casey Jo Cocreator")) == "Casey C."
    assert suggested_name(CoCreatorFactory(full_name="Prince")) == "Prince"


def test_a_name_must_be_given_and_not_the_team(db):
    person = CoCreatorFactory()
    with pytest.raises(ValidationError):
        discussion_name_save(cocreator=person, display_name=" ")
    with pytest.raises(ValidationError):
        discussion_name_save(cocreator=person, display_name="The Involvement Team")
    assert discussion_name_save(cocreator=person, display_name=" Casey  C. ").display_name == (
        "Casey C."
    )


def _named(cocreator_user):
    return person_with_name(cocreator_user, "Casey C.")


def test_an_idea_waits_when_premoderated_and_counts_as_taking_part(cocreator):
    consultation = ConsultationFactory()
    me = _named(cocreator)
    idea = contribution_add(
        consultation=consultation,
        kind=ContributionKind.IDEA,
        title="Texts",
        body="Text back",
        author=me,
    )
    assert idea.moderation == Moderation.WAITING and not idea.crisis_words
    assert Attendance.objects.filter(activity=consultation.activity, cocreator=me).count() == 1
    contribution_add(consultation=consultation, kind=ContributionKind.POST, body="Hi", author=me)
    assert Attendance.objects.filter(activity=consultation.activity, cocreator=me).count() == 1


def test_without_premoderation_a_post_is_shown_but_crisis_words_hold_it(cocreator, staff_member):
    consultation = ConsultationFactory(premoderate=False, owner=staff_member)
    me = _named(cocreator)
    post = contribution_add(
        consultation=consultation, kind=ContributionKind.POST, body="Good idea", author=me
    )
    assert post.moderation == Moderation.SHOWN
    flagged = contribution_add(
        consultation=consultation,
        kind=ContributionKind.POST,
        body="Some days I want to end my life",
        author=me,
    )
    assert flagged.moderation == Moderation.WAITING
    assert flagged.crisis_words == "end my life"
    message = Message.objects.get(key=f"consultation-crisis:{flagged.pk}")
    assert message.user_id == staff_member.pk
    assert "end my life" not in str(message.context)


def test_a_name_is_needed_before_writing(cocreator):
    consultation = ConsultationFactory()
    me = cocreator_for_user_ensure(user=cocreator)
    with pytest.raises(ValidationError):
        contribution_add(
            consultation=consultation, kind=ContributionKind.POST, body="Hi", author=me
        )


@pytest.mark.parametrize("state", ["draft", "ended", "closed"])
def test_a_consultation_that_is_not_live_refuses_writes(cocreator, state):
    if state == "draft":
        consultation = ConsultationFactory(draft=True)
    elif state == "ended":
        consultation = ConsultationFactory(ended=True)
    else:
        consultation = ConsultationFactory(status=ConsultationStatus.CLOSED)
    me = _named(cocreator)
    idea = ContributionFactory(consultation=consultation)
    with pytest.raises(ValidationError, match="not open"):
        contribution_add(
            consultation=consultation, kind=ContributionKind.IDEA, title="T", body="B", author=me
        )
    with pytest.raises(ValidationError, match="not open"):
        support_toggle(idea=idea, cocreator=me)
    assert not Support.objects.exists()


def test_support_once_not_own_and_withdraw(cocreator):
    consultation = ConsultationFactory()
    me = _named(cocreator)
    idea = ContributionFactory(consultation=consultation)
    assert support_toggle(idea=idea, cocreator=me) is True
    assert Support.objects.filter(idea=idea).count() == 1
    assert Attendance.objects.filter(activity=consultation.activity, cocreator=me).exists()
    assert support_toggle(idea=idea, cocreator=me) is False
    assert not Support.objects.exists()
    mine = ContributionFactory(consultation=consultation, author=me)
    with pytest.raises(ValidationError, match="own idea"):
        support_toggle(idea=mine, cocreator=me)
    waiting = ContributionFactory(consultation=consultation, moderation=Moderation.WAITING)
    with pytest.raises(ValidationError):
        support_toggle(idea=waiting, cocreator=me)


def test_supporting_twice_supports_once_and_taking_back_twice_takes_back(cocreator):
    consultation = ConsultationFactory()
    me = _named(cocreator)
    idea = ContributionFactory(consultation=consultation)
    assert support_toggle(idea=idea, cocreator=me, support=True) is True
    assert support_toggle(idea=idea, cocreator=me, support=True) is True  # a double click
    assert Support.objects.filter(idea=idea, cocreator=me).count() == 1
    assert support_toggle(idea=idea, cocreator=me, support=False) is False
    assert support_toggle(idea=idea, cocreator=me, support=False) is False
    assert not Support.objects.exists()


def test_replies_are_one_level_deep(cocreator, staff_member):
    consultation = ConsultationFactory(premoderate=False)
    me = _named(cocreator)
    first = ContributionFactory(consultation=consultation, kind=ContributionKind.POST, title="")
    reply = contribution_add(
        consultation=consultation,
        kind=ContributionKind.POST,
        body="Yes",
        author=me,
        reply_to=first,
    )
    deeper = contribution_add(
        consultation=consultation,
        kind=ContributionKind.POST,
        body="Agree",
        author=me,
        reply_to=reply,
    )
    assert reply.reply_to_id == first.pk and deeper.reply_to_id == first.pk
    team = contribution_add(
        consultation=consultation,
        kind=ContributionKind.POST,
        body="Thanks",
        staff_user=staff_member,
        reply_to=first,
    )
    assert team.as_team and team.author_id is None and team.moderation == Moderation.SHOWN


def test_report_and_moderate(staff_member, other_cocreator):
    idea = ContributionFactory()
    with pytest.raises(ValidationError):
        contribution_report(contribution=idea, user=other_cocreator, reason=" ")
    report = contribution_report(contribution=idea, user=other_cocreator, reason="Names a nurse")
    with pytest.raises(ValidationError):
        contribution_moderate(contribution=idea, action="hide", actor=staff_member)
    idea = contribution_moderate(
        contribution=idea, action="hide", actor=staff_member, reason="It names a nurse"
    )
    report.refresh_from_db()
    assert idea.moderation == Moderation.HIDDEN and report.resolved_by == staff_member
    idea = contribution_moderate(contribution=idea, action="show", actor=staff_member)
    assert idea.moderation == Moderation.SHOWN and idea.hidden_reason == ""


def test_crisis_follow_up(staff_member):
    idea = ContributionFactory()
    with pytest.raises(ValidationError):
        contribution_moderate(contribution=idea, action="followed_up", actor=staff_member)
    idea.crisis_words = "suicide"
    idea.save()
    idea = contribution_moderate(contribution=idea, action="followed_up", actor=staff_member)
    assert idea.crisis_followed_up_by == staff_member
    assert idea.crisis_followed_up_at <= timezone.now() + timedelta(seconds=1)
