"""Impact records, their evidence and documents, and publishing one (which tells contributors)."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus
from community.messaging.queueing import messages_queue

from ..documents import storage_name
from ..models import ImpactDocument, ImpactStatus


class PublishRefused(ValueError):
    """A record that cannot be published (or checked) yet; the message is shown to staff as it is."""


def impact_record_save(*, record, activities, contributors, actor=None):
    """Save an impact record with its activities and contributing co-creators."""
    with transaction.atomic():
        if record.pk is None and actor is not None and actor.is_authenticated:
            record.created_by = actor
        record.save()
        record.activities.set(activities)
        record.contributors.set(contributors)
    return record


def impact_record_check(*, record, actor=None):
    """Mark a draft record as checked, noting who checked it and when."""
    if record.status != ImpactStatus.DRAFT:
        raise PublishRefused("Only a draft record can be marked as checked.")
    record.status = ImpactStatus.CHECKED
    record.checked_by = actor if actor is not None and actor.is_authenticated else None
    record.checked_at = timezone.now()
    record.save(update_fields=["status", "checked_by", "checked_at", "updated_at"])
    return record


SAME_PERSON = (
    "You marked this record as checked, so someone else in the team must publish it. "
    "Two people read every record before it is made public."
)


def publish_blocked_for(*, record, actor) -> str:
    """Why this person may not publish the record themselves ("" when they may).

    With IMPACT_TWO_PERSON_PUBLISH on (the default), whoever marked the record as checked cannot
    also publish it: a second member of staff does.
    """
    if not settings.IMPACT_TWO_PERSON_PUBLISH:
        return ""
    if actor is None or not actor.is_authenticated or record.checked_by_id is None:
        return ""
    return SAME_PERSON if record.checked_by_id == actor.pk else ""


def impact_record_publish(*, record, public_url: str, actor=None):
    """Publish a checked record and tell each contributing co-creator, once each, by email;
    thank everyone else who attended its project's (or its own) activities, once each.

    `actor` is who publishes it: with two-person publishing on, never the person who checked it.
    """
    if record.status == ImpactStatus.DRAFT:
        raise PublishRefused("Mark the record as checked before you publish it.")
    blocked = publish_blocked_for(record=record, actor=actor)
    if blocked:
        raise PublishRefused(blocked)
    if not record.you_said.strip():
        raise PublishRefused("Add what people said (“You said”) before you publish the record.")
    if not (record.we_did.strip() or record.we_could_not.strip()):
        raise PublishRefused(
            "Add what we did (“We did”), or why we could not act (“We couldn't, because”), "
            "before you publish the record."
        )
    with transaction.atomic():
        if record.status != ImpactStatus.PUBLISHED:
            record.status = ImpactStatus.PUBLISHED
            record.published_at = timezone.now()
            record.save(update_fields=["status", "published_at", "updated_at"])
        # The keys make this once per person, however often the record is published.
        messages_queue(
            cocreator_ids=record.contributors.values_list("pk", flat=True),
            kind="impact_published",
            key_prefix=f"impact-published:{record.pk}",
            template="impact/email/published",
            context={
                "record_title": record.title,
                "we_did": record.we_did,
                "we_could_not": record.we_could_not,
                "public_url": public_url,
            },
        )
        # Everyone else who came to the project's sessions, or to the record's own, is thanked
        # once each too (a contributor has just been told, so is not thanked twice).
        messages_queue(
            cocreator_ids=_attendees_to_thank(record),
            kind="impact_thanks",
            key_prefix=f"impact-thanks:{record.pk}",
            template="impact/email/thanks",
            context={
                "record_title": record.title,
                "we_did": record.we_did,
                "we_could_not": record.we_could_not,
                "public_url": public_url,
            },
        )
    return record


def _attendees_to_thank(record):
    """People who attended any activity of the record's project or any of its linked
    activities, and are not among its contributors (ids, one query when iterated)."""
    took_part = Q(activity__in=record.activities.all())
    if record.project_id is not None:
        took_part |= Q(activity__project_id=record.project_id)
    return (
        Attendance.objects.filter(took_part, status=AttendanceStatus.ATTENDED)
        .exclude(cocreator__in=record.contributors.all())
        .values_list("cocreator_id", flat=True)
        .distinct()
    )


def evidence_item_save(*, item):
    """Save a measure of evidence; a new one is stamped with when it was recorded, so a report
    can say when a period's figure moved because of evidence recorded after the period ended."""
    item.full_clean(exclude=["record"])
    if item.pk is None and item.recorded_at is None:
        item.recorded_at = timezone.now()
    item.save()
    return item


def evidence_item_delete(*, item):
    item.delete()


def impact_document_add(*, record, uploaded_file, checked, actor=None):
    """Store a checked upload under a generated name and attach it to the record."""
    name = default_storage.save(storage_name(checked.extension), uploaded_file)
    try:
        with transaction.atomic():
            return ImpactDocument.objects.create(
                record=record,
                file=name,
                display_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except Exception:
        default_storage.delete(name)
        raise
