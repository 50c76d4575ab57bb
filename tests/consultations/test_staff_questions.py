"""Questions and documents on the staff's "Have your say" pages: adding, changing, moving and
removing questions of each kind (choice questions need two answers; plain errors write nothing),
locked once anyone has answered or it has ended; documents checked by content, removed, and
downloaded by whoever reaches the consultation (an outsider 404, a visitor asked to sign in)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.services import cocreator_for_user_ensure
from consultations.models import (
    Answer,
    Audience,
    ConsultationDocument,
    Question,
    QuestionKind,
)
from reporting.groups.models import SavedGroup
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory, QuestionFactory, ResponseFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _questions(consultation):
    return reverse("consultations:staff-questions", args=[consultation.pk])


def _texts(consultation):
    return list(consultation.questions.order_by("position", "pk").values_list("text", flat=True))


@pytest.fixture
def consultation(db):
    return ConsultationFactory(draft=True)


@pytest.mark.parametrize(
    ("data", "saved_options"),
    [
        (
            {"kind": QuestionKind.CHOICE, "options": "Mornings\n\n Evenings \n"},
            "Mornings\nEvenings",
        ),
        ({"kind": QuestionKind.CHOICES, "options": "Text\nEmail\nPhone"}, "Text\nEmail\nPhone"),
        ({"kind": QuestionKind.SCALE, "options": "ignored"}, ""),
        ({"kind": QuestionKind.TEXT}, ""),
    ],
)
def test_staff_add_a_question_of_each_kind(staff_client, consultation, data, saved_options):
    response = staff_client.post(
        _questions(consultation),
        {"text": " When would you  call? ", "scale_low": "Never", "scale_high": "Often", **data},
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.text == "When would you call?"
    assert question.kind == data["kind"] and question.options == saved_options


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": QuestionKind.CHOICE, "options": "Only one"}, "Enter at least 2 answers"),
        ({"kind": QuestionKind.CHOICES, "options": "Same\nSame"}, "must be different"),
        ({"kind": "", "options": ""}, "Choose the kind of question"),
        ({"kind": QuestionKind.TEXT, "text": "  "}, "Enter the question"),
        ({"kind": QuestionKind.SCALE, "scale_low": ""}, "Enter what 1 means on the scale"),
    ],
)
def test_bad_questions_get_plain_errors_and_write_nothing(
    staff_client, consultation, data, message
):
    posted = {"text": "When?", "scale_low": "Never", "scale_high": "Often", **data}
    response = staff_client.post(_questions(consultation), posted)
    assert response.status_code == 200
    content = response.content.decode()
    assert "nhsuk-error-summary" in content and message in content
    assert not Question.objects.exists()


def test_staff_change_move_and_remove_questions(staff_client, consultation):
    first, second, third = (
        QuestionFactory(consultation=consultation, text=text, position=n)
        for n, text in enumerate(("One", "Two", "Three"))
    )
    move = "consultations:staff-question-move"
    staff_client.post(reverse(move, args=[consultation.pk, third.pk]), {"direction": "up"})
    assert _texts(consultation) == ["One", "Three", "Two"]
    staff_client.post(reverse(move, args=[consultation.pk, first.pk]), {"direction": "down"})
    assert _texts(consultation) == ["Three", "One", "Two"]
    # Moving the first up does nothing.
    staff_client.post(reverse(move, args=[consultation.pk, third.pk]), {"direction": "up"})
    assert _texts(consultation) == ["Three", "One", "Two"]
    assert (
        staff_client.post(
            reverse(move, args=[consultation.pk, third.pk]), {"direction": "sideways"}
        ).status_code
        == 404
    )
    edit = reverse("consultations:staff-question-edit", args=[consultation.pk, second.pk])
    assert staff_client.get(edit).status_code == 200
    staff_client.post(edit, {"kind": QuestionKind.TEXT, "text": "Two, better"})
    staff_client.post(
        reverse("consultations:staff-question-remove", args=[consultation.pk, first.pk])
    )
    assert _texts(consultation) == ["Three", "Two, better"]
    # A new question goes last.
    staff_client.post(_questions(consultation), {"kind": QuestionKind.TEXT, "text": "Four"})
    assert _texts(consultation)[-1] == "Four"


def test_another_consultations_question_is_404(staff_client, consultation):
    other = QuestionFactory()
    url = reverse("consultations:staff-question-edit", args=[consultation.pk, other.pk])
    assert staff_client.get(url).status_code == 404
    remove = reverse("consultations:staff-question-remove", args=[consultation.pk, other.pk])
    assert staff_client.post(remove).status_code == 404
    assert Question.objects.filter(pk=other.pk).exists()


def test_questions_are_locked_once_anyone_has_answered(staff_client):
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation, text="Kept")
    Answer.objects.create(response=ResponseFactory(consultation=consultation), question=question)
    content = staff_client.get(_questions(consultation)).content.decode()
    assert "People have already answered, so the questions cannot change" in content
    staff_client.post(_questions(consultation), {"kind": QuestionKind.TEXT, "text": "New"})
    staff_client.post(
        reverse("consultations:staff-question-edit", args=[consultation.pk, question.pk]),
        {"kind": QuestionKind.TEXT, "text": "Changed"},
    )
    staff_client.post(
        reverse("consultations:staff-question-remove", args=[consultation.pk, question.pk])
    )
    assert _texts(consultation) == ["Kept"]
    question.refresh_from_db()
    assert question.kind == QuestionKind.CHOICE


def test_question_actions_refuse_outsiders(client, cocreator, steering_member, partner_member):
    question = QuestionFactory()
    pk = question.consultation_id
    for name in (
        "consultations:staff-question-edit",
        "consultations:staff-question-remove",
        "consultations:staff-question-move",
    ):
        url = reverse(name, args=[pk, question.pk])
        response = client.post(url, {"direction": "up"})
        assert response.status_code == 302 and "/accounts/login/" in response.url
        for user in (cocreator, steering_member, partner_member):
            assert client_for(user).post(url, {"direction": "up"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


# --- Documents ----------------------------------------------------------------------------------


def _upload(staff_client, consultation, name="plan.pdf", body=PDF):
    return staff_client.post(
        reverse("consultations:staff-documents", args=[consultation.pk]),
        {"file": SimpleUploadedFile(name, body, content_type="application/pdf")},
    )


def test_staff_upload_remove_and_people_download_a_document(staff_client, consultation, cocreator):
    assert _upload(staff_client, consultation).status_code == 302
    document = ConsultationDocument.objects.get()
    assert document.display_name == "plan.pdf" and document.content_type == "application/pdf"
    assert document.file.name.endswith(".pdf") and "plan" not in document.file.name
    download = reverse("consultations:document", args=[consultation.pk, document.pk])
    response = staff_client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    # A draft cannot be reached by a co-creator.
    assert client_for(cocreator).get(download).status_code == 404
    staff_client.post(
        reverse("consultations:staff-document-remove", args=[consultation.pk, document.pk])
    )
    assert not ConsultationDocument.objects.exists()


def test_a_file_that_is_not_what_it_says_is_refused(staff_client, consultation):
    response = _upload(staff_client, consultation, name="plan.pdf", body=b"MZ not a pdf at all")
    content = response.content.decode()
    assert response.status_code == 200 and "nhsuk-error-summary" in content
    assert "not a PDF, Word, Excel or image file" in content
    assert not ConsultationDocument.objects.exists()


def test_who_may_download_follows_who_may_see_the_consultation(
    staff_client, client, cocreator, steering_member
):
    cocreator_for_user_ensure(user=cocreator)
    live = ConsultationFactory(audience=Audience.COCREATORS)
    _upload(staff_client, live)
    document = ConsultationDocument.objects.get()
    url = reverse("consultations:document", args=[live.pk, document.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client_for(cocreator).get(url).status_code == 200
    assert client_for(steering_member).get(url).status_code == 404
    public = ConsultationFactory(audience=Audience.PUBLIC)
    _upload(staff_client, public)
    public_doc = ConsultationDocument.objects.get(consultation=public)
    assert (
        client.get(reverse("consultations:document", args=[public.pk, public_doc.pk])).status_code
        == 200
    )
    # Another consultation's document through this one's address is 404.
    wrong = reverse("consultations:document", args=[public.pk, document.pk])
    assert client.get(wrong).status_code == 404
    group_only = ConsultationFactory(
        audience=Audience.GROUP,
        group=SavedGroup.objects.create(name="Nobody", criteria={"localities": [999999]}),
    )
    _upload(staff_client, group_only)
    group_doc = ConsultationDocument.objects.get(consultation=group_only)
    url = reverse("consultations:document", args=[group_only.pk, group_doc.pk])
    assert client_for(cocreator).get(url).status_code == 404


def test_an_ended_consultations_documents_cannot_change(staff_client):
    consultation = ConsultationFactory(ended=True)
    response = _upload(staff_client, consultation)
    assert response.status_code == 200
    assert not ConsultationDocument.objects.exists()


def test_document_removal_refuses_outsiders(
    staff_client, client, cocreator, steering_member, partner_member, consultation
):
    _upload(staff_client, consultation)
    document = ConsultationDocument.objects.get()
    url = reverse("consultations:staff-document-remove", args=[consultation.pk, document.pk])
    assert "/accounts/login/" in client.post(url).url
    for user in (cocreator, steering_member, partner_member):
        assert client_for(user).post(url).status_code == 403
    assert ConsultationDocument.objects.exists()


def test_an_ended_consultations_documents_cannot_be_removed(staff_client):
    consultation = ConsultationFactory()
    _upload(staff_client, consultation)
    document = ConsultationDocument.objects.get()
    ConsultationFactory._meta.model.objects.filter(pk=consultation.pk).update(
        closes_at=consultation.opens_at + (consultation.closes_at - consultation.opens_at) / 100
    )
    url = reverse("consultations:staff-document-remove", args=[consultation.pk, document.pk])
    response = staff_client.post(url, follow=True)
    assert "has ended, so it cannot be changed" in response.content.decode()
    assert ConsultationDocument.objects.filter(pk=document.pk).exists()
