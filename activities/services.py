"""Writes about projects, activities, sign-ups and attendance."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from community.audit import audit_record
from community.models import AuditAction, CoCreator, CoCreatorStatus, User
from community.services import cocreator_register

from .bookings.notices import (
    booking_cancelled_send,
    booking_confirmation_send,
    place_offered_send,
)
from .hooks import attendance_recorded
from .models import (
    Activity,
    ActivityStatus,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    AwarenessDate,
    CalendarFeed,
    Project,
    ProjectObjective,
    SignUp,
    SignUpStatus,
    new_feed_token,
)

# A session counts as an evening one when it starts at or after this local time.
EVENING_STARTS = time(17, 0)


class SignUpRefused(Exception):
    """A sign-up that cannot be made, with a plain-English reason."""


def evening_and_weekend(starts_at) -> tuple[bool, bool]:
    """Whether a session starting then is an evening one and a weekend one (Europe/London time)."""
    local = timezone.localtime(starts_at)
    return local.time() >= EVENING_STARTS, local.weekday() >= 5


@transaction.atomic
def project_save(
    *, project: Project, objectives: Iterable[str], partners: Iterable = ()
) -> Project:
    """Save a project with the plan objectives it serves and its partners."""
    project.full_clean()
    project.save()
    wanted = set(objectives)
    project.objectives.exclude(objective__in=wanted).delete()
    have = set(project.objectives.values_list("objective", flat=True))
    ProjectObjective.objects.bulk_create(
        [ProjectObjective(project=project, objective=o) for o in wanted - have]
    )
    project.partners.set(list(partners))
    return project


@transaction.atomic
def activity_save(*, activity: Activity, partners: Iterable | None = None) -> Activity:
    """Save an activity, working out whether it is in the evening or at the weekend."""
    activity.is_evening, activity.is_weekend = evening_and_weekend(activity.starts_at)
    activity.full_clean()
    activity.save()
    if partners is not None:
        activity.partners.set(list(partners))
    return activity


def _booked_count(activity: Activity) -> int:
    return activity.signups.filter(status=SignUpStatus.BOOKED).count()


@transaction.atomic
def signup_create(
    *,
    activity_id: int,
    cocreator: CoCreator,
    booked_by: User | None = None,
    booking_note: str = "",
    notify: bool = True,
) -> SignUp:
    """Book a place, or a place on the waiting list when the activity is full.

    `booked_by` is the staff member booking for the person (with their note); the person is told
    either way (`notify=False` when the caller sends its own message, as a move does).
    """
    # Lock the activity row so two people cannot take the last place at once.
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    if activity.status != ActivityStatus.OPEN or activity.starts_at <= timezone.now():
        raise SignUpRefused("This activity is not open for sign-up.")
    existing = SignUp.objects.filter(activity=activity, cocreator=cocreator).first()
    if existing and existing.status != SignUpStatus.WITHDRAWN:
        raise SignUpRefused("You have already signed up for this activity.")
    full = activity.capacity is not None and _booked_count(activity) >= activity.capacity
    status = SignUpStatus.WAITING if full else SignUpStatus.BOOKED
    if existing:
        signup = existing
        signup.status, signup.booked_by, signup.booking_note = status, booked_by, booking_note
        # Re-joining goes to the back of the queue.
        signup.created_at = timezone.now()
        signup.save(
            update_fields=["status", "booked_by", "booking_note", "created_at", "updated_at"]
        )
    else:
        signup = SignUp.objects.create(
            activity=activity,
            cocreator=cocreator,
            status=status,
            booked_by=booked_by,
            booking_note=booking_note,
        )
    if notify:
        booking_confirmation_send(signup=signup, by_staff=booked_by is not None)
    return signup


@transaction.atomic
def signup_withdraw(
    *, signup: SignUp, notify: bool = True, by_staff: bool = False
) -> SignUp | None:
    """Withdraw from an activity. A freed place goes to the next person waiting, who is told.

    The person withdrawn is told too (not when `notify` is False: a leaver, or a move, which
    sends its own message). Returns the sign-up that was moved off the waiting list, if any.
    """
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    signup.refresh_from_db()
    was_booked = signup.status == SignUpStatus.BOOKED
    was_waiting = signup.status == SignUpStatus.WAITING
    signup.status = SignUpStatus.WITHDRAWN
    signup.save(update_fields=["status", "updated_at"])
    if notify and (was_booked or was_waiting):
        booking_cancelled_send(signup=signup, was_waiting=was_waiting, by_staff=by_staff)
    if not was_booked:
        return None
    return _offer_freed_place(activity)


def _offer_freed_place(activity: Activity) -> SignUp | None:
    if activity.status == ActivityStatus.CANCELLED or activity.starts_at <= timezone.now():
        # Nobody can go to it now: a "place came up" message would send someone to nothing.
        return None
    if activity.capacity is not None and _booked_count(activity) >= activity.capacity:
        return None
    nxt = (
        SignUp.objects.select_for_update()
        .filter(activity=activity, status=SignUpStatus.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if nxt is None:
        return None
    nxt.status = SignUpStatus.BOOKED
    nxt.save(update_fields=["status", "updated_at"])
    place_offered_send(signup=nxt)
    return nxt


@dataclass
class AttendanceLine:
    cocreator_id: int
    status: str
    hours: Decimal | None = None
    role: str = AttendanceRole.PARTICIPANT
    walked_in: bool = False


@transaction.atomic
def attendance_record_session(
    *, activity: Activity, lines: Iterable[AttendanceLine], actor: User
) -> int:
    """Record a whole session at once. Hours default to the session's length for those who came."""
    lines = list(lines)
    existing = {a.cocreator_id: a for a in activity.attendances.all()}
    to_create, to_update = [], []
    for line in lines:
        hours = line.hours
        if hours is None:
            hours = (
                activity.duration_hours if line.status == AttendanceStatus.ATTENDED else Decimal(0)
            )
        if line.status != AttendanceStatus.ATTENDED:
            hours = Decimal(0)
        row = existing.get(line.cocreator_id)
        if row is None:
            row = Attendance(activity=activity, cocreator_id=line.cocreator_id)
            to_create.append(row)
        else:
            to_update.append(row)
        row.status, row.hours, row.role, row.walked_in, row.recorded_by = (
            line.status,
            hours,
            line.role,
            line.walked_in or row.walked_in,
            actor,
        )
        row.recorded_at = timezone.now()
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(
        to_update, ["status", "hours", "role", "walked_in", "recorded_by", "recorded_at"]
    )
    if activity.status != ActivityStatus.DONE and activity.ends_at <= timezone.now():
        activity.status = ActivityStatus.DONE
        activity.save(update_fields=["status", "updated_at"])
    attendance_recorded(activity=activity, cocreator_ids=[line.cocreator_id for line in lines])
    return len(lines)


