"""Writing, checking and publishing a consultation's "We asked, you said, we did".

The rules are impact's, so an outcome is read by two people before it is public exactly as an
impact record is (`impact/services/records.py`): with `IMPACT_TWO_PERSON_PUBLISH` on (the
default) a second member of staff marks it checked (not the person who last wrote it), and
whoever checked it cannot also publish it (`publish_blocked_for`, impact's own check). Changing
the words after a check takes the check away: the check is of the words that are published.

Publishing happens once, whoever clicks and however often: the outcome row is locked, and a
second publish finds it published and does nothing. It makes a published impact record (so it
appears in "You said, we did" and in each participant's "What your involvement changed"),
saved through impact's `impact_record_save`, and tells everyone who took part once through the
message pipeline (`notices.outcome_published_send`, keys `consultation-outcome:<pk>:<person>`).
The record is saved as published rather than through `impact_record_publish`, which would also
thank every attendee of the activity with impact's own message: they are told here instead, once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from impact.models import ImpactRecord, ImpactStatus
from impact.services.records import PublishRefused, impact_record_save, publish_blocked_for

from ..models import Consultation, Outcome, Response
from .notices import outcome_published_send
from .selectors import participant_ids

NOT_ENDED = "You can write what happened once the consultation has closed."
ALREADY_PUBLISHED = "This has been published, so it can no longer be changed."
SAME_WRITER = (
    "You wrote this, so someone else in the team must check it. "
    "Two people read every “We asked, you said, we did” before it is made public."
)
STARTED_ELSEWHERE = "Someone else has just started writing this. Open the page again to see it."
CHANGED_SINCE = (
    "Someone changed the words after you opened the page. Read them again, then mark it as checked."
)
WORDS = ("we_asked", "you_said", "we_did", "we_could_not")

__all__ = [
    "PublishRefused",
    "check_blocked_for",
    "outcome_check",
    "outcome_publish",
    "outcome_save",
    "publish_blocked_for",
]


def _person(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _locked(outcome: Outcome) -> Outcome:
    return (
        Outcome.objects.select_for_update()
        .select_related("consultation__activity")
        .get(pk=outcome.pk)
    )


def outcome_save(*, outcome: Outcome, actor) -> Outcome:
    """Save the words of an outcome (a new one, or changes). Refused before the consultation
    has ended and once published. Whoever saves changed words is its writer; a check of the old
    words is taken away."""
    consultation = outcome.consultation
    if not consultation.has_ended():
        raise PublishRefused(NOT_ENDED)
    with transaction.atomic():
        if outcome.pk is not None:
            stored = _locked(outcome)
            if stored.published_at is not None:
                raise PublishRefused(ALREADY_PUBLISHED)
            changed = any(getattr(stored, f) != getattr(outcome, f) for f in WORDS)
            if not changed:
                return stored
            outcome.checked_by = None
            outcome.checked_at = None
        outcome.written_by = _person(actor)
        outcome.full_clean(exclude=["consultation"])
        try:
            with transaction.atomic():
                outcome.save()
        except IntegrityError:
            # Someone else started one for the same consultation a moment ago.
            raise PublishRefused(STARTED_ELSEWHERE) from None
    return outcome


def outcome_check(*, outcome: Outcome, actor, seen_at=None) -> Outcome:
    """Mark the outcome as checked by this person. With two-person publishing on, the person
    who last wrote it cannot check it. `seen_at` is when the words they read were last saved
    (the page's copy): if they have changed since, the check is refused, so a check is always
    of the words the checker read."""
    with transaction.atomic():
        locked = _locked(outcome)
        if locked.published_at is not None:
            raise PublishRefused(ALREADY_PUBLISHED)
        if seen_at is not None and seen_at != locked.updated_at:
            raise PublishRefused(CHANGED_SINCE)
        person = _person(actor)
        blocked = check_blocked_for(outcome=locked, actor=person)
        if blocked:
            raise PublishRefused(blocked)
        locked.checked_by = person
        locked.checked_at = timezone.now()
        locked.save(update_fields=["checked_by", "checked_at", "updated_at"])
    return locked


def check_blocked_for(*, outcome: Outcome, actor) -> str:
    """Why this person may not mark it checked ("" when they may)."""
    person = _person(actor)
    if settings.IMPACT_TWO_PERSON_PUBLISH and person and outcome.written_by_id == person.pk:
        return SAME_WRITER
    return ""


def _how_influenced(consultation: Consultation, took_part: int) -> str:
    return (
        f"{took_part} {'person' if took_part == 1 else 'people'} took part in the “Have your say” "
        f"consultation “{consultation.title}” online, at the "
        f"{consultation.get_level_display()} level. What they said is summarised in "
        "“You said”, and shaped what was done."
    )


def outcome_publish(*, outcome: Outcome, kind: str, page_url: str, actor) -> Outcome:
    """Publish a checked outcome: a published impact record in "You said, we did" (linked to
    the consultation's activity, its project and service area, with the people who took part
    as its contributors), and everyone who took part told once. Publishing again, or two
    people at once, does nothing more."""
    with transaction.atomic():
        locked = _locked(outcome)
        if locked.published_at is not None:
            return locked
        consultation = locked.consultation
        if not consultation.has_ended():
            raise PublishRefused(NOT_ENDED)
        if locked.checked_at is None:
            raise PublishRefused("Mark it as checked before you publish it.")
        blocked = publish_blocked_for(record=locked, actor=_person(actor))
        if blocked:
            raise PublishRefused(blocked)
        now = timezone.now()
        people = sorted(set(participant_ids(consultation)))
        nameless = Response.objects.filter(consultation=consultation, cocreator__isnull=True)
        took_part = len(people) + nameless.count()
        record = ImpactRecord(
            title=consultation.title,
            what_changed=locked.we_did,
            kind=kind,
            how_influenced=_how_influenced(consultation, took_part),
            project=consultation.project,
            service_area=consultation.service_area,
            you_said=locked.you_said,
            we_did=locked.we_did,
            we_could_not=locked.we_could_not,
            status=ImpactStatus.PUBLISHED,
            published_at=now,
            checked_by=locked.checked_by,
            checked_at=locked.checked_at,
        )
        impact_record_save(
            record=record,
            activities=[consultation.activity],
            contributors=people,
            actor=_person(actor),
        )
        locked.published_at = now
        locked.published_by = _person(actor)
        locked.impact_record = record
        locked.save(update_fields=["published_at", "published_by", "impact_record", "updated_at"])
        outcome_published_send(outcome=locked, cocreator_ids=people, page_url=page_url)
    return locked
