"""Reads for staff booking pages: how a person was told, and a person's places still to come."""

from django.utils import timezone

from cocreation.lib.dates import date_text
from community.models import CoCreatorStatus, Message, MessageChannel, MessageStatus, ToContact

from ..models import SignUp, SignUpStatus
from .notices import booking_stamp


def told_in_words(signup: SignUp) -> str:
    """How the person was told about this booking (its newest message), for staff to read."""
    message = (
        Message.objects.filter(
            cocreator_id=signup.cocreator_id,
            key__endswith=f":{signup.pk}:{booking_stamp(signup)}",
        )
        .order_by("-pk")
        .first()
    )
    if message is None:
        return ""
    if message.status != MessageStatus.SKIPPED:
        if message.channel == MessageChannel.SMS:
            return "We are sending them a text message."
        return "We are emailing them, with the event attached."
    row = ToContact.objects.filter(key=message.key).first()
    if row is not None:
        how = row.get_method_display().lower()
        return f"They asked for a {how}: it is on the to-contact list for {date_text(row.due_on)}."
    return (
        f"We could not tell them: {message.reason or 'no way to reach them'}. Tell them yourself."
    )


def person_places(cocreator) -> list[SignUp]:
    """A person's places and waiting places at activities still to come, soonest first."""
    return list(
        SignUp.objects.filter(
            cocreator=cocreator,
            status__in=[SignUpStatus.BOOKED, SignUpStatus.WAITING],
            activity__starts_at__gt=timezone.now(),
        )
        .select_related("activity", "booked_by")
        .order_by("activity__starts_at", "pk")
    )


def person_booking_section(cocreator) -> dict:
    """The "Places booked" section of a person's staff record: their places still to come."""
    return {
        "cocreator": cocreator,
        "places": person_places(cocreator),
        "can_book": cocreator.status != CoCreatorStatus.LEFT,
    }
