"""Writes for the resource pack: adding and changing resources (versions and their history) and
jargon buster terms."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from ..models import JargonTerm, Resource, ResourceRevision
from .selectors import jargon_cache_clear

CONTENT_FIELDS = ("title", "slug", "kind", "summary", "body", "audience")
FILE_FIELDS = ("file", "easy_read", "large_print")
FIRST_PUBLISHED = "First published."


def resource_storage_name(extension: str) -> str:
    """A fresh storage path for a resource file: resources/<yyyy>/<mm>/<uuid4 hex>.<ext>."""
    now = timezone.now()
    return f"resources/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension.lstrip('.').lower()}"


def next_version(version: str) -> str:
    """The version after this one: one more ("2" after "1")."""
    return str(int(version) + 1) if version.isdigit() else "2"


def _store(uploads: dict) -> dict[str, str]:
    """Save each checked upload (field -> (file, extension)) under a generated name."""
    return {
        field: default_storage.save(resource_storage_name(extension), uploaded)
        for field, (uploaded, extension) in uploads.items()
    }


def _delete_after_commit(names: list[str]) -> None:
    for name in names:
        transaction.on_commit(lambda name=name: default_storage.delete(name))


@transaction.atomic
def resource_add(
    *,
    title: str,
    slug: str,
    kind: str,
    summary: str,
    body: str,
    audience: str,
    is_published: bool,
    what_changed: str = "",
    uploads: dict | None = None,
    actor,
) -> Resource:
    """Add a resource, version 1; publishing it now records that version in its history."""
    if Resource.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": "Another resource already has this web address. Change it."})
    stored = _store(uploads or {})
    resource = Resource.objects.create(
        title=title,
        slug=slug,
        kind=kind,
        summary=summary,
        body=body,
        audience=audience,
        is_published=is_published,
        version="1",
        updated_by=actor,
        **stored,
    )
    if is_published:
        ResourceRevision.objects.create(
            resource=resource,
            version=resource.version,
            what_changed=what_changed or FIRST_PUBLISHED,
            changed_by=actor,
        )
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    title: str,
    slug: str,
    kind: str,
    summary: str,
    body: str,
    audience: str,
    is_published: bool,
    what_changed: str = "",
    uploads: dict | None = None,
    actor,
) -> Resource:
    """Save changes to a resource. Once a version has been published, a published change needs
    "what changed": the version goes up by one and the change is kept in its history. Replaced
    files are deleted from storage after the change commits."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    uploads = uploads or {}
    values = {
        "title": title,
        "slug": slug,
        "kind": kind,
        "summary": summary,
        "body": body,
        "audience": audience,
    }
    if Resource.objects.filter(slug=slug).exclude(pk=resource.pk).exists():
        raise ValidationError({"slug": "Another resource already has this web address. Change it."})
    changed = bool(uploads) or any(getattr(resource, f) != v for f, v in values.items())
    published_before = resource.revisions.exists()
    bump = is_published and published_before and changed
    if bump and not what_changed.strip():
        raise ValidationError(
            {
                "what_changed": "Say what changed: people using this resource see it in its "
                "history, and its version goes up by one."
            }
        )
    replaced = [getattr(resource, f).name for f in uploads if getattr(resource, f)]
    for field, name in _store(uploads).items():
        setattr(resource, field, name)
    for field, value in values.items():
        setattr(resource, field, value)
    resource.is_published = is_published
    resource.updated_by = actor
    if bump:
        resource.version = next_version(resource.version)
    resource.save()
    if bump or (is_published and not published_before):
        ResourceRevision.objects.create(
            resource=resource,
            version=resource.version,
            what_changed=what_changed.strip() or FIRST_PUBLISHED,
            changed_by=actor,
        )
    _delete_after_commit(replaced)
    return resource


def jargon_term_add(*, term: str, meaning: str, also_known_as: str = "") -> JargonTerm:
    """Add a term to the jargon buster."""
    if JargonTerm.objects.filter(term__iexact=term).exists():
        raise ValidationError({"term": "This term is already in the jargon buster."})
    row = JargonTerm.objects.create(term=term, meaning=meaning, also_known_as=also_known_as)
    transaction.on_commit(jargon_cache_clear)
    jargon_cache_clear()
    return row


def jargon_term_update(
    *, jargon_term: JargonTerm, term: str, meaning: str, also_known_as: str = ""
) -> JargonTerm:
    """Change a jargon buster term."""
    if JargonTerm.objects.filter(term__iexact=term).exclude(pk=jargon_term.pk).exists():
        raise ValidationError({"term": "Another term in the jargon buster has this name."})
    jargon_term.term, jargon_term.meaning, jargon_term.also_known_as = term, meaning, also_known_as
    jargon_term.save()
    transaction.on_commit(jargon_cache_clear)
    jargon_cache_clear()
    return jargon_term
