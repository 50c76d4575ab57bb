import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile, FileField

from impact.documents import (
    ALLOWED_KINDS,
    HEAD_BYTES,
    MAX_BYTES,
    OLE2_SIGNATURE,
    DocumentRefused,
    check_upload,
    detect_kind,
    download_response,
    safe_display_name,
    storage_name,
)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14
OLE2 = OLE2_SIGNATURE + b"\x00" * 504
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"This program"


def make_zip(*members):
    buffer = io.BytesIO()
    # A fixed date: the bytes (and so the test ids made from them) are the same in every process.
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in [("[Content_Types].xml", "<Types/>"), *((m, "<x/>") for m in members)]:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


DOCX = make_zip("word/document.xml", "_rels/.rels")
XLSX = make_zip("xl/workbook.xml", "xl/worksheets/sheet1.xml")


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type", "extension"),
    [
        ("minutes.pdf", PDF, "pdf", "application/pdf", "pdf"),
        ("photo.png", PNG, "png", "image/png", "png"),
        ("photo.jpg", JPEG, "jpeg", "image/jpeg", "jpg"),
        ("photo.JPEG", JPEG, "jpeg", "image/jpeg", "jpg"),
        ("poster.gif", GIF, "gif", "image/gif", "gif"),
        ("poster.webp", WEBP, "webp", "image/webp", "webp"),
        (
            "letter.docx",
            DOCX,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (
            "figures.xlsx",
            XLSX,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        ("old letter.doc", OLE2, "doc", "application/msword", "doc"),
        ("old figures.xls", OLE2, "xls", "application/vnd.ms-excel", "xls"),
    ],
)
def test_each_allowed_kind_is_accepted(name, content, kind, content_type, extension):
    checked = check_upload(upload(name, content))

    assert checked.kind == kind
    assert checked.content_type == content_type
    assert checked.extension == extension
    assert checked.size == len(content)
    assert checked.original_name == name
    assert kind in ALLOWED_KINDS


def test_checking_rewinds_the_file():
    uploaded = upload("figures.xlsx", XLSX)

    check_upload(uploaded)

    assert uploaded.tell() == 0
    assert uploaded.read() == XLSX


def test_only_the_head_is_read_for_a_non_zip():
    class CountingFile(io.BytesIO):
        largest_read = 0

        def read(self, size=-1):
            data = super().read(size)
            CountingFile.largest_read = max(CountingFile.largest_read, len(data))
            return data

    uploaded = SimpleUploadedFile("minutes.pdf", b"")
    uploaded.file = CountingFile(PDF + b"x" * 5000)
    uploaded.size = len(PDF) + 5000

    check_upload(uploaded)

    assert CountingFile.largest_read <= HEAD_BYTES


def test_exe_renamed_pdf_is_refused():
    with pytest.raises(DocumentRefused, match="not a PDF, Word, Excel or image file"):
        check_upload(upload("evil.pdf", EXE))


def test_png_named_pdf_is_refused_naming_the_real_type():
    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload("report.pdf", PNG))

    message = str(refused.value)
    assert "report.pdf" in message
    assert "really a PNG image" in message
    assert ".png" in message


def test_pdf_named_docx_is_refused():
    with pytest.raises(DocumentRefused, match="really a PDF"):
        check_upload(upload("letter.docx", PDF))


def test_legacy_office_file_with_another_extension_is_refused():
    with pytest.raises(DocumentRefused, match=r"older Word or Excel file"):
        check_upload(upload("minutes.pdf", OLE2))


def test_name_without_extension_is_refused_saying_what_it_is():
    with pytest.raises(DocumentRefused, match="really a PDF"):
        check_upload(upload("minutes", PDF))


def test_docx_named_xlsx_is_refused():
    with pytest.raises(DocumentRefused, match=r"really a Word document"):
        check_upload(upload("figures.xlsx", DOCX))


def test_zip_without_word_or_excel_members_is_refused():
    with pytest.raises(DocumentRefused, match="not a PDF, Word, Excel or image file"):
        check_upload(upload("letter.docx", make_zip("payload.exe", "readme.txt")))


def test_zip_with_macros_is_refused():
    with pytest.raises(DocumentRefused, match="not a PDF, Word, Excel or image file"):
        check_upload(upload("letter.docx", make_zip("word/document.xml", "word/vbaProject.bin")))


