"""Reads for the calendar: the public month and list views, the iCalendar feeds, awareness dates."""

import calendar as _calendar
import datetime as _dt
from dataclasses import dataclass

from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from community.models import CoCreatorStatus

from ..models import Activity, ActivityStatus, AwarenessDate, CalendarFeed, SignUp
from .portal import ACTIVE_SIGNUP
from .words import clock_in_words, date_range_in_words, day_in_words, where_in_words

# The public list shows this far ahead; the feeds reach this far back, so a calendar app keeps
# recent sessions.
CALENDAR_LIST_DAYS = 366
FEED_PAST_DAYS = 90

# The month pages stop somewhere, so a crawler following "next month" links does too.
CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR = 2020, 2100


def _local_midnight(day: _dt.date) -> _dt.datetime:
    return timezone.make_aware(_dt.datetime.combine(day, _dt.time.min))


def _month_after(first: _dt.date) -> _dt.date:
    return _dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _month_before(first: _dt.date) -> _dt.date:
    return _dt.date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def _on_calendar():
    """Public activities for the month and list pages: cancelled ones too while still to come,
    shown as cancelled so that nobody turns up (activities/changes)."""
    return Activity.objects.filter(is_public=True).exclude(
        status=ActivityStatus.CANCELLED, ends_at__lt=timezone.now()
    )


def public_activity_or_404(pk: int) -> Activity:
    """An activity for the public calendar: public and not cancelled, else 404."""
    return get_object_or_404(Activity.objects.public().select_related("locality", "project"), pk=pk)


@dataclass(frozen=True)
class CalendarItem:
    """One thing on one day of the public calendar: an activity, or an awareness date."""

    day: _dt.date
    activity: Activity | None = None
    awareness: object = None  # an AwarenessDate
    continues: bool = False  # an awareness date that began before this page's first day

    @property
    def time(self) -> str:
        """An activity's time of day, like "6pm to 8pm"; empty for an awareness date."""
        if self.activity is None:
            return ""

        start = timezone.localtime(self.activity.starts_at)
        end = timezone.localtime(self.activity.ends_at)
        if end.date() != start.date():
            return f"{clock_in_words(start)} to {day_in_words(end)}, {clock_in_words(end)}"
        return f"{clock_in_words(start)} to {clock_in_words(end)}"

    @property
    def where(self) -> str:
        return where_in_words(self.activity) if self.activity is not None else ""

    @property
    def dates(self) -> str:
        """The awareness date's whole span in words."""
        if self.awareness is None:
            return ""
        return date_range_in_words(self.awareness.starts_on, self.awareness.ends_on)


@dataclass(frozen=True)
class CalendarDay:
    date: _dt.date
    in_month: bool
    is_today: bool
    items: list[CalendarItem]


@dataclass(frozen=True)
class CalendarMonth:
    """A month of the public calendar as weeks (Monday first) of days, each with its items."""

    first: _dt.date
    weeks: list[list[CalendarDay]]
    awareness: list[CalendarItem]  # every awareness date that touches the month
    activity_count: int
    previous: _dt.date | None
    next: _dt.date | None


def _awareness_touching(start: _dt.date, end: _dt.date):
    """Awareness dates that overlap the days [start, end)."""
    return (
        AwarenessDate.objects.annotate(last_day=Coalesce("ends_on", "starts_on"))
        .filter(starts_on__lt=end, last_day__gte=start)
        .order_by("starts_on", "name", "pk")
    )


def calendar_month(first: _dt.date, *, today: _dt.date) -> CalendarMonth:
    """The public calendar for the month starting on `first`. Two queries however busy the month."""
    first = first.replace(day=1)
    after = _month_after(first)
    activities = list(
        _on_calendar()
        .between(_local_midnight(first), _local_midnight(after))
        .only("pk", "title", "starts_at", "ends_at", "status")
        .order_by("starts_at", "pk")
    )
    awareness = list(_awareness_touching(first, after))

    by_day: dict[_dt.date, list[CalendarItem]] = {}
    for row in awareness:
        continues = row.starts_on < first
        day = first if continues else row.starts_on
        by_day.setdefault(day, []).append(CalendarItem(day, awareness=row, continues=continues))
    for activity in activities:
        day = timezone.localtime(activity.starts_at).date()
        by_day.setdefault(day, []).append(CalendarItem(day, activity=activity))

    weeks = [
        [
            CalendarDay(
                date=day,
                in_month=day.month == first.month,
                is_today=day == today,
                items=by_day.get(day, []) if day.month == first.month else [],
            )
            for day in week
        ]
        for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = _month_before(first)
    return CalendarMonth(
        first=first,
        weeks=weeks,
        awareness=[
            CalendarItem(max(row.starts_on, first), awareness=row, continues=row.starts_on < first)
            for row in awareness
        ],
        activity_count=len(activities),
        previous=previous if previous.year >= CALENDAR_FIRST_YEAR else None,
        next=after if after.year <= CALENDAR_LAST_YEAR else None,
    )


class _UpcomingItems:
    """The public list's items in order, as the paginator sees them: the order is worked out from
    each activity's id and start alone, and only the page shown is read whole (a year ahead can
    hold thousands of sessions; a page holds 25)."""

    def __init__(self, order: list[tuple], awareness: list[CalendarItem]):
        self._order = order  # (day, is an activity, index into awareness or an activity's id)
        self._awareness = awareness

    def __len__(self) -> int:
        return len(self._order)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _PageItems(self, self._order[index])
        return self._read([self._order[index]])[0]

    def _read(self, rows: list[tuple]) -> list[CalendarItem]:
        ids = [key for _, is_activity, key in rows if is_activity]
        activities = (
            Activity.objects.filter(pk__in=ids)
            .select_related("locality")
            .only(
                "pk", "title", "starts_at", "ends_at", "format", "venue", "status", "locality__name"
            )
            .in_bulk()
            if ids
            else {}
        )
        return [
            CalendarItem(day, activity=activities[key]) if is_activity else self._awareness[key]
            for day, is_activity, key in rows
        ]


class _PageItems:
    """One page of the list, read from the database only when it is first gone through, so a
    page whose table is already cached (activities/views/calendar.py) is never read."""

    def __init__(self, upcoming: _UpcomingItems, rows: list[tuple]):
        self._upcoming = upcoming
        self._rows = rows
        self._items: list[CalendarItem] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self):
        if self._items is None:
            self._items = self._upcoming._read(self._rows)
        return iter(self._items)


