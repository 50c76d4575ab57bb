"""Evidence documents attached to impact records: checked by content, stored under a generated name.

The uploader's file name is never trusted: the type comes from the file's first bytes (and, for
Word and Excel, the zip directory), the stored name is generated, and downloads are always served
as attachments that a browser will not sniff or render.
"""

from __future__ import annotations

import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.http import FileResponse
from django.utils import timezone

MAX_BYTES = 10 * 1024 * 1024
DISPLAY_NAME_MAX_LENGTH = 150
# Enough for the longest signature we check (WebP: "RIFF" + size + "WEBP").
HEAD_BYTES = 16

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OFFICE_LEGACY = "office-legacy"


@dataclass(frozen=True)
class DocumentKind:
    label: str
    content_type: str
    extension: str
    extensions: frozenset[str]


ALLOWED_KINDS: dict[str, DocumentKind] = {
    "pdf": DocumentKind("a PDF", "application/pdf", "pdf", frozenset({"pdf"})),
    "docx": DocumentKind(
        "a Word document (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        frozenset({"docx"}),
    ),
    "doc": DocumentKind(
        "an older Word document (.doc)", "application/msword", "doc", frozenset({"doc"})
    ),
    "xlsx": DocumentKind(
        "an Excel workbook (.xlsx)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        frozenset({"xlsx"}),
    ),
    "xls": DocumentKind(
        "an older Excel workbook (.xls)", "application/vnd.ms-excel", "xls", frozenset({"xls"})
    ),
    "png": DocumentKind("a PNG image", "image/png", "png", frozenset({"png"})),
    "jpeg": DocumentKind("a JPEG image", "image/jpeg", "jpg", frozenset({"jpg", "jpeg"})),
    "gif": DocumentKind("a GIF image", "image/gif", "gif", frozenset({"gif"})),
    "webp": DocumentKind("a WebP image", "image/webp", "webp", frozenset({"webp"})),
}

# OLE2 is one container for both legacy formats, so only here does the name's extension decide.
_OFFICE_LEGACY_BY_EXTENSION = {"doc": "doc", "xls": "xls"}
_OFFICE_LEGACY_LABEL = "an older Word or Excel file (.doc or .xls)"
_STORED_EXTENSIONS = frozenset(kind.extension for kind in ALLOWED_KINDS.values())
_SERVED_CONTENT_TYPES = frozenset(kind.content_type for kind in ALLOWED_KINDS.values())
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError)


class DocumentRefused(ValueError):
    """An upload we will not store; the message is shown to staff as it is."""


@dataclass(frozen=True)
class CheckedDocument:
    kind: str
    content_type: str
    extension: str
    size: int
    original_name: str


def detect_kind(head: bytes, *, zip_names: Callable[[], Iterable[str]] | None = None) -> str | None:
    """Name the allowed kind that the file's first bytes show, or None; never looks at a file name.

    `zip_names` lists the members of the whole file and is only called for zips; without it, or if
    the zip is corrupt, a zip is refused. OLE2 files come back as "office-legacy" because the
    container alone cannot tell a .doc from a .xls.
    """
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(OLE2_SIGNATURE):
        return OFFICE_LEGACY
    if head.startswith(ZIP_SIGNATURE) and zip_names is not None:
        try:
            names = set(zip_names())
        except _ZIP_ERRORS:
            return None
        return _office_open_xml_kind(names)
    return None


def _office_open_xml_kind(names: set[str]) -> str | None:
    # Macros make it a .docm/.xlsm in disguise; a zip that is both Word and Excel is a polyglot.
    if any(PurePosixPath(name).name.lower() == "vbaproject.bin" for name in names):
        return None
    is_word = "word/document.xml" in names
    is_excel = "xl/workbook.xml" in names
    if is_word and not is_excel:
        return "docx"
    if is_excel and not is_word:
        return "xlsx"
    return None