def test_zip_that_is_both_word_and_excel_is_refused():
    with pytest.raises(DocumentRefused, match="not a PDF, Word, Excel or image file"):
        check_upload(upload("letter.docx", make_zip("word/document.xml", "xl/workbook.xml")))


def test_corrupt_zip_is_refused():
    corrupt = b"PK\x03\x04" + b"\x00" * 200

    with pytest.raises(DocumentRefused, match="not a PDF, Word, Excel or image file"):
        check_upload(upload("letter.docx", corrupt))


def test_truncated_docx_is_refused():
    with pytest.raises(DocumentRefused, match="not a PDF, Word, Excel or image file"):
        check_upload(upload("letter.docx", DOCX[: len(DOCX) // 2]))


def test_empty_file_is_refused():
    with pytest.raises(DocumentRefused, match="The file is empty"):
        check_upload(upload("minutes.pdf", b""))


def test_oversized_file_is_refused_without_reading_it():
    uploaded = upload("minutes.pdf", PDF)
    uploaded.size = MAX_BYTES + 1

    with pytest.raises(DocumentRefused, match="The file is larger than 10 MB"):
        check_upload(uploaded)


def test_file_of_exactly_the_limit_is_accepted():
    uploaded = upload("minutes.pdf", PDF)
    uploaded.size = MAX_BYTES

    assert check_upload(uploaded).size == MAX_BYTES


def test_detect_kind_ignores_zips_when_members_cannot_be_listed():
    assert detect_kind(DOCX[:HEAD_BYTES]) is None
    assert detect_kind(DOCX[:HEAD_BYTES], zip_names=lambda: ["word/document.xml"]) == "docx"


def test_detect_kind_refuses_unknown_content():
    assert detect_kind(EXE[:HEAD_BYTES]) is None
    assert detect_kind(b"<html><script>") is None
    assert detect_kind(b"RIFF\x00\x00\x00\x00WAVE") is None
    assert detect_kind(b"") is None


def test_storage_name_is_generated_with_the_right_extension():
    uploaded = upload("Secret plans of Dr Smith.pdf", PDF)
    checked = check_upload(uploaded)

    name = storage_name(checked.extension)

    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", name)
    assert "Secret" not in name
    assert "Smith" not in name
    assert storage_name("pdf") != storage_name("pdf")


def test_storage_name_uses_the_current_year_and_month(time_machine):
    time_machine.move_to("2025-03-14 12:00:00+00:00")

    assert storage_name(".docx").startswith("evidence/2025/03/")


def test_storage_name_refuses_an_extension_we_do_not_store():
    with pytest.raises(ValueError):
        storage_name("exe")
    with pytest.raises(ValueError):
        storage_name("pdf/../../x")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\sam\\Desktop\\minutes.pdf", "minutes.pdf"),
        ("minutes\x00\r\n.pdf", "minutes.pdf"),
        ("evil\u202efdp.exe", "evilfdp.exe"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("..", "document"),
        ("", "document"),
        ("Café minutes.pdf", "Café minutes.pdf"),
    ],
)
def test_display_name_is_sanitised(name, expected):
    assert safe_display_name(name) == expected


def test_long_display_name_is_cut_to_150_keeping_the_extension():
    name = safe_display_name("a" * 400 + ".pdf")

    assert len(name) == 150
    assert name.endswith(".pdf")


def test_check_upload_keeps_the_sanitised_original_name():
    checked = check_upload(upload("../../minutes.pdf", PDF))

    assert checked.original_name == "minutes.pdf"


def stored_field_file(content, name="evidence/2025/03/abc.pdf"):
    storage = InMemoryStorage()
    saved = storage.save(name, ContentFile(content))
    return FieldFile(instance=None, field=FileField(storage=storage), name=saved)


def test_download_response_is_an_attachment_that_never_renders_inline(db):
    field_file = stored_field_file(PDF)

    response = download_response(
        field_file, display_name="../Minutes March.pdf", content_type="application/pdf"
    )

    assert response["Content-Disposition"] == 'attachment; filename="Minutes March.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_download_response_serves_unknown_content_types_as_octet_stream(db):
    field_file = stored_field_file(b"<html></html>", name="evidence/2025/03/abc.pdf")

    response = download_response(field_file, display_name="page.pdf", content_type="text/html")

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    response.close()
