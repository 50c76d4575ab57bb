"""Demo data for repeating sessions, changes and cancelling (issue 17): a weekly carers' peer
group, one activity whose time changed and one that was cancelled, each with its `ActivityChange`.

Idempotent: keyed by title. Written directly (no messages go to the demo people): the change
rows say what they would have been told.
"""

import datetime

from django.utils import timezone

from community.models import CoCreator, CoCreatorStatus, User

from ..models import (
    Activity,
    ActivityChange,
    ActivityChangeKind,
    ActivityFormat,
    ActivitySeries,
    ActivitySetting,
    ActivityStatus,
    EngagementLevel,
    SeriesFrequency,
    SignUp,
    SignUpStatus,
)
from ..selectors.words import when_in_words
from ..series.services import series_create
from ..services import activity_save
from .data import DEMO_STAFF_EMAIL

SERIES_TITLE = "Carers' peer group"
CHANGED_TITLE = "Digital services drop-in"
CANCELLED_TITLE = "Community garden walk and talk"


def _next(weekday: int, today: datetime.date, weeks: int = 0) -> datetime.date:
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 or 7, weeks=weeks)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _book(activity: Activity, people: list[int]) -> None:
    SignUp.objects.bulk_create(
        [SignUp(activity=activity, cocreator_id=pk, status=SignUpStatus.BOOKED) for pk in people],
        ignore_conflicts=True,
    )


def _activity(title: str, summary: str, starts_at, **fields) -> Activity:
    fields.setdefault("setting", ActivitySetting.COMMUNITY_VENUE)
    activity = Activity(
        title=title,
        summary=summary,
        level=EngagementLevel.ENGAGE,
        format=ActivityFormat.IN_PERSON,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        status=ActivityStatus.OPEN,
        **fields,
    )
    return activity_save(activity=activity)


def build_demo_team_week(*, now: datetime.datetime | None = None) -> int:
    """Add the demo series and the changed and cancelled activities if missing; how many added."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    lead = User.objects.filter(email=DEMO_STAFF_EMAIL).first()
    people = list(
        CoCreator.objects.filter(email__endswith="@example.org", status=CoCreatorStatus.ACTIVE)
        .order_by("email")
        .values_list("pk", flat=True)[:12]
    )
    added = 0
    if not ActivitySeries.objects.filter(title=SERIES_TITLE).exists():
        first = Activity(
            title=SERIES_TITLE,
            summary=(
                "A friendly space for unpaid carers to share what helps, with a cup of tea. "
                "Come to one session or all of them."
            ),
            level=EngagementLevel.INVOLVE,
            format=ActivityFormat.IN_PERSON,
            setting=ActivitySetting.LIBRARY,
            venue="Gillingham library, community room",
            audience="Unpaid carers of someone with a mental health condition",
            capacity=12,
            status=ActivityStatus.OPEN,
            lead=lead,
        )
        start = _next(1, today)  # a Tuesday
        first.starts_at, first.ends_at = _at(start, 18), _at(start, 20)
        days = [start + datetime.timedelta(weeks=n) for n in range(10) if n != 5]  # half term
        series = series_create(first=first, frequency=SeriesFrequency.WEEKLY, days=days, actor=lead)
        for session in series.sessions.all():
            _book(session, people[:6])
        added += 1
    if not Activity.objects.filter(title=CHANGED_TITLE).exists():
        old_day, new_day = _next(2, today, weeks=1), _next(3, today, weeks=1)
        changed = _activity(
            CHANGED_TITLE,
            "Tell us what would make our online services easier to use.",
            _at(new_day, 10),
            venue="Chatham hub",
            lead=lead,
        )
        _book(changed, people[6:10])
        Activity.objects.filter(pk=changed.pk).update(sequence=1)
        ActivityChange.objects.create(
            activity=changed,
            kind=ActivityChangeKind.CHANGED,
            what_changed=(
                f"The time changed from {when_in_words(_at(old_day, 14), _at(old_day, 16))} "
                f"to {when_in_words(changed.starts_at, changed.ends_at)}."
            ),
            reason="The room was double-booked on the Wednesday.",
            changed_by=lead,
        )
        added += 1
    if not Activity.objects.filter(title=CANCELLED_TITLE).exists():
        cancelled = _activity(
            CANCELLED_TITLE,
            "A gentle walk round the community garden, talking about green spaces and wellbeing.",
            _at(_next(5, today, weeks=1), 11),
            venue="Riverside community garden",
            setting=ActivitySetting.OTHER,
            lead=lead,
        )
        _book(cancelled, people[2:7])
        Activity.objects.filter(pk=cancelled.pk).update(status=ActivityStatus.CANCELLED, sequence=1)
        ActivityChange.objects.create(
            activity=cancelled,
            kind=ActivityChangeKind.CANCELLED,
            what_changed=(
                f"{CANCELLED_TITLE} on {when_in_words(cancelled.starts_at, cancelled.ends_at)} "
                "is cancelled."
            ),
            reason="Heavy rain is forecast and the garden paths are closed.",
            changed_by=lead,
        )
        added += 1
    return added
