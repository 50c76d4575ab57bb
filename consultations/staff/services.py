"""Staff writes for "Have your say": questions (add, change, remove, move), documents (checked by
content as impact's are), publishing and closing early, and telling the audience once.

Saving a consultation itself is `consultations.services.consultation_save`; publishing and closing
go through `consultation_set_status`, so its activity stays in step."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from impact.documents import storage_name

from ..models import (
    Consultation,
    ConsultationDocument,
    ConsultationStatus,
    LinkInvitation,
    Question,
)
from ..services import consultation_set_status
from .notices import consultation_invite_send
from .selectors import has_answers, invite_recipients, publish_problems

LOCKED = (
    "People have already answered, so the questions cannot change: their answers would no longer "
    "match what was asked."
)
ENDED = "This consultation has ended, so it cannot be changed."


def _check_questions_open(consultation: Consultation) -> None:
    if consultation.has_ended():
        raise ValidationError(ENDED)
    if has_answers(consultation):
        raise ValidationError(LOCKED)


@transaction.atomic
def question_save(*, question: Question, actor) -> Question:
    """Add or change a question; a new one goes last. Refused once anyone has answered."""
    consultation = question.consultation
    _check_questions_open(consultation)
    if question.pk is None:
        last = consultation.questions.aggregate(last=Max("position"))["last"]
        question.position = 0 if last is None else last + 1
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    """Remove a question. Refused once anyone has answered."""
    _check_questions_open(question.consultation)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool, actor) -> None:
    """Swap a question with the one above (or below). Positions are renumbered 0, 1, 2, ..."""
    consultation = question.consultation
    _check_questions_open(consultation)
    questions = list(consultation.questions.select_for_update().order_by("position", "pk"))
    index = next((i for i, q in enumerate(questions) if q.pk == question.pk), None)
    if index is None:  # removed a moment ago
        return
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for position, row in enumerate(questions):
        row.position = position
    Question.objects.bulk_update(questions, ["position"])


def consultation_document_add(*, consultation: Consultation, uploaded_file, checked, actor):
    """Store a checked upload under a generated name and attach it to the consultation."""
    if consultation.has_ended():
        raise ValidationError(ENDED)
    name = default_storage.save(storage_name(checked.extension), uploaded_file)
    try:
        with transaction.atomic():
            return ConsultationDocument.objects.create(
                consultation=consultation,
                file=name,
                display_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except Exception:
        default_storage.delete(name)
        raise


def consultation_document_remove(*, document: ConsultationDocument, actor) -> None:
    """Remove a document and its stored file (after the row is gone). Refused once the
    consultation has ended: people read it before they took part."""
    if document.consultation.has_ended():
        raise ValidationError(ENDED)
    name = document.file.name
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


NOT_OPEN_YET = (
    "It has not opened yet, so it cannot be closed early. Change its opening and closing dates "
    "instead."
)


def _locked(consultation: Consultation) -> Consultation:
    """The consultation as stored now, locked until the transaction ends: two presses of
    Publish or Close (or two members of staff) act once, and nothing read earlier is saved."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def close_problem(consultation: Consultation, now=None) -> str:
    """Why it cannot be closed early ("" when it can): it must be published and open now."""
    now = now or timezone.now()
    if consultation.status != ConsultationStatus.PUBLISHED or consultation.has_ended(now):
        return "Only a consultation that is open now can be closed early."
    if consultation.opens_at > now:
        # Its activity would end before it starts.
        return NOT_OPEN_YET
    return ""


@transaction.atomic
def consultation_publish(*, consultation: Consultation, actor) -> Consultation:
    """Publish a draft, once nothing is missing (`publish_problems`)."""
    consultation = _locked(consultation)
    if consultation.status != ConsultationStatus.DRAFT:
        raise ValidationError("It has already been published.")
    problems = publish_problems(consultation)
    if problems:
        raise ValidationError(problems)
    return consultation_set_status(
        consultation=consultation, status=ConsultationStatus.PUBLISHED, actor=actor
    )


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor) -> Consultation:
    """Close an open consultation early: nobody can take part from now."""
    consultation = _locked(consultation)
    problem = close_problem(consultation)
    if problem:
        raise ValidationError(problem)
    return consultation_set_status(
        consultation=consultation, status=ConsultationStatus.CLOSED, actor=actor
    )


@transaction.atomic
def consultation_invite(*, consultation: Consultation, actor) -> int:
    """Tell the audience about a published consultation, once per person: a personal link for
    people without a login (made here, in bulk), the consultation's page for everyone else.
    Pressing again tells nobody twice (the messages' keys). Returns how many were told now.
    A fixed number of queries, whatever the audience."""
    if consultation.status != ConsultationStatus.PUBLISHED or consultation.has_ended():
        raise ValidationError("Only a consultation that is open or opening later can be shared.")
    people = list(invite_recipients(consultation).values_list("pk", "user_id"))
    no_login = [pk for pk, user_id in people if user_id is None]
    LinkInvitation.objects.bulk_create(
        [LinkInvitation(consultation=consultation, cocreator_id=pk) for pk in no_login],
        ignore_conflicts=True,
        batch_size=500,
    )
    tokens = dict(
        LinkInvitation.objects.filter(
            consultation=consultation, cocreator_id__in=no_login
        ).values_list("cocreator_id", "token")
    )
    return consultation_invite_send(
        consultation=consultation,
        people=[pk for pk, _ in people],
        tokens=tokens,
    )
