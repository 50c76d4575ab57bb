"""A person who took part in a consultation in every way there is, through the packages' own
services, for the integration tests (story, leaving, data download)."""

from __future__ import annotations

from dataclasses import dataclass

from consultations.discussion.services import (
    contribution_add,
    contribution_report,
    discussion_name_save,
    support_toggle,
)
from consultations.models import (
    Consultation,
    ContributionKind,
    LinkInvitation,
    Moderation,
    QuestionKind,
    ResponseChannel,
)
from consultations.taking_part.services import response_save
from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import ConsultationFactory, QuestionFactory


def questions_of_each_kind(consultation: Consultation) -> dict:
    """A choice, a tick-any, a scale and a free-text question, by kind."""
    return {
        QuestionKind.CHOICE: QuestionFactory(consultation=consultation, kind=QuestionKind.CHOICE),
        QuestionKind.CHOICES: QuestionFactory(
            consultation=consultation, kind=QuestionKind.CHOICES, text="What would help?"
        ),
        QuestionKind.SCALE: QuestionFactory(
            consultation=consultation,
            kind=QuestionKind.SCALE,
            text="The line is easy to reach",
            options="",
        ),
        QuestionKind.TEXT: QuestionFactory(
            consultation=consultation,
            kind=QuestionKind.TEXT,
            text="Anything else?",
            options="",
        ),
    }


def answers_for(questions: dict, text: str) -> dict:
    return {
        questions[QuestionKind.CHOICE].pk: "Evenings",
        questions[QuestionKind.CHOICES].pk: ["Mornings", "Overnight"],
        questions[QuestionKind.SCALE].pk: "4",
        questions[QuestionKind.TEXT].pk: text,
    }


@dataclass
class TookPart:
    consultation: Consultation
    questions: dict
    idea: object
    post: object
    others_idea: object
    others_post: object
    other: object


def took_part_in_every_way(person, *, staff_member, words: str = "Zyxwv", **consultation_kw):
    """`person` answers every question (their text answer holds `words`), chooses a display
    name, adds an idea and a post, supports another person's idea and reports their post, and
    has a personal link; another person does the same so the tests can tell them apart."""
    consultation = ConsultationFactory(premoderate=False, actor=staff_member, **consultation_kw)
    questions = questions_of_each_kind(consultation)
    other = CoCreatorFactory(full_name="Robin Other")
    response_save(
        consultation=consultation,
        questions=list(questions.values()),
        answers=answers_for(questions, "Robin-words: mornings are hard"),
        channel=ResponseChannel.PORTAL,
        cocreator=other,
    )
    discussion_name_save(cocreator=other, display_name="Robin O.")
    others_idea = contribution_add(
        consultation=consultation,
        kind=ContributionKind.IDEA,
        title="Robin-idea: a callback",
        body="Robin-idea body",
        author=other,
    )
    others_post = contribution_add(
        consultation=consultation,
        kind=ContributionKind.POST,
        body="Robin-post: I agree with the callback",
        author=other,
    )

    response_save(
        consultation=consultation,
        questions=list(questions.values()),
        answers=answers_for(questions, f"{words}-answer: evenings are lonely"),
        channel=ResponseChannel.PORTAL,
        cocreator=person,
    )
    discussion_name_save(cocreator=person, display_name=f"{words}-name")
    idea = contribution_add(
        consultation=consultation,
        kind=ContributionKind.IDEA,
        title=f"{words}-idea title",
        body=f"{words}-idea body",
        author=person,
    )
    post = contribution_add(
        consultation=consultation,
        kind=ContributionKind.POST,
        body=f"{words}-post body",
        author=person,
    )
    support_toggle(idea=others_idea, cocreator=person)
    support_toggle(idea=idea, cocreator=other)
    if person.user_id:
        contribution_report(
            contribution=others_post, user=person.user, reason=f"{words}-reason it is unkind"
        )
    LinkInvitation.objects.create(consultation=consultation, cocreator=person)
    assert idea.moderation == Moderation.SHOWN
    return TookPart(
        consultation=consultation,
        questions=questions,
        idea=idea,
        post=post,
        others_idea=others_idea,
        others_post=others_post,
        other=other,
    )
