"""Reads about activities for pages and the staff dashboard. Aggregates run in the database."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from cocreation.lib.periods import Period

from .models import (
    INFORMAL_SETTINGS,
    LEVEL_MEANINGS,
    Activity,
    ActivityFormat,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
    SignUp,
    SignUpStatus,
)

ZERO = Decimal("0")


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LevelRow:
    level: EngagementLevel
    activities: int
    participant_hours: Decimal


@dataclass(frozen=True)
class EngagementMix:
    """The engagement-level mix of one period's activities (cancelled ones left out)."""

    period: Period
    rows: list[LevelRow]
    activities: int
    participant_hours: Decimal
    centre_of_gravity: Decimal | None  # mean level 1-5 weighted by participant-hours
    evening_or_weekend: int
    informal: int

    def share(self, part: int) -> Decimal | None:
        return _q2(Decimal(part) * 100 / self.activities) if self.activities else None

    @property
    def evening_or_weekend_pct(self):
        return self.share(self.evening_or_weekend)

    @property
    def informal_pct(self):
        return self.share(self.informal)


def engagement_mix(period: Period) -> EngagementMix:
    """Activities and participant-hours per level, the centre of gravity, evening/weekend and informal shares.

    Two queries whatever the number of activities or attendances.
    """
    start, end = period.bounds()
    activities = Activity.objects.between(start, end).exclude(status=ActivityStatus.CANCELLED)
    per_level = dict(
        (row["level"], row)
        for row in activities.values("level").annotate(
            n=Count("pk"),
            evening_or_weekend=Count("pk", filter=Q(is_evening=True) | Q(is_weekend=True)),
            informal=Count("pk", filter=Q(setting__in=INFORMAL_SETTINGS)),
        )
    )
    hours = dict(
        Attendance.objects.filter(activity__in=activities, status=AttendanceStatus.ATTENDED)
        .values("activity__level")
        .annotate(h=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField()))
        .values_list("activity__level", "h")
    )
    rows = [
        LevelRow(level, per_level.get(level, {}).get("n", 0), _q2(hours.get(level, ZERO)))
        for level in EngagementLevel
    ]
    total_hours = sum((r.participant_hours for r in rows), ZERO)
    weighted = sum((r.participant_hours * int(r.level) for r in rows), ZERO)
    return EngagementMix(
        period=period,
        rows=rows,
        activities=sum(r.activities for r in rows),
        participant_hours=total_hours,
        centre_of_gravity=_q2(weighted / total_hours) if total_hours else None,
        evening_or_weekend=sum(v["evening_or_weekend"] for v in per_level.values()),
        informal=sum(v["informal"] for v in per_level.values()),
    )


def person_involvement(cocreator_id: int) -> dict:
    """A co-creator's own record of taking part: sessions attended and total hours."""
    totals = Attendance.objects.filter(
        cocreator_id=cocreator_id, status=AttendanceStatus.ATTENDED
    ).aggregate(
        sessions=Count("pk"), hours=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField())
    )
    return {"sessions": totals["sessions"], "hours": _q2(totals["hours"])}


# --- Co-creator portal: opportunities, sign-ups and involvement ------------------------------

# Points a match earns. A shared service area counts most; any one reason alone lifts an
# activity above one with none, and the earliest comes first among equals.
MATCH_POINTS = {"interest": 3, "locality": 2, "time": 2, "format": 1}
ACTIVE_SIGNUP = (SignUpStatus.BOOKED, SignUpStatus.WAITING)


def _flag(condition: Q | None):
    """A true/false column for a condition worked out from the person's choices (None: never)."""
    if condition is None:
        return Value(False, output_field=BooleanField())
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _any(*conditions: Q | None) -> Q | None:
    present = [c for c in conditions if c is not None]
    if not present:
        return None
    combined = present[0]
    for c in present[1:]:
        combined |= c
    return combined


def _points(flag_name: str, points: int):
    return Case(When(**{flag_name: True}, then=Value(points)), default=Value(0))


