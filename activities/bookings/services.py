"""Staff booking for a person: book, move, cancel, take off a waiting list; and the reminders.

The rules are the portal's (`activities.services.signup_create` and `signup_withdraw`: the same
capacity, waiting list and freed places offered on); these only add who booked, their note, the
audit line on the person's record, and the message for a move.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community.audit import audit_record
from community.models import AuditAction, CoCreator, Message, User

from ..models import Activity, ActivityStatus, SignUp, SignUpStatus
from ..services import SignUpRefused, signup_create, signup_withdraw, signup_withdraw_by_staff
from .notices import booking_moved_send, reminder_key, reminder_send


@dataclass(frozen=True)
class Booked:
    signup: SignUp
    offered: SignUp | None = None  # who got the place a move freed, if anyone

    @property
    def waiting(self) -> bool:
        return self.signup.status == SignUpStatus.WAITING


def _refuse_taken(activity_id: int, cocreator: CoCreator) -> None:
    taken = SignUp.objects.filter(
        activity_id=activity_id,
        cocreator=cocreator,
        status__in=[SignUpStatus.BOOKED, SignUpStatus.WAITING],
    ).first()
    if taken is not None:
        where = "has a place" if taken.is_booked else "is on the waiting list"
        raise SignUpRefused(f"{cocreator.full_name} already {where} for this activity.")


def _audit(actor: User, cocreator_id: int) -> None:
    audit_record(
        actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator_id, fields=["signups"]
    )


@transaction.atomic
def booking_make(
    *, activity: Activity, cocreator: CoCreator, actor: User, note: str = ""
) -> Booked:
    """Book a person onto an activity for them (a place, or the waiting list when it is full).

    They are told by their own channel. Raises `SignUpRefused` with a reason staff can read.
    """
    _refuse_taken(activity.pk, cocreator)
    signup = signup_create(
        activity_id=activity.pk, cocreator=cocreator, booked_by=actor, booking_note=note
    )
    _audit(actor, cocreator.pk)
    return Booked(signup=signup)


@transaction.atomic
def booking_move(*, signup: SignUp, to: Activity, actor: User, note: str = "") -> Booked:
    """Move a person's place to another activity in one go: cancelled here, booked there (or on
    its waiting list when it is full). A place freed here goes to the next person waiting.

    The person gets one message about the move. Raises `SignUpRefused` (and changes nothing)
    when they cannot be moved.
    """
    old_activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    signup.refresh_from_db()
    if signup.status == SignUpStatus.WITHDRAWN:
        raise SignUpRefused("This place has already been cancelled.")
    if to.pk == old_activity.pk:
        raise SignUpRefused("Choose a different activity to move them to.")
    if old_activity.starts_at <= timezone.now():
        raise SignUpRefused("Places can only be moved before the session starts.")
    cocreator = signup.cocreator
    _refuse_taken(to.pk, cocreator)
    old_was_booked = signup.is_booked
    offered = signup_withdraw(signup=signup, notify=False)
    signup.booked_by, signup.booking_note = actor, note or f"Moved to {to.title}"
    signup.save(update_fields=["booked_by", "booking_note", "updated_at"])
    # signup_create refuses an activity that is not open, which undoes the withdrawal too.
    new = signup_create(
        activity_id=to.pk, cocreator=cocreator, booked_by=actor, booking_note=note, notify=False
    )
    booking_moved_send(signup=new, old=signup, old_was_booked=old_was_booked)
    _audit(actor, cocreator.pk)
    return Booked(signup=new, offered=offered)


@transaction.atomic
def booking_cancel(*, signup: SignUp, actor: User, note: str = "") -> SignUp | None:
    """Cancel a person's place, or take them off the waiting list, for them; they are told.

    Returns the sign-up given the freed place, if any.
    """
    signup.refresh_from_db()
    if signup.status == SignUpStatus.WITHDRAWN:
        raise SignUpRefused("This place has already been cancelled.")
    return signup_withdraw_by_staff(signup=signup, actor=actor, note=note)


# --- Reminders -----------------------------------------------------------------------------------


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def _places(starts_from: datetime.datetime, starts_before: datetime.datetime):
    return (
        SignUp.objects.filter(
            status=SignUpStatus.BOOKED,
            activity__starts_at__gte=starts_from,
            activity__starts_at__lt=starts_before,
        )
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .select_related("activity")
        .order_by("pk")
    )


@transaction.atomic
def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind people of their places (Europe/London time); safe to run as often as wanted.

    After `REMINDER_HOUR`, everyone with a place at an activity starting tomorrow; after
    `MORNING_REMINDER_HOUR`, those who asked for a morning reminder, for activities later today.
    Keys make each reminder once per place. Returns how many reminders were new.
    """
    local = timezone.localtime(now or timezone.now())
    today = local.date()
    due = []
    if local.hour >= settings.REMINDER_HOUR:
        start, end = _day_bounds(today + datetime.timedelta(days=1))
        due += [(signup, False) for signup in _places(start, end)]
    if local.hour >= settings.MORNING_REMINDER_HOUR:
        _, end = _day_bounds(today)
        places = _places(local, end).filter(cocreator__morning_reminder=True)
        due += [(signup, True) for signup in places]
    # Most runs find every reminder already made: one query says which, not one per place.
    keys = {reminder_key(signup, morning=morning) for signup, morning in due}
    made = set(Message.objects.filter(key__in=keys).values_list("key", flat=True))
    count = 0
    for signup, morning in due:
        if reminder_key(signup, morning=morning) not in made:
            reminder_send(signup=signup, morning=morning, due_on=today)
            count += 1
    return count
