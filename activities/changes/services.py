"""Changes to an activity's time, place or joining link, and cancelling it.

When staff change an upcoming activity that people are booked on or waiting for, the change is
kept as an `ActivityChange` (old and new, in words, with the staff's reason), the activity's
SEQUENCE moves on, and each person booked or waiting is told once through the one message
pipeline (`person_notify`), with the updated event as an `.ics` file. Cancelling does the same,
with an `.ics` that tells calendars to remove the event. The feeds' data version moves on by
itself: every write to an activity row bumps `calendar` (activities migration 0003).
"""

from collections.abc import Iterable
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cocreation.lib.links import absolute_url
from community.messaging.notices import person_notify
from community.models import Locality, User

from ..bookings.notices import ics_attachment
from ..models import (
    Activity,
    ActivityChange,
    ActivityChangeKind,
    ActivitySetting,
    ActivityStatus,
    SignUp,
    SignUpStatus,
)
from ..selectors.words import when_in_words, where_in_words
from ..services import activity_update

# The fields whose change people booked or waiting are told about.
TIME_FIELDS = ("starts_at", "ends_at")
PLACE_FIELDS = ("format", "setting", "venue", "locality_id")
WATCHED = (*TIME_FIELDS, *PLACE_FIELDS, "joining_link")
TOLD = (SignUpStatus.BOOKED, SignUpStatus.WAITING)
CHANGED_TEMPLATE = "activities/email/activity_changed"
CANCELLED_TEMPLATE = "activities/email/activity_cancelled"


def activity_snapshot(activity: Activity) -> dict:
    """The activity's time, place, joining link and status as they are now, to compare after a
    change (a change of status is not told, but calendars must take it: SEQUENCE moves on)."""
    return {name: getattr(activity, name) for name in (*WATCHED, "status")}


def people_to_tell(activity: Activity):
    """The sign-ups of people booked on or waiting for the activity, oldest first."""
    return SignUp.objects.filter(activity_id=activity.pk, status__in=TOLD).order_by("pk")


def needs_notice(activity: Activity, *, starts_at=None) -> bool:
    """Whether a change to this activity must be told: upcoming, not cancelled, people on it."""
    starts_at = starts_at or activity.starts_at
    return (
        activity.pk is not None
        and activity.status != ActivityStatus.CANCELLED
        and starts_at > timezone.now()
        and people_to_tell(activity).exists()
    )


def _place_words(values: dict) -> str:
    locality = None
    if values["locality_id"]:
        locality = Locality.objects.filter(pk=values["locality_id"]).first()
    return where_in_words(
        SimpleNamespace(format=values["format"], venue=values["venue"], locality=locality)
    )


def changes_in_words(before: dict, after: dict) -> list[str]:
    """What changed between two snapshots, as sentences people read: old and new."""
    sentences = []
    if tuple(before[f] for f in TIME_FIELDS) != tuple(after[f] for f in TIME_FIELDS):
        sentences.append(
            f"The time changed from {when_in_words(before['starts_at'], before['ends_at'])} "
            f"to {when_in_words(after['starts_at'], after['ends_at'])}."
        )
    if tuple(before[f] for f in PLACE_FIELDS) != tuple(after[f] for f in PLACE_FIELDS):
        old, new = _place_words(before), _place_words(after)
        if old == new:  # only the kind of place changed
            old = ActivitySetting(before["setting"]).label if before["setting"] else old
            new = ActivitySetting(after["setting"]).label if after["setting"] else new
        sentences.append(f"The place changed from {old} to {new}.")
    if before["joining_link"] != after["joining_link"]:
        if not after["joining_link"]:
            sentences.append("There is no longer a link to join online.")
        elif not before["joining_link"]:
            sentences.append("There is now a link to join online.")
        else:
            sentences.append("The link to join online changed.")
    return sentences


def _context(activity: Activity, *, booked: bool, **extra) -> dict:
    # Plain values: a worker renders the message later, from the row.
    return {
        "activity_title": activity.title,
        "activity_when": when_in_words(activity.starts_at, activity.ends_at),
        "activity_where": where_in_words(activity),
        # The joining link only for someone who holds a place.
        "joining_link": activity.joining_link if booked else "",
        "is_booked": booked,
        "my_activities_url": absolute_url(reverse("activities:my-activities")),
        **extra,
    }


