"""Repeating sessions: making a series, changing the rest of it, and booking all of it.

Each session is an ordinary `Activity` (so booking, attendance, changes and cancelling work on
one session as on any activity), linked to its `ActivitySeries`. Every session keeps the first
one's clock times in UK time (Europe/London), so a 6pm session stays at 6pm across the clocks
changing. A monthly series keeps the first session's day of the month; in a month too short for
it (the 31st in April, the 30th in February) the session is on the month's last day.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from community.audit import audit_record
from community.models import AuditAction, CoCreator, User

from ..bookings.notices import series_booking_send
from ..changes.services import activity_snapshot, activity_update_told
from ..models import Activity, ActivitySeries, ActivityStatus, SeriesFrequency, SignUp
from ..selectors.portal import ACTIVE_SIGNUP
from ..services import SignUpRefused, activity_save, signup_create

MAX_SESSIONS = 52

# The fields "this and the following sessions" copies from the form to each session.
FOLLOWING_FIELDS = (
    "title",
    "summary",
    "level",
    "project",
    "format",
    "setting",
    "venue",
    "locality",
    "joining_link",
    "capacity",
)
# The fields a new session takes from the first (besides its times).
COPIED_FIELDS = (
    *FOLLOWING_FIELDS,
    "audience",
    "access_provisions",
    "recognition",
    "payment",
    "expenses_covered",
    "lead",
    "status",
    "is_public",
)


def _add_months(day: datetime.date, months: int, *, day_of_month: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day_of_month, last))


def series_dates(
    *,
    first: datetime.date,
    frequency: str,
    until: datetime.date | None = None,
    count: int | None = None,
) -> list[datetime.date]:
    """The days of a series' sessions: from `first`, weekly or monthly, until a day or a count.

    Raises ValidationError past `MAX_SESSIONS` sessions. A monthly series on the 29th to 31st falls
    on the last day of a shorter month, and goes back to its own day after it.
    """
    if (until is None) == (count is None):
        raise ValidationError("Say when the sessions stop: by a date or by a number of sessions")
    if count is not None and not 1 <= count <= MAX_SESSIONS:
        raise ValidationError(f"A series can have 1 to {MAX_SESSIONS} sessions")
    if until is not None and until < first:
        raise ValidationError("The last date must be on or after the first session")
    days: list[datetime.date] = []
    n = 0
    while True:
        if frequency == SeriesFrequency.WEEKLY:
            day = first + datetime.timedelta(weeks=n)
        else:
            day = _add_months(first, n, day_of_month=first.day)
        if (count is not None and n >= count) or (until is not None and day > until):
            return days
        if len(days) >= MAX_SESSIONS:
            raise ValidationError(
                f"That makes more than {MAX_SESSIONS} sessions. Choose an earlier last date, "
                "or make a second series later"
            )
        days.append(day)
        n += 1


def session_times(
    first: Activity, day: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of a session on `day` at the first session's UK clock times."""
    starts = timezone.localtime(first.starts_at)
    ends = timezone.localtime(first.ends_at)
    end_day = day + (ends.date() - starts.date())
    return (
        timezone.make_aware(datetime.datetime.combine(day, starts.time())),
        timezone.make_aware(datetime.datetime.combine(end_day, ends.time())),
    )


@transaction.atomic
def series_create(
    *,
    first: Activity,
    frequency: str,
    days: Iterable[datetime.date],
    actor: User | None,
    partners: Iterable = (),
) -> ActivitySeries:
    """Make a series and one session on each of `days`, each like `first` (an unsaved activity
    with the first session's times; its day need not be among `days`)."""
    days = sorted(set(days))
    if not days:
        raise ValidationError("Choose at least one date")
    if len(days) > MAX_SESSIONS:
        raise ValidationError(f"A series can have at most {MAX_SESSIONS} sessions")
    partners = list(partners)
    series = ActivitySeries.objects.create(title=first.title, frequency=frequency, created_by=actor)
    for day in days:
        session = Activity(series=series, **{name: getattr(first, name) for name in COPIED_FIELDS})
        session.starts_at, session.ends_at = session_times(first, day)
        activity_save(activity=session, partners=partners)
    return series


