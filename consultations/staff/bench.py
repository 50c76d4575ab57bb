"""The staff's "Have your say" URLs in `make bench`: `ENTRIES` (with functions finding real ids)
and `SKIP` (URL name: the reason it is not timed)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db.models import Case, Count, When

from reporting.benchmarks.lookups import Kwargs, Lookups
from reporting.benchmarks.registry import POST_ONLY, STAFF_ONLY, Bench

from ..models import Audience, Consultation, ConsultationDocument, Question


def busiest_consultation(lookups: Lookups, user) -> Kwargs:
    """The consultation with the most answers (its staff pages)."""

    def find():
        row = Consultation.objects.annotate(n=Count("responses")).order_by("-n", "-pk").first()
        return row.pk if row else None

    pk = lookups.once("consultation-busiest", find)
    return None if pk is None else {"pk": pk}


def a_question(lookups: Lookups, user) -> Kwargs:
    """The first question of the consultation with the most answers."""

    def find():
        question = (
            Question.objects.annotate(n=Count("consultation__responses"))
            .order_by("-n", "consultation_id", "position", "pk")
            .first()
        )
        return (question.consultation_id, question.pk) if question else None

    found = lookups.once("consultation-question", find)
    return None if found is None else {"pk": found[0], "question_pk": found[1]}


def a_document(lookups: Lookups, user) -> Kwargs:
    """A document of a published consultation, public ones first (a small one is stored for the
    run when there is none)."""

    def find():
        visible = Consultation.objects.visible()
        document = (
            ConsultationDocument.objects.filter(consultation__in=visible)
            .order_by(Case(When(consultation__audience=Audience.PUBLIC, then=0), default=1), "pk")
            .first()
        )
        if document is None:
            consultation = visible.order_by("pk").first()
            if consultation is None:
                return None
            body = b"%PDF-1.4 A note about the consultation, made for the benchmark.\n"
            document = ConsultationDocument(
                consultation=consultation,
                display_name="Benchmark note.pdf",
                content_type="application/pdf",
                size=len(body),
            )
            document.file.save("benchmark-note.pdf", ContentFile(body), save=False)
            lookups.file_made(document.file.name)
            document.save()
        return (document.consultation_id, document.pk)

    found = lookups.once("consultation-document", find)
    return None if found is None else {"pk": found[0], "doc_pk": found[1]}


ENTRIES: tuple = (
    Bench("consultations:staff-detail", busiest_consultation, STAFF_ONLY),
    Bench("consultations:staff-edit", busiest_consultation, STAFF_ONLY),
    Bench("consultations:staff-questions", busiest_consultation, STAFF_ONLY),
    Bench("consultations:staff-question-edit", a_question, STAFF_ONLY),
    Bench("consultations:staff-documents", busiest_consultation, STAFF_ONLY),
    Bench("consultations:staff-publish", busiest_consultation, STAFF_ONLY),
    Bench("consultations:staff-close", busiest_consultation, STAFF_ONLY),
    Bench("consultations:staff-invite", busiest_consultation, STAFF_ONLY),
    Bench("consultations:document", a_document),
)
SKIP: dict[str, str] = {
    "consultations:staff-question-remove": POST_ONLY,
    "consultations:staff-question-move": POST_ONLY,
    "consultations:staff-document-remove": POST_ONLY,
}