def _bump_sequence(activity: Activity) -> None:
    Activity.objects.filter(pk=activity.pk).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    activity.refresh_from_db(fields=["sequence", "updated_at"])


@transaction.atomic
def activity_change_record(
    *, activity: Activity, before: dict, reason: str, actor: User | None
) -> ActivityChange | None:
    """After an activity was saved: if its time, place, joining link or status changed, move
    SEQUENCE on; when the time, place or link changed on an upcoming activity with people booked
    or waiting, keep the change and tell each of them.

    Returns the change kept, or None when there was nothing to tell anyone.
    """
    words = changes_in_words(before, activity_snapshot(activity))
    status_changed = before.get("status", activity.status) != activity.status
    if not words and not status_changed:
        return None
    _bump_sequence(activity)
    if not words or not needs_notice(
        activity, starts_at=max(before["starts_at"], activity.starts_at)
    ):
        return None
    if not reason.strip():
        raise ValidationError("Enter the reason for the change: we send it to everyone booked")
    change = ActivityChange.objects.create(
        activity=activity,
        kind=ActivityChangeKind.CHANGED,
        what_changed=" ".join(words),
        reason=reason.strip(),
        changed_by=actor,
    )
    for signup in people_to_tell(activity):
        booked = signup.status == SignUpStatus.BOOKED
        person_notify(
            cocreator_id=signup.cocreator_id,
            kind="activity_changed",
            key=f"activity-changed:{change.pk}:{signup.pk}",
            template=CHANGED_TEMPLATE,
            context=_context(
                activity, booked=booked, what_changed=change.what_changed, reason=change.reason
            ),
            # Only someone with a place gets the event for their calendar.
            attachments=[ics_attachment(activity)] if booked else None,
        )
    return change


@transaction.atomic
def activity_update_told(
    *,
    activity: Activity,
    before: dict,
    reason: str = "",
    actor: User | None,
    partners: Iterable | None = None,
) -> tuple[list[SignUp], ActivityChange | None]:
    """Save an activity staff changed (as `activity_update`) and tell people of a change of time,
    place or joining link. Returns those moved off the waiting list, and the change told."""
    moved = activity_update(activity=activity, partners=partners)
    change = activity_change_record(activity=activity, before=before, reason=reason, actor=actor)
    return moved, change


@transaction.atomic
def activity_cancel(*, activity: Activity, reason: str, actor: User | None) -> ActivityChange:
    """Cancel an activity and tell everyone booked or waiting, once each.

    Cancelling again changes nothing and tells nobody again: it returns the first cancelling.
    Raises ValidationError for an activity that has already ended or without a reason.
    """
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.status == ActivityStatus.CANCELLED:
        earlier = locked.changes.filter(kind=ActivityChangeKind.CANCELLED).first()
        if earlier is not None:
            return earlier
    elif locked.ends_at <= timezone.now():
        raise ValidationError("This activity has already happened, so it cannot be cancelled")
    if not reason.strip():
        raise ValidationError("Enter the reason for cancelling: we send it to everyone booked")
    locked.status = ActivityStatus.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    change = ActivityChange.objects.create(
        activity=locked,
        kind=ActivityChangeKind.CANCELLED,
        what_changed=(
            f"{locked.title} on {when_in_words(locked.starts_at, locked.ends_at)} is cancelled."
        ),
        reason=reason.strip(),
        changed_by=actor,
    )
    for signup in people_to_tell(locked):
        booked = signup.status == SignUpStatus.BOOKED
        person_notify(
            cocreator_id=signup.cocreator_id,
            kind="activity_cancelled",
            key=f"activity-cancelled:{locked.pk}:{signup.pk}",
            template=CANCELLED_TEMPLATE,
            context=_context(locked, booked=booked, reason=change.reason),
            attachments=[ics_attachment(locked, cancelled=True)],
        )
    activity.refresh_from_db()
    return change


def change_told_text(change: ActivityChange) -> str:
    """For staff, after a change or cancelling: how many people were told."""
    count = people_to_tell(change.activity).count()
    people = "the 1 person" if count == 1 else f"the {count} people"
    what = "that it is cancelled" if change.kind == ActivityChangeKind.CANCELLED else "what changed"
    return f"We are telling {people} booked or waiting {what}, and why."