def sessions_from(session: Activity):
    """The sessions of `session`'s series from it on, not cancelled, in time order."""
    return (
        Activity.objects.filter(series_id=session.series_id, starts_at__gte=session.starts_at)
        .exclude(status=ActivityStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )


@transaction.atomic
def series_update_following(
    *,
    session: Activity,
    values: dict,
    start_time: datetime.time,
    end_time: datetime.time,
    reason: str,
    actor: User | None,
) -> list[Activity]:
    """Change this session and the following ones of its series: the fields in `values` (any of
    `FOLLOWING_FIELDS`) and the clock times, each session keeping its own day. A change of time,
    place or joining link is told to the people on each session (changes/services.py).
    """
    if end_time <= start_time:
        raise ValidationError("The end time must be after the start time")
    if session.series_id is None:
        raise ValidationError("This activity is not part of a series")
    changed = []
    for row in sessions_from(session).select_for_update():
        before = activity_snapshot(row)
        for name, value in values.items():
            if name not in FOLLOWING_FIELDS:
                raise ValueError(name)
            setattr(row, name, value)
        day = timezone.localtime(row.starts_at).date()
        row.starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time))
        row.ends_at = timezone.make_aware(datetime.datetime.combine(day, end_time))
        activity_update_told(activity=row, before=before, reason=reason, actor=actor)
        changed.append(row)
    if "title" in values and session.series.sessions.order_by("starts_at").first() in changed:
        ActivitySeries.objects.filter(pk=session.series_id).update(title=values["title"])
    return changed


@dataclass
class SeriesBooking:
    """What booking a whole series did: places, waiting-list places, and sessions left alone."""

    booked: list[SignUp] = field(default_factory=list)
    waiting: list[SignUp] = field(default_factory=list)
    refused: list[tuple[Activity, str]] = field(default_factory=list)


def series_open_sessions(
    *, series: ActivitySeries, cocreator: CoCreator, now=None, public_only: bool = False
):
    """The upcoming sessions of a series open for sign-up that the person is not yet on;
    `public_only` (the portal) leaves out sessions not offered to everyone, as one sign-up does."""
    held = SignUp.objects.filter(cocreator=cocreator, status__in=ACTIVE_SIGNUP).values(
        "activity_id"
    )
    sessions = Activity.objects.open_for_signup(now).filter(series=series)
    if public_only:
        sessions = sessions.filter(is_public=True)
    return sessions.exclude(pk__in=held).order_by("starts_at", "pk")


@transaction.atomic
def series_book(
    *,
    series: ActivitySeries,
    cocreator: CoCreator,
    booked_by: User | None = None,
    booking_note: str = "",
    public_only: bool = False,
) -> SeriesBooking:
    """Book a person onto every upcoming session of a series still open, by the same rules as one
    sign-up (`signup_create`): a full session puts them on its waiting list. They are told once,
    of every session (`series_booking_send`), not once a session. `booked_by` is the staff member
    booking for them; `public_only` for the person booking in the portal, where a session not
    offered to everyone cannot be booked."""
    result = SeriesBooking()
    sessions = series_open_sessions(series=series, cocreator=cocreator, public_only=public_only)
    for session in sessions:
        try:
            signup = signup_create(
                activity_id=session.pk,
                cocreator=cocreator,
                booked_by=booked_by,
                booking_note=booking_note,
                notify=False,  # one message for the whole series, below
            )
        except SignUpRefused as refused:
            result.refused.append((session, str(refused)))
            continue
        (result.booked if signup.is_booked else result.waiting).append(signup)
    series_booking_send(
        series=series, booked=result.booked, waiting=result.waiting, by_staff=booked_by is not None
    )
    return result


@transaction.atomic
def series_book_for_person(
    *, series: ActivitySeries, cocreator: CoCreator, actor: User, note: str = ""
) -> SeriesBooking:
    """Staff book a person onto every open session of a series (by phone, in person), with a
    note of how they asked; audited on the person's record like any booking staff make."""
    result = series_book(series=series, cocreator=cocreator, booked_by=actor, booking_note=note)
    if result.booked or result.waiting:
        audit_record(
            actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator.pk, fields=["signups"]
        )
    return result