def calendar_upcoming(*, today: _dt.date, days: int = CALENDAR_LIST_DAYS) -> _UpcomingItems:
    """Public activities and awareness dates from today for about a year, in date order: a
    sequence to page through, two queries for the order and one for each page read.

    An awareness date already under way is listed under today.
    """
    horizon = today + _dt.timedelta(days=days)
    starts = (
        _on_calendar()
        .between(_local_midnight(today), _local_midnight(horizon))
        .order_by("starts_at", "pk")
        .values_list("pk", "starts_at")
    )
    awareness = [
        CalendarItem(max(row.starts_on, today), awareness=row, continues=row.starts_on < today)
        for row in _awareness_touching(today, horizon)
    ]
    order = [(item.day, False, i) for i, item in enumerate(awareness)]
    # The local day of each start: the zone looked up once, not once a row (a year holds
    # hundreds of sessions, and this runs at every view of the list).
    zone = timezone.get_current_timezone()
    order += [(starts_at.astimezone(zone).date(), True, pk) for pk, starts_at in starts]
    # Awareness dates head each day; activities follow in time order (the sort is stable).
    order.sort(key=lambda row: (row[0], row[1]))
    return _UpcomingItems(order, awareness)


def feed_as_of(today: _dt.date) -> _dt.datetime:
    """The moment the feeds are made as of: the start of today, so a feed is the same all day
    (and its cached copy with it: see activities/feeds.py)."""
    return _local_midnight(today)


def feed_activities(*, now):
    """Public activities for the public iCalendar feed: from 90 days ago on, cancelled ones too
    (marked cancelled, so calendars that copied them can update). One query."""
    return (
        Activity.objects.filter(
            is_public=True, ends_at__gte=now - _dt.timedelta(days=FEED_PAST_DAYS)
        )
        .select_related("locality")
        .order_by("starts_at", "pk")
    )


def feed_awareness_dates(*, today: _dt.date):
    """Awareness dates for the public iCalendar feed: those that ended no more than 90 days ago."""
    return (
        AwarenessDate.objects.annotate(last_day=Coalesce("ends_on", "starts_on"))
        .filter(last_day__gte=today - _dt.timedelta(days=FEED_PAST_DAYS))
        .order_by("starts_on", "name", "pk")
    )


def personal_feed_for_token(token: str):
    """The calendar feed a secret address belongs to, or None (for an unknown or old address, or
    a person who has left the community)."""
    return (
        CalendarFeed.objects.filter(token=token)
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .only("pk", "cocreator_id", "token")
        .first()
    )


def personal_feed_signups(*, cocreator_id: int, now):
    """A person's own places and waiting-list places, from 90 days ago on, for their private feed."""
    return (
        SignUp.objects.filter(
            cocreator_id=cocreator_id,
            status__in=ACTIVE_SIGNUP,
            activity__ends_at__gte=now - _dt.timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("activity__locality")
        .order_by("activity__starts_at", "pk")
    )


def awareness_date_list(*, show: str = "current"):
    """Awareness dates for the staff list: 'current' (not yet over), 'past' or '' for all."""
    today = timezone.localdate()
    rows = AwarenessDate.objects.annotate(last_day=Coalesce("ends_on", "starts_on"))
    if show == "current":
        return rows.filter(last_day__gte=today).order_by("starts_on", "name", "pk")
    if show == "past":
        return rows.filter(last_day__lt=today).order_by("-starts_on", "name", "pk")
    return rows.order_by("starts_on", "name", "pk")
