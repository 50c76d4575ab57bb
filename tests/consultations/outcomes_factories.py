"""Rows for the outcomes tests: an ended consultation with a question of each kind, answered by
co-creators (each counted once through `participation_record`) and public visitors."""

from __future__ import annotations

from django.utils import timezone

from consultations.models import Answer, Outcome, Question, QuestionKind, ResponseChannel
from consultations.services import participation_record
from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import ConsultationFactory, QuestionFactory, ResponseFactory


def questions_for(consultation) -> dict[str, Question]:
    return {
        "choice": QuestionFactory(consultation=consultation, position=1),
        "choices": QuestionFactory(
            consultation=consultation,
            position=2,
            kind=QuestionKind.CHOICES,
            text="How would you like to get in touch?",
            options="Phone\nText\nEmail",
        ),
        "scale": QuestionFactory(
            consultation=consultation,
            position=3,
            kind=QuestionKind.SCALE,
            text="The crisis line is easy to reach",
            options="",
        ),
        "text": QuestionFactory(
            consultation=consultation,
            position=4,
            kind=QuestionKind.TEXT,
            text="Anything else?",
            options="",
        ),
    }


def answer(
    consultation,
    questions,
    *,
    choice="Evenings",
    choices=("Text",),
    scale=4,
    text="",
    cocreator=None,
    channel=ResponseChannel.PORTAL,
    **fields,
):
    """One person's answers to every question; a co-creator's taking part counted once."""
    response = ResponseFactory(
        consultation=consultation, cocreator=cocreator, channel=channel, **fields
    )
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=questions["choice"], choices=[choice]),
            Answer(response=response, question=questions["choices"], choices=list(choices)),
            Answer(response=response, question=questions["scale"], scale=scale),
            Answer(response=response, question=questions["text"], text=text),
        ]
    )
    participation_record(consultation=consultation, cocreator=cocreator)
    return response


def answered_consultation(people: int = 3, public: int = 0, **fields):
    """An ended consultation answered by `people` co-creators and `public` visitors."""
    consultation = ConsultationFactory(ended=True, **fields)
    questions = questions_for(consultation)
    for n in range(people):
        answer(
            consultation,
            questions,
            cocreator=CoCreatorFactory(),
            choice="Evenings" if n % 3 else "Mornings",
            text=f"Answer number {n}",
        )
    for _ in range(public):
        answer(consultation, questions, channel=ResponseChannel.PUBLIC)
    return consultation, questions


def written_outcome(consultation, *, by=None, checked_by=None) -> Outcome:
    return Outcome.objects.create(
        consultation=consultation,
        we_asked="We asked when you would call the crisis line.",
        you_said="Most of you said evenings.",
        we_did="The line now opens until midnight.",
        we_could_not="We could not open overnight yet, because we need more staff.",
        written_by=by,
        checked_by=checked_by,
        checked_at=timezone.now() if checked_by else None,
    )
