"""Documents on an impact record: checked by content, stored under a generated name, staff only."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from impact.models import ImpactDocument

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored_files():
    try:
        _dirs, files = default_storage.listdir("evidence")
    except FileNotFoundError:
        return []
    return files


@pytest.fixture
def uploaded(staff_client, record):
    upload = SimpleUploadedFile("Clinic\u202eslides.pdf", PDF, content_type="application/pdf")
    response = staff_client.post(reverse("impact:document-add", args=[record.pk]), {"file": upload})
    assert response.status_code == 302
    return record.documents.get()


def test_a_pdf_is_stored_under_a_generated_name_with_a_clean_display_name(uploaded):
    assert uploaded.file.name.startswith("evidence/")
    assert uploaded.file.name.endswith(".pdf")
    assert "Clinic" not in uploaded.file.name
    assert uploaded.display_name == "Clinicslides.pdf"
    assert uploaded.content_type == "application/pdf"
    assert uploaded.size == len(PDF)
    assert default_storage.exists(uploaded.file.name)


def test_staff_download_it_as_an_attachment(staff_client, record, uploaded):
    response = staff_client.get(reverse("impact:document-download", args=[record.pk, uploaded.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_stored(staff_client, record):
    before = set(_stored_files())
    program = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    response = staff_client.post(
        reverse("impact:document-add", args=[record.pk]), {"file": program}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This file is not a PDF, Word, Excel or image file" in page
    assert "nhsuk-error-summary" in page
    assert not ImpactDocument.objects.exists()
    assert set(_stored_files()) == before


def test_no_file_chosen_is_explained(staff_client, record):
    response = staff_client.post(reverse("impact:document-add", args=[record.pk]), {})
    assert "Choose a file to upload" in response.content.decode()
    assert not ImpactDocument.objects.exists()


def test_a_document_of_another_record_is_not_found_under_this_one(staff_client, uploaded):
    from tests.impact.factories import ImpactRecordFactory

    other = ImpactRecordFactory(title="Another")
    url = reverse("impact:document-download", args=[other.pk, uploaded.pk])
    assert staff_client.get(url).status_code == 404