def queue_position():
    """For a sign-up row: its place in its activity's waiting list (1 is next), else None."""
    ahead = SignUp.objects.filter(
        activity_id=OuterRef("activity_id"), status=SignUpStatus.WAITING
    ).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
    )
    counted = ahead.order_by().values("activity_id").annotate(n=Count("pk")).values("n")[:1]
    return Case(
        When(status=SignUpStatus.WAITING, then=Subquery(counted)),
        default=Value(None),
        output_field=IntegerField(),
    )


def _my_signups(cocreator):
    return SignUp.objects.filter(cocreator=cocreator, status__in=ACTIVE_SIGNUP).annotate(
        position=queue_position()
    )


def _with_match(activities, cocreator):
    """Annotate each activity with why it suits this person, a match score, and places booked.

    Everything is worked out in the database, in the one query that fetches the page.
    """
    from community.models import CoCreator

    evening = Q(is_evening=True) if cocreator.available_evenings else None
    weekend = Q(is_weekend=True) if cocreator.available_weekends else None
    weekday = Q(is_weekend=False, is_evening=False) if cocreator.available_weekdays else None
    online = (
        Q(format__in=[ActivityFormat.ONLINE, ActivityFormat.HYBRID])
        if cocreator.available_online
        else None
    )
    in_person = (
        Q(format__in=[ActivityFormat.IN_PERSON, ActivityFormat.HYBRID])
        if cocreator.available_in_person
        else None
    )
    nearby = Q(locality_id=cocreator.locality_id) if cocreator.locality_id else None
    shares_interest = Exists(
        CoCreator.interests.through.objects.filter(
            cocreator_id=cocreator.pk, interest_id=OuterRef("project__service_area_id")
        )
    )
    booked = (
        SignUp.objects.filter(activity_id=OuterRef("pk"), status=SignUpStatus.BOOKED)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        activities.select_related("project__service_area", "locality")
        .annotate(
            match_interest=shares_interest,
            match_locality=_flag(nearby),
            match_evening=_flag(evening),
            match_weekend=_flag(weekend),
            match_weekday=_flag(weekday),
            match_online=_flag(online),
            match_in_person=_flag(in_person),
            match_time=_flag(_any(evening, weekend, weekday)),
            match_format=_flag(_any(online, in_person)),
            booked_count=Coalesce(Subquery(booked, output_field=IntegerField()), Value(0)),
        )
        .annotate(
            match_score=_points("match_interest", MATCH_POINTS["interest"])
            + _points("match_locality", MATCH_POINTS["locality"])
            + _points("match_time", MATCH_POINTS["time"])
            + _points("match_format", MATCH_POINTS["format"])
        )
        .prefetch_related(Prefetch("signups", queryset=_my_signups(cocreator), to_attr="mine"))
    )


def opportunities_for(*, cocreator, now=None):
    """Upcoming public activities open for sign-up, best matches for this person first."""
    activities = Activity.objects.open_for_signup(now).public()
    return _with_match(activities, cocreator).order_by("-match_score", "starts_at", "pk")


def activities_open_to(*, cocreator, now=None):
    """The activities a co-creator may open: upcoming public ones open for sign-up, and upcoming
    ones they hold a place (or a place in the queue) for, so a booking stays in view if sign-up
    closes. Cancelled, past and other non-public activities are not among them."""
    holds = SignUp.objects.filter(
        activity_id=OuterRef("pk"), cocreator=cocreator, status__in=ACTIVE_SIGNUP
    )
    return Activity.objects.upcoming(now).filter(
        Q(status=ActivityStatus.OPEN, is_public=True) | Exists(holds)
    )


def opportunities_visible_to(*, cocreator, now=None):
    """`activities_open_to`, with why each suits the person, places booked and their own place."""
    return _with_match(activities_open_to(cocreator=cocreator, now=now), cocreator)


