"""Saving someone's answers to a consultation (`response_save`): one transaction, a fixed number
of queries however many questions there are.

A co-creator has one `Response` per consultation (the unique constraint): saving again replaces
their answers while it is live. Two submits at once are made to wait for each other by locking
the person's row first, so the second finds the first's response and replaces its answers rather
than failing on the constraint. Their taking part is counted (`participation_record`) in the same
transaction, once however often they change their answers. A public answer names nobody: a new
`Response` each time, with the area the visitor chose, if any.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from community.models import CoCreator

from ..models import Answer, Consultation, Question, QuestionKind, Response, ResponseChannel
from ..services import participation_record


def _answer_row(question: Question, value) -> Answer | None:
    """The Answer for one question's value, or None when it was not answered. Raises
    ValidationError for a value that is not one of the options (forms check this first)."""
    if value in (None, "", [], ()):
        if question.required:
            raise ValidationError(f"Answer the question: {question.text}")
        return None
    if question.kind == QuestionKind.CHOICE:
        if value not in question.option_list:
            raise ValidationError(f"Choose from the answers shown for: {question.text}")
        return Answer(question=question, choices=[value])
    if question.kind == QuestionKind.CHOICES:
        values = [value] if isinstance(value, str) else list(value)
        options = question.option_list
        if any(v not in options for v in values):
            raise ValidationError(f"Choose from the answers shown for: {question.text}")
        return Answer(question=question, choices=[o for o in options if o in values])
    if question.kind == QuestionKind.SCALE:
        try:
            scale = int(value)
        except (TypeError, ValueError):
            scale = 0
        if not 1 <= scale <= 5:
            raise ValidationError(f"Choose a number from 1 to 5 for: {question.text}")
        return Answer(question=question, scale=scale)
    return Answer(question=question, text=str(value).strip())


def response_save(
    *,
    consultation: Consultation,
    questions: list[Question],
    answers: dict,
    channel: str,
    cocreator: CoCreator | None = None,
    actor=None,
    locality=None,
) -> Response:
    """Save one person's answers (question id: value) as a whole.

    `cocreator` None is a public answer (channel public). `actor` is the member of staff for an
    assisted answer. Raises ValidationError, writing nothing, when it is not live or an answer is
    not one of the options."""
    if not consultation.is_live():
        raise ValidationError("This consultation is not open, so answers cannot be saved.")
    if channel == ResponseChannel.PUBLIC and cocreator is not None:
        raise ValidationError("A public answer names nobody.")
    if channel != ResponseChannel.PUBLIC and cocreator is None:
        raise ValidationError("Say whose answers these are.")
    if not questions:
        raise ValidationError("There are no questions to answer yet.")
    if any(q.consultation_id != consultation.pk for q in questions):
        raise ValidationError("These questions are from another consultation.")
    rows = [row for q in questions if (row := _answer_row(q, answers.get(q.pk))) is not None]
    entered_by = actor if channel == ResponseChannel.ASSISTED else None
    with transaction.atomic():
        response = None
        if cocreator is not None:
            # Wait for any other save of this person's answers (two submits at once).
            CoCreator.objects.select_for_update().filter(pk=cocreator.pk).values_list("pk").get()
            response = (
                Response.objects.select_for_update()
                .filter(consultation=consultation, cocreator=cocreator)
                .first()
            )
        if response is None:
            response = Response.objects.create(
                consultation=consultation,
                cocreator=cocreator,
                channel=channel,
                entered_by=entered_by,
                locality=locality if cocreator is None else None,
            )
        else:
            response.channel = channel
            response.entered_by = entered_by
            response.save(update_fields=["channel", "entered_by", "updated_at"])
            Answer.objects.filter(response=response).delete()
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        participation_record(consultation=consultation, cocreator=cocreator, actor=actor)
    return response
