"""Reads for the resource pack's pages and the jargon buster, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import PurePosixPath

from django.core.cache import cache
from django.db.models import Max, Q, QuerySet
from django.utils.text import slugify

from ..models import JargonTerm, Resource, ResourceKind, ResourceRevision

# The three files a resource may have: (field, which in the address, label, file name ending).
FILES = (
    ("file", "file", "Download", ""),
    ("easy_read", "easy-read", "Easy-read version", "-easy-read"),
    ("large_print", "large-print", "Large-print version", "-large-print"),
)
FILE_FIELD_BY_WHICH = {which: (field, ending) for field, which, _label, ending in FILES}

# What a stored file's extension is, in words (every kind `check_upload` lets through here).
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word document",
    "doc": "Word document",
    "png": "PNG image",
    "jpg": "JPEG image",
    "gif": "GIF image",
    "webp": "WebP image",
}

JARGON_CACHE_KEY = "capacity:jargon-terms"
JARGON_CACHE_SECONDS = 60 * 60


def resources_published(*, audiences, kind: str = "") -> QuerySet[Resource]:
    """Published resources for the audiences (optionally of one kind), with the day of their
    current version (`published_at`), title order."""
    rows = Resource.objects.filter(
        is_published=True, audience__in=[str(a) for a in audiences]
    ).annotate(published_at=Max("revisions__changed_at"))
    if kind in ResourceKind.values:
        rows = rows.filter(kind=kind)
    return rows.defer("body")


def resources_for_staff() -> QuerySet[Resource]:
    """Every resource, published and drafts, with the day of its current version."""
    return Resource.objects.annotate(published_at=Max("revisions__changed_at")).defer("body")


def resource_published_at(resource: Resource):
    """When the resource's current version was published (its latest revision), or its last save."""
    latest = resource.revisions.order_by("-changed_at", "-pk").values_list("changed_at", flat=True)
    return latest.first() or resource.updated_at


def resource_revisions(resource: Resource) -> list[ResourceRevision]:
    """The resource's history, newest first, with who changed it."""
    return list(resource.revisions.select_related("changed_by"))


@dataclass(frozen=True)
class Download:
    which: str
    label: str
    format: str
    size: int | None


def file_format(name: str) -> str:
    """A stored file's format in words, from the extension it was stored under."""
    extension = PurePosixPath(name).suffix.lstrip(".").lower()
    return FORMAT_NAMES.get(extension, "File")


def resource_downloads(resource: Resource) -> list[Download]:
    """The files uploaded for the resource, each with its format and size (None if unreadable)."""
    downloads = []
    for field, which, label, _ending in FILES:
        stored = getattr(resource, field)
        if not stored:
            continue
        try:
            size = stored.size
        except OSError:
            size = None
        downloads.append(Download(which, label, file_format(stored.name), size))
    return downloads


# --- the jargon buster ---------------------------------------------------------------------------


def term_anchor(term: str) -> str:
    """The id of a term on the jargon buster page, "term-<slug>"."""
    return f"term-{slugify(term)}"


@dataclass(frozen=True)
class Term:
    pk: int
    term: str
    meaning: str
    also_known_as: str
    anchor: str


def _as_term(row: JargonTerm) -> Term:
    return Term(row.pk, row.term, row.meaning, row.also_known_as, term_anchor(row.term))


def jargon_search(query: str) -> list[Term]:
    """Terms whose name, other names or meaning hold the words searched for (any case)."""
    query = " ".join(query.split())
    condition = (
        Q(term__icontains=query) | Q(also_known_as__icontains=query) | Q(meaning__icontains=query)
    )
    return [_as_term(row) for row in JargonTerm.objects.filter(condition)]


def jargon_by_letter() -> list[tuple[str, list[Term]]]:
    """Every term, A to Z, grouped under its first letter (digits and signs under "#")."""
    terms = sorted((_as_term(row) for row in JargonTerm.objects.all()), key=_sort_key)
    return [(letter, list(group)) for letter, group in groupby(terms, key=_letter)]


def _sort_key(term: Term):
    return (term.term.casefold(), term.pk)


def _letter(term: Term) -> str:
    first = term.term[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def jargon_terms_for_links() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each term's anchor and the words that name it (the term and its other names), cached until
    a term is added or changed (`jargon_cache_clear`)."""
    cached = cache.get(JARGON_CACHE_KEY)
    if cached is None:
        cached = tuple(
            (term_anchor(term), (term, *_other_names(also)))
            for term, also in JargonTerm.objects.values_list("term", "also_known_as")
        )
        cache.set(JARGON_CACHE_KEY, cached, JARGON_CACHE_SECONDS)
    return cached


def _other_names(also_known_as: str) -> list[str]:
    parts = also_known_as.replace(";", ",").split(",")
    return [" ".join(part.split()) for part in parts if part.strip()]


def jargon_cache_clear() -> None:
    """Forget the cached term list, after a term is added or changed."""
    cache.delete(JARGON_CACHE_KEY)