def _clock(moment) -> str:
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def _day(moment) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def when_in_words(starts_at, ends_at=None) -> str:
    """A session's time as people say it, in UK time: "Tuesday 2 March 2027, 6pm to 8pm"."""
    from datetime import time, timedelta

    from django.utils import timezone

    start = timezone.localtime(starts_at)
    text = f"{_day(start)}, {_clock(start)}"
    if ends_at is None:
        return text
    end = timezone.localtime(ends_at)
    # A session ending at midnight ends "at midnight" on its own day, as people say it.
    end_day = (end - timedelta(microseconds=1)).date() if end.time() == time(0) else end.date()
    if end_day == start.date():
        return f"{text} to {_clock(end)}"
    return f"{text} to {_day(end)}, {_clock(end)}"


def hours_in_words(hours: Decimal) -> str:
    """2.50 -> "2.5 hours", 1 -> "1 hour"."""
    number = f"{Decimal(hours).normalize():f}"
    return f"{number} hour" if number == "1" else f"{number} hours"


def level_in_words(level: int) -> str:
    """The level's meaning, with its name: "People help shape the process and the outcomes (Involve)"."""
    meaning = LEVEL_MEANINGS[EngagementLevel(level)]
    return f"{meaning.rstrip('.')} ({EngagementLevel(level).label})."


@dataclass(frozen=True)
class Opportunity:
    """An activity as a co-creator sees it: when and where in words, why it suits them, their place."""

    activity: Activity
    when: str
    level: str
    reasons: list[str]
    places_left: int | None  # None: no limit
    my_signup: SignUp | None

    @property
    def is_full(self) -> bool:
        return self.places_left is not None and self.places_left <= 0

    @property
    def places(self) -> str:
        if self.places_left is None:
            return "Places available"
        if self.is_full:
            return "Full" if self.my_signup else "Full – you can join the waiting list"
        return "1 place left" if self.places_left == 1 else f"{self.places_left} places left"

    @property
    def is_booked(self) -> bool:
        return self.my_signup is not None and self.my_signup.status == SignUpStatus.BOOKED

    @property
    def is_waiting(self) -> bool:
        return self.my_signup is not None and self.my_signup.status == SignUpStatus.WAITING

    @property
    def where(self) -> str:
        return where_in_words(self.activity)


def match_reasons(activity) -> list[str]:
    """Why an annotated activity suits the person, in plain words."""
    reasons = []
    project = activity.project
    if activity.match_interest and project is not None and project.service_area is not None:
        reasons.append(f"About {project.service_area.name}")
    if activity.match_locality:
        reasons.append(f"Near you in {activity.locality.name}")
    if activity.match_evening:
        reasons.append("In the evening")
    if activity.match_weekend:
        reasons.append("At the weekend")
    if activity.match_weekday:
        reasons.append("On a weekday, in the daytime")
    if activity.match_online:
        reasons.append("You can take part online")
    if activity.match_in_person:
        reasons.append("You can take part in person")
    return reasons


def opportunity_card(activity) -> Opportunity:
    """Shape one activity from `opportunities_for` (or `opportunities_visible_to`) for a page."""
    mine = activity.mine[0] if activity.mine else None
    left = None if activity.capacity is None else max(activity.capacity - activity.booked_count, 0)
    return Opportunity(
        activity=activity,
        when=when_in_words(activity.starts_at, activity.ends_at),
        level=level_in_words(activity.level),
        reasons=match_reasons(activity),
        places_left=left,
        my_signup=mine,
    )


def signup_queue_position(signup: SignUp) -> int | None:
    """Where a sign-up stands on its waiting list (1 is next), or None if it is not waiting."""
    return (
        SignUp.objects.filter(pk=signup.pk)
        .annotate(p=queue_position())
        .values_list("p", flat=True)[0]
    )


def my_upcoming_signups(*, cocreator, now=None):
    """A person's places and waiting-list places at activities still to come, soonest first."""
    from django.utils import timezone

    return (
        _my_signups(cocreator)
        .filter(activity__starts_at__gte=now or timezone.now())
        .select_related("activity__locality")
        .order_by("activity__starts_at", "pk")
    )


def my_past_sessions(*, cocreator):
    """The sessions a person came to, newest first, with their role and hours."""
    return (
        Attendance.objects.filter(cocreator=cocreator, status=AttendanceStatus.ATTENDED)
        .select_related("activity")
        .order_by("-activity__starts_at", "-pk")
    )