@transaction.atomic
def calendar_feed_reset(*, cocreator: CoCreator) -> CalendarFeed:
    """Give a person a new secret feed address; the old one stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(cocreator=cocreator)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed


# --- Staff pages: activities, sign-ups and attendance ------------------------------------------


@transaction.atomic
def activity_update(*, activity: Activity, partners: Iterable | None = None) -> list[SignUp]:
    """Save an activity as staff changed it; places a larger capacity frees go to those waiting.

    Returns the sign-ups moved off the waiting list (each person is emailed, as on a withdrawal).
    """
    activity_save(activity=activity, partners=partners)
    if activity.status != ActivityStatus.OPEN or activity.starts_at <= timezone.now():
        return []
    # Lock the row, as signing up and withdrawing do, so places are counted once.
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    moved = []
    while (offered := _offer_freed_place(locked)) is not None:
        moved.append(offered)
    return moved


@transaction.atomic
def signup_withdraw_by_staff(*, signup: SignUp, actor: User, note: str = "") -> SignUp | None:
    """Staff withdraw a person's sign-up before the session; the freed place is offered on.

    Who cancelled it (and their note) is kept on the sign-up. Audited on the person's record.
    Raises `SignUpRefused` once the session has started or if it is cancelled.
    """
    activity = signup.activity
    if activity.starts_at <= timezone.now() or activity.status == ActivityStatus.CANCELLED:
        # A freed place would be offered (and emailed) for a session nobody can now go to.
        raise SignUpRefused(
            "Sign-ups can only be withdrawn before the session starts, and not once it is "
            "cancelled. Record who came on the attendance page instead."
        )
    moved = signup_withdraw(signup=signup, by_staff=True)
    signup.booked_by, signup.booking_note = actor, note
    signup.save(update_fields=["booked_by", "booking_note", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.CHANGE, cocreator_id=signup.cocreator_id, fields=["signups"]
    )
    return moved


def _attendance_changes(activity: Activity, lines: list[AttendanceLine]) -> list[int]:
    """The people whose attendance record the lines would create or change."""
    existing = {a.cocreator_id: a for a in activity.attendances.all()}
    changed = []
    for line in lines:
        row = existing.get(line.cocreator_id)
        hours = line.hours
        if hours is None or line.status != AttendanceStatus.ATTENDED:
            hours = (
                activity.duration_hours if line.status == AttendanceStatus.ATTENDED else Decimal(0)
            )
        if row is None or (row.status, row.hours, row.role) != (line.status, hours, line.role):
            changed.append(line.cocreator_id)
    return changed


@transaction.atomic
def attendance_session_save(
    *, activity: Activity, lines: Iterable[AttendanceLine], actor: User
) -> list[int]:
    """Record a whole session's register; audit each person whose attendance changed.

    Returns the ids of the people whose record was created or changed.
    """
    lines = list(lines)
    changed = _attendance_changes(activity, lines)
    attendance_record_session(activity=activity, lines=lines, actor=actor)
    for cocreator_id in changed:
        audit_record(
            actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator_id, fields=["attendance"]
        )
    return changed


@transaction.atomic
def attendance_walk_in_add(*, activity: Activity, cocreator: CoCreator, actor: User) -> Attendance:
    """Record a person as having attended; a walk-in unless they held a booked place.

    If they were already recorded, their role is kept (and their hours, if they had attended).
    """
    existing = Attendance.objects.filter(activity=activity, cocreator=cocreator).first()
    booked = SignUp.objects.filter(
        activity=activity, cocreator=cocreator, status=SignUpStatus.BOOKED
    ).exists()
    line = AttendanceLine(
        cocreator_id=cocreator.pk,
        status=AttendanceStatus.ATTENDED,
        hours=(
            existing.hours
            if existing is not None and existing.status == AttendanceStatus.ATTENDED
            else None
        ),
        role=existing.role if existing is not None else AttendanceRole.PARTICIPANT,
        walked_in=not booked,
    )
    attendance_session_save(activity=activity, lines=[line], actor=actor)
    return Attendance.objects.get(activity=activity, cocreator=cocreator)


@transaction.atomic
def attendance_walk_in_register(
    *, activity: Activity, actor: User, full_name: str, phone: str = "", email: str = ""
) -> tuple[CoCreator, Attendance]:
    """Register someone new who came on the day (no login) and record them as a walk-in."""
    cocreator = cocreator_register(
        actor=actor,
        full_name=full_name,
        phone=phone,
        email=email,
        status=CoCreatorStatus.ACTIVE,
    )
    return cocreator, attendance_walk_in_add(activity=activity, cocreator=cocreator, actor=actor)


# --- Calendar: awareness dates and private calendar feeds --------------------------------------


@transaction.atomic
def awareness_date_save(*, awareness_date: AwarenessDate) -> AwarenessDate:
    """Add or change an awareness or community date shown on the calendar."""
    awareness_date.full_clean()
    awareness_date.save()
    return awareness_date


@transaction.atomic
def awareness_date_delete(*, awareness_date: AwarenessDate) -> None:
    """Take an awareness or community date off the calendar."""
    awareness_date.delete()


@transaction.atomic
def calendar_feed_ensure(*, cocreator: CoCreator) -> CalendarFeed:
    """A person's private calendar feed address, made the first time they ask for it."""
    feed, created = CalendarFeed.objects.get_or_create(cocreator=cocreator)
    if created:
        audit_record(
            actor=cocreator.user,
            action=AuditAction.CREATE,
            cocreator_id=cocreator.pk,
            fields=["calendar_feed"],
        )
    return feed


@transaction.atomic
def calendar_feed_renew(*, cocreator: CoCreator, actor: User | None) -> CalendarFeed:
    """Give a person a new private feed address at their request; the old one stops at once."""
    feed = calendar_feed_reset(cocreator=cocreator)
    audit_record(
        actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator.pk, fields=["calendar_feed"]
    )
    return feed


def signups_give_up_for_leaver(signups, leaver) -> None:
    """A person leaves: their places at activities still to come go to the next person waiting.

    Past sign-ups stay, linked only to the anonymous row, so turn-out still adds up.
    """
    upcoming = signups.filter(activity__starts_at__gt=timezone.now()).exclude(
        status=SignUpStatus.WITHDRAWN
    )
    for signup in upcoming.order_by("pk"):
        signup_withdraw(signup=signup, notify=False)