def _zip_member_names(uploaded_file) -> list[str]:
    # Reads only the central directory; members are never decompressed.
    uploaded_file.seek(0)
    with zipfile.ZipFile(uploaded_file) as archive:
        return archive.namelist()


def _name_extension(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def check_upload(uploaded_file) -> CheckedDocument:
    """Check an uploaded evidence file by its content and size, or raise DocumentRefused."""
    display_name = safe_display_name(getattr(uploaded_file, "name", "") or "")
    size = uploaded_file.size
    if not size:
        raise DocumentRefused("The file is empty. Choose the file again and try again.")
    if size > MAX_BYTES:
        raise DocumentRefused(
            "The file is larger than 10 MB. Make it smaller, or split it into parts, then try again."
        )

    uploaded_file.seek(0)
    try:
        head = uploaded_file.read(HEAD_BYTES)
        if not head:
            raise DocumentRefused("The file is empty. Choose the file again and try again.")
        detected = detect_kind(head, zip_names=lambda: _zip_member_names(uploaded_file))
    finally:
        uploaded_file.seek(0)

    if detected is None:
        raise DocumentRefused(
            "This file is not a PDF, Word, Excel or image file. It may have been renamed, or it "
            "may be damaged. Upload a PDF, Word, Excel, PNG, JPEG, GIF or WebP file."
        )

    extension = _name_extension(display_name)
    if detected == OFFICE_LEGACY:
        kind_name = _OFFICE_LEGACY_BY_EXTENSION.get(extension)
        if kind_name is None:
            raise _mismatch(display_name, _OFFICE_LEGACY_LABEL, ".doc or .xls")
    else:
        kind_name = detected
    kind = ALLOWED_KINDS[kind_name]
    if extension not in kind.extensions:
        raise _mismatch(display_name, kind.label, f".{kind.extension}")

    return CheckedDocument(
        kind=kind_name,
        content_type=kind.content_type,
        extension=kind.extension,
        size=size,
        original_name=display_name,
    )


def _mismatch(display_name: str, real_label: str, expected_ending: str) -> DocumentRefused:
    return DocumentRefused(
        f"The file is called “{display_name}” but it is really {real_label}. "
        f"Check you chose the right file. If you did, rename it to end in {expected_ending}."
    )


def storage_name(kind_extension: str) -> str:
    """Return a fresh storage path, evidence/<yyyy>/<mm>/<uuid4 hex>.<ext>, for an allowed extension."""
    extension = kind_extension.lstrip(".").lower()
    if extension not in _STORED_EXTENSIONS:
        raise ValueError(f"Not an extension we store evidence under: {kind_extension!r}")
    now = timezone.now()
    return f"evidence/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"


def safe_display_name(name: str) -> str:
    """Return the uploader's file name fit for display: no folders, no control characters, ≤150 long."""
    name = unicodedata.normalize("NFC", str(name))
    # Both separators: browsers on Windows may send a full path.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    # Category C covers control characters and format characters such as the right-to-left
    # override, which can make "evil\u202efdp.exe" display as "evilexe.pdf".
    name = "".join(
        " " if unicodedata.category(char) in {"Zl", "Zp"} or char.isspace() else char
        for char in name
        if not unicodedata.category(char).startswith("C")
    )
    name = " ".join(name.split()).lstrip(". ").rstrip(" ")
    if not name:
        return "document"
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        suffix = PurePosixPath(name).suffix
        if not suffix or len(suffix) > 10:
            suffix = ""
        name = name[: DISPLAY_NAME_MAX_LENGTH - len(suffix)].rstrip(" .") + suffix
    return name


def download_response(file_field, *, display_name: str, content_type: str) -> FileResponse:
    """Serve a stored evidence file as a download that the browser will neither sniff nor render."""
    if content_type not in _SERVED_CONTENT_TYPES:
        content_type = "application/octet-stream"
    file_field.open("rb")
    response = FileResponse(
        file_field,
        as_attachment=True,
        filename=safe_display_name(display_name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