def portal_involvement_summary(cocreator) -> dict:
    """The portal home's involvement section: the next booked activity, waiting lists, and totals."""
    from django.utils import timezone

    upcoming = (
        SignUp.objects.filter(cocreator=cocreator, activity__starts_at__gte=timezone.now())
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .order_by("activity__starts_at", "pk")
    )
    next_booked = upcoming.filter(status=SignUpStatus.BOOKED).select_related("activity").first()
    involvement = person_involvement(cocreator.pk)
    return {
        "next_activity": next_booked.activity if next_booked else None,
        "next_when": (
            when_in_words(next_booked.activity.starts_at, next_booked.activity.ends_at)
            if next_booked
            else ""
        ),
        "waiting": upcoming.filter(status=SignUpStatus.WAITING).count(),
        "sessions": involvement["sessions"],
        "hours": involvement["hours"],
        "hours_text": hours_in_words(involvement["hours"]),
    }


# --- Staff pages: projects, activities, sign-ups and attendance ---------------------------------


def project_list(*, stage: str = "", status: str = "", objective: str = ""):
    """Projects for the staff list, filtered, each with its activity count and objectives."""
    from django.db.models import Exists, OuterRef, Prefetch

    from .models import Project, ProjectObjective

    projects = Project.objects.select_related("service_area", "lead").annotate(
        activity_count=Count("activities", distinct=True)
    )
    if stage:
        projects = projects.filter(stage=stage)
    if status:
        projects = projects.filter(status=status)
    if objective:
        projects = projects.filter(
            Exists(ProjectObjective.objects.filter(project=OuterRef("pk"), objective=objective))
        )
    return projects.prefetch_related(
        Prefetch("objectives", queryset=ProjectObjective.objects.order_by("objective"))
    ).order_by("title", "pk")


@dataclass(frozen=True)
class LevelCount:
    level: EngagementLevel
    meaning: str
    activities: int


