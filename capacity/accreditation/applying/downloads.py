"""Serving an uploaded piece of evidence: one way for every page that offers it (the application's
pages in both areas, and a reviewer's seat on the panel). The caller has reached the evidence
through its gatekeeper first."""

from django.http import Http404

from impact.documents import ALLOWED_KINDS, download_response

from ...models import AccreditationEvidence, EvidenceKind

# Stored names end with the kind's own extension (`impact.documents.storage_name`).
_CONTENT_TYPES = {kind.extension: kind.content_type for kind in ALLOWED_KINDS.values()}


def evidence_download(evidence: AccreditationEvidence):
    """The uploaded document as an attachment under the name it was uploaded with (never shown
    in the browser); 404 for evidence that is not a document, or whose file is missing."""
    stored = evidence.document
    if evidence.kind != EvidenceKind.DOCUMENT or not stored:
        raise Http404
    extension = stored.name.rsplit(".", 1)[-1].lower() if "." in stored.name else ""
    try:
        return download_response(
            stored,
            display_name=evidence.document_name or f"evidence.{extension}".rstrip("."),
            content_type=_CONTENT_TYPES.get(extension, "application/octet-stream"),
        )
    except FileNotFoundError:
        raise Http404 from None