def project_level_mix(project) -> list[LevelCount]:
    """How many of a project's activities sit at each engagement level (cancelled left out); one query."""
    from .models import LEVEL_MEANINGS

    counts = dict(
        Activity.objects.filter(project=project)
        .exclude(status=ActivityStatus.CANCELLED)
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    return [
        LevelCount(level, LEVEL_MEANINGS[level], counts.get(level, 0)) for level in EngagementLevel
    ]


ACTIVITY_WHEN = ("upcoming", "past", "all")
ACTIVITY_TIMES = ("evening", "weekend", "either")


def activity_list(
    *,
    when: str = "upcoming",
    level: int | None = None,
    status: str = "",
    project_id: int | None = None,
    locality_id: int | None = None,
    setting: str = "",
    time: str = "",
    now=None,
):
    """Activities for the staff list, filtered, with booked and waiting counts from one query.

    `when` is "upcoming" (soonest first), "past" or "all" (latest first); `time` is "evening",
    "weekend" or "either".
    """
    from django.utils import timezone

    from .models import SignUpStatus

    now = now or timezone.now()
    activities = Activity.objects.select_related("project", "locality").annotate(
        booked_count=Count("signups", filter=Q(signups__status=SignUpStatus.BOOKED)),
        waiting_count=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
    )
    if when == "upcoming":
        activities = activities.filter(starts_at__gte=now).order_by("starts_at", "pk")
    elif when == "past":
        activities = activities.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        activities = activities.order_by("-starts_at", "-pk")
    if level:
        activities = activities.at_level(level)
    if status:
        activities = activities.filter(status=status)
    if project_id:
        activities = activities.filter(project_id=project_id)
    if locality_id:
        activities = activities.filter(locality_id=locality_id)
    if setting:
        activities = activities.filter(setting=setting)
    if time == "evening":
        activities = activities.filter(is_evening=True)
    elif time == "weekend":
        activities = activities.filter(is_weekend=True)
    elif time == "either":
        activities = activities.filter(Q(is_evening=True) | Q(is_weekend=True))
    return activities


def activity_signups(activity) -> tuple[list, list]:
    """An activity's sign-ups with each person: booked in booking order, then the waiting queue."""
    from .models import SignUp, SignUpStatus

    rows = list(
        SignUp.objects.filter(
            activity=activity, status__in=[SignUpStatus.BOOKED, SignUpStatus.WAITING]
        )
        .select_related("cocreator")
        .order_by("created_at", "pk")
    )
    booked = [s for s in rows if s.status == SignUpStatus.BOOKED]
    waiting = [s for s in rows if s.status == SignUpStatus.WAITING]
    return booked, waiting


@dataclass(frozen=True)
class AttendanceSummary:
    attended: int
    did_not_attend: int
    apologies: int
    walked_in: int
    hours: Decimal

    @property
    def recorded(self) -> int:
        return self.attended + self.did_not_attend + self.apologies


def attendance_summary(activity) -> AttendanceSummary:
    """How many came, did not come or sent apologies, walk-ins, and participant-hours; one query."""
    totals = Attendance.objects.filter(activity=activity).aggregate(
        attended=Count("pk", filter=Q(status=AttendanceStatus.ATTENDED)),
        did_not_attend=Count("pk", filter=Q(status=AttendanceStatus.DID_NOT_ATTEND)),
        apologies=Count("pk", filter=Q(status=AttendanceStatus.APOLOGIES)),
        walked_in=Count("pk", filter=Q(walked_in=True, status=AttendanceStatus.ATTENDED)),
        hours=Coalesce(
            Sum("hours", filter=Q(status=AttendanceStatus.ATTENDED)),
            Value(ZERO),
            output_field=DecimalField(),
        ),
    )
    return AttendanceSummary(
        attended=totals["attended"],
        did_not_attend=totals["did_not_attend"],
        apologies=totals["apologies"],
        walked_in=totals["walked_in"],
        hours=_q2(totals["hours"]),
    )


@dataclass
class RegisterRow:
    """One person on a session's attendance register."""

    cocreator_id: int
    full_name: str
    booked_at: object = None  # when they booked, if they hold a place
    attendance: Attendance | None = None

    @property
    def walked_in(self) -> bool:
        return self.attendance is not None and self.attendance.walked_in


def attendance_register(activity) -> list[RegisterRow]:
    """Everyone booked on a session (in booking order), then anyone else already recorded (by name).

    Two queries whatever the number of people.
    """
    from .models import SignUpStatus

    rows: dict[int, RegisterRow] = {}
    for cocreator_id, full_name, booked_at in (
        activity.signups.filter(status=SignUpStatus.BOOKED)
        .order_by("created_at", "pk")
        .values_list("cocreator_id", "cocreator__full_name", "created_at")
    ):
        rows[cocreator_id] = RegisterRow(cocreator_id, full_name, booked_at)
    others = []
    for attendance in activity.attendances.select_related("cocreator").order_by(
        "cocreator__full_name", "pk"
    ):
        row = rows.get(attendance.cocreator_id)
        if row is None:
            row = RegisterRow(attendance.cocreator_id, attendance.cocreator.full_name)
            others.append(row)
        row.attendance = attendance
    return [*rows.values(), *others]


# --- Staff dashboard ---------------------------------------------------------------------------

# Each dashboard list shows at most this many rows and links on to the full list.
DASHBOARD_ROWS = 20


@dataclass(frozen=True)
class Shortlist:
    """The first rows of a dashboard list, and whether there are more than it shows."""

    rows: list
    more: bool


def _shortlist(activities, limit: int) -> Shortlist:
    rows = list(activities[: limit + 1])
    return Shortlist(rows=rows[:limit], more=len(rows) > limit)


def _with_signup_counts(activities):
    return activities.annotate(
        booked=Count("signups", filter=Q(signups__status=SignUpStatus.BOOKED)),
        waiting=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
    ).only("title", "level", "starts_at", "ends_at", "capacity", "status")


def dashboard_upcoming(*, now=None, days: int = 14, limit: int = DASHBOARD_ROWS) -> Shortlist:
    """Activities starting in the next `days` days (cancelled left out), with booked and waiting counts. One query."""
    from datetime import timedelta

    from django.utils import timezone

    now = now or timezone.now()
    activities = Activity.objects.upcoming(now).filter(starts_at__lt=now + timedelta(days=days))
    return _shortlist(_with_signup_counts(activities).order_by("starts_at", "pk"), limit)


def dashboard_waiting_lists(*, now=None, limit: int = DASHBOARD_ROWS) -> Shortlist:
    """Activities still to come with people on their waiting list, soonest first. One query."""
    from django.utils import timezone

    activities = _with_signup_counts(Activity.objects.upcoming(now or timezone.now()))
    return _shortlist(activities.filter(waiting__gt=0).order_by("starts_at", "pk"), limit)


def dashboard_attendance_to_record(
    *, now=None, days: int = 90, limit: int = DASHBOARD_ROWS
) -> Shortlist:
    """Activities that ended in the last `days` days, not cancelled, with no attendance recorded. One query.

    Oldest first: the longer a session waits, the harder it is to remember who came.
    """
    from datetime import timedelta

    from django.utils import timezone

    now = now or timezone.now()
    activities = (
        Activity.objects.filter(ends_at__lte=now, ends_at__gt=now - timedelta(days=days))
        .exclude(status=ActivityStatus.CANCELLED)
        .exclude(Exists(Attendance.objects.filter(activity=OuterRef("pk"))))
    )
    return _shortlist(_with_signup_counts(activities).order_by("ends_at", "pk"), limit)


def centre_of_gravity_trend(before: Decimal | None, after: Decimal | None) -> str:
    """The change in the centre of gravity between two periods, in words."""
    if before is None and after is None:
        return "not known yet: no participant-hours are recorded for either quarter"
    if before is None:
        return f"{after}, with no participant-hours recorded in the quarter before to compare with"
    if after is None:
        return f"not known yet for this quarter: no participant-hours are recorded (it was {before} in the quarter before)"
    if after > before:
        return f"up from {before} to {after}, towards deeper involvement"
    if after < before:
        return f"down from {before} to {after}, away from deeper involvement"
    return f"unchanged at {after}"


@dataclass(frozen=True)
class LevelComparison:
    level: EngagementLevel
    previous: LevelRow
    current: LevelRow


@dataclass(frozen=True)
class EngagementComparison:
    """This quarter's engagement mix beside the quarter before's."""

    current: EngagementMix
    previous: EngagementMix

    @property
    def levels(self) -> list[LevelComparison]:
        return [
            LevelComparison(now.level, before, now)
            for before, now in zip(self.previous.rows, self.current.rows, strict=True)
        ]

    @property
    def trend(self) -> str:
        return centre_of_gravity_trend(
            self.previous.centre_of_gravity, self.current.centre_of_gravity
        )


def engagement_comparison(today=None) -> EngagementComparison:
    """The engagement mix of the quarter containing `today` and of the quarter before. Four queries."""
    from django.utils import timezone

    from cocreation.lib.periods import period_containing

    quarter = period_containing(today or timezone.localdate(), "quarter")
    return EngagementComparison(
        current=engagement_mix(quarter), previous=engagement_mix(quarter.previous())
    )


# --- Calendar: the public month and list views, the iCalendar feeds, awareness dates ----------

import datetime as _dt  # noqa: E402

# The public list shows this far ahead; the feeds reach this far back, so a calendar app keeps
# recent sessions.
CALENDAR_LIST_DAYS = 366
FEED_PAST_DAYS = 90
# The month pages stop somewhere, so a crawler following "next month" links does too.
CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR = 2020, 2100


def _local_midnight(day: _dt.date) -> _dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(_dt.datetime.combine(day, _dt.time.min))


def _month_after(first: _dt.date) -> _dt.date:
    return _dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _month_before(first: _dt.date) -> _dt.date:
    return _dt.date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def date_range_in_words(starts_on: _dt.date, ends_on: _dt.date | None) -> str:
    """A span of days in words: "10 October 2026", "11 to 17 May 2026", "23 February to 1 March 2026"."""
    end = ends_on or starts_on
    if end == starts_on:
        return f"{starts_on.day} {starts_on:%B %Y}"
    if (starts_on.year, starts_on.month) == (end.year, end.month):
        return f"{starts_on.day} to {end.day} {end:%B %Y}"
    if starts_on.year == end.year:
        return f"{starts_on.day} {starts_on:%B} to {end.day} {end:%B %Y}"
    return f"{starts_on.day} {starts_on:%B %Y} to {end.day} {end:%B %Y}"


def public_activity_or_404(pk: int) -> Activity:
    """An activity for the public calendar: public and not cancelled, else 404."""
    from django.shortcuts import get_object_or_404

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
        from django.utils import timezone

        start = timezone.localtime(self.activity.starts_at)
        end = timezone.localtime(self.activity.ends_at)
        if end.date() != start.date():
            return f"{_clock(start)} to {_day(end)}, {_clock(end)}"
        return f"{_clock(start)} to {_clock(end)}"

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
    from .models import AwarenessDate

    return (
        AwarenessDate.objects.annotate(last_day=Coalesce("ends_on", "starts_on"))
        .filter(starts_on__lt=end, last_day__gte=start)
        .order_by("starts_on", "name", "pk")
    )


def calendar_month(first: _dt.date, *, today: _dt.date) -> CalendarMonth:
    """The public calendar for the month starting on `first`. Two queries however busy the month."""
    import calendar as _calendar

    first = first.replace(day=1)
    after = _month_after(first)
    activities = list(
        Activity.objects.public()
        .between(_local_midnight(first), _local_midnight(after))
        .only("pk", "title", "starts_at", "ends_at")
        .order_by("starts_at", "pk")
    )
    awareness = list(_awareness_touching(first, after))

    from django.utils import timezone

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


def calendar_upcoming(*, today: _dt.date, days: int = CALENDAR_LIST_DAYS) -> list[CalendarItem]:
    """Public activities and awareness dates from today for about a year, in date order. Two queries.

    An awareness date already under way is listed under today.
    """
    from django.utils import timezone

    horizon = today + _dt.timedelta(days=days)
    activities = (
        Activity.objects.public()
        .between(_local_midnight(today), _local_midnight(horizon))
        .select_related("locality")
        .only("pk", "title", "starts_at", "ends_at", "format", "venue", "locality__name")
        .order_by("starts_at", "pk")
    )
    items = [
        CalendarItem(max(row.starts_on, today), awareness=row, continues=row.starts_on < today)
        for row in _awareness_touching(today, horizon)
    ]
    items += [CalendarItem(timezone.localtime(a.starts_at).date(), activity=a) for a in activities]
    # Awareness dates head each day; activities follow in time order (the sort is stable).
    return sorted(items, key=lambda item: (item.day, item.activity is not None))


def where_in_words(activity: Activity) -> str:
    """Where an activity happens, for the public: "Online", or the venue and area."""
    place = ", ".join(p for p in (activity.venue, str(activity.locality or "")) if p)
    if activity.format == ActivityFormat.ONLINE:
        return "Online"
    if activity.format == ActivityFormat.HYBRID:
        return f"{place}, or online" if place else "In person or online"
    return place or "To be confirmed"


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
    from .models import AwarenessDate

    return (
        AwarenessDate.objects.annotate(last_day=Coalesce("ends_on", "starts_on"))
        .filter(last_day__gte=today - _dt.timedelta(days=FEED_PAST_DAYS))
        .order_by("starts_on", "name", "pk")
    )


def personal_feed_for_token(token: str):
    """The calendar feed a secret address belongs to, or None (for an unknown or old address, or
    a person who has left the community)."""
    from community.models import CoCreatorStatus

    from .models import CalendarFeed

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
    from django.utils import timezone

    from .models import AwarenessDate

    today = timezone.localdate()
    rows = AwarenessDate.objects.annotate(last_day=Coalesce("ends_on", "starts_on"))
    if show == "current":
        return rows.filter(last_day__gte=today).order_by("starts_on", "name", "pk")
    if show == "past":
        return rows.filter(last_day__lt=today).order_by("-starts_on", "name", "pk")
    return rows.order_by("starts_on", "name", "pk")
