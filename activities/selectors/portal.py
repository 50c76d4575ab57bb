"""Reads for the co-creator's portal: opportunities that suit them, their places, their involvement."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import (
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
from django.utils import timezone

from cocreation.lib.cached import cached_figures

from ..feeds import CALENDAR as CALENDAR_VERSION
from ..models import (
    Activity,
    ActivityFormat,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    SignUp,
    SignUpStatus,
)
from .mix import ZERO, round2
from .words import hours_in_words, level_in_words, when_in_words, where_in_words


def person_involvement(cocreator_id: int) -> dict:
    """A co-creator's own record of taking part: sessions attended and total hours."""
    totals = Attendance.objects.filter(
        cocreator_id=cocreator_id, status=AttendanceStatus.ATTENDED
    ).aggregate(
        sessions=Count("pk"), hours=Coalesce(Sum("hours"), Value(ZERO), output_field=DecimalField())
    )
    return {"sessions": totals["sessions"], "hours": round2(totals["hours"])}


# Points a match earns. A shared service area counts most; any one reason alone lifts an
# activity above one with none, and the earliest comes first among equals.
MATCH_POINTS = {"interest": 3, "locality": 2, "time": 2, "format": 1}
ACTIVE_SIGNUP = (SignUpStatus.BOOKED, SignUpStatus.WAITING)


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


# --- Why an activity suits a person ------------------------------------------------------------
#
# Worked out in Python from a few columns of each activity, so the opportunities list can rank
# every upcoming activity for a person from one cached list (`_open_activities`) rather than one
# heavy query per page, and the list and an activity's own page give the same reasons.

ONLINE_FORMATS = (ActivityFormat.ONLINE, ActivityFormat.HYBRID)
IN_PERSON_FORMATS = (ActivityFormat.IN_PERSON, ActivityFormat.HYBRID)


class _Facts(NamedTuple):
    """What matching and filtering read of one activity (a tuple: quick to cache and read)."""

    pk: int
    starts_at: datetime
    service_area_id: int | None  # its project's service area (an Interest)
    locality_id: int | None
    is_evening: bool
    is_weekend: bool
    format: str
    level: int


_FACT_FIELDS = (
    "pk",
    "starts_at",
    "project__service_area_id",
    "locality_id",
    "is_evening",
    "is_weekend",
    "format",
    "level",
)


def _facts_of(activity) -> _Facts:
    project = activity.project
    return _Facts(
        activity.pk,
        activity.starts_at,
        project.service_area_id if project is not None else None,
        activity.locality_id,
        activity.is_evening,
        activity.is_weekend,
        activity.format,
        activity.level,
    )


class Matcher:
    """Why activities suit one person, from their choices: read once, then asked of each
    activity (hundreds for a page of opportunities)."""

    def __init__(self, cocreator):
        # The interests they chose (service areas and topics): the one query.
        self.interest_ids = frozenset(cocreator.interests.values_list("pk", flat=True))
        self.locality_id = cocreator.locality_id or None
        self.evenings = cocreator.available_evenings
        self.weekends = cocreator.available_weekends
        self.weekdays = cocreator.available_weekdays
        self.online = cocreator.available_online
        self.in_person = cocreator.available_in_person

    def _met(self, facts: _Facts) -> tuple[bool, ...]:
        """Interest, area, evening, weekend, weekday daytime, online, in person."""
        return (
            facts.service_area_id in self.interest_ids,
            self.locality_id is not None and facts.locality_id == self.locality_id,
            self.evenings and facts.is_evening,
            self.weekends and facts.is_weekend,
            self.weekdays and not facts.is_weekend and not facts.is_evening,
            self.online and facts.format in ONLINE_FORMATS,
            self.in_person and facts.format in IN_PERSON_FORMATS,
        )

    def score(self, facts: _Facts) -> int:
        interest, locality, evening, weekend, weekday, online, in_person = self._met(facts)
        return (
            MATCH_POINTS["interest"] * interest
            + MATCH_POINTS["locality"] * locality
            + MATCH_POINTS["time"] * bool(evening or weekend or weekday)
            + MATCH_POINTS["format"] * bool(online or in_person)
        )

    def flags(self, facts: _Facts) -> dict[str, bool]:
        """Each reason an activity may suit the person, true or false, by its `match_` name."""
        interest, locality, evening, weekend, weekday, online, in_person = self._met(facts)
        return {
            "match_interest": interest,
            "match_locality": locality,
            "match_evening": bool(evening),
            "match_weekend": bool(weekend),
            "match_weekday": bool(weekday),
            "match_online": bool(online),
            "match_in_person": bool(in_person),
            "match_time": bool(evening or weekend or weekday),
            "match_format": bool(online or in_person),
        }


def _with_places(activities, cocreator):
    """Activities with their project, area, places booked and the person's own place."""
    booked = (
        SignUp.objects.filter(activity_id=OuterRef("pk"), status=SignUpStatus.BOOKED)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        activities.select_related("project__service_area", "locality")
        .annotate(booked_count=Coalesce(Subquery(booked, output_field=IntegerField()), Value(0)))
        .prefetch_related(Prefetch("signups", queryset=_my_signups(cocreator), to_attr="mine"))
    )


def with_match(activity, matcher: Matcher):
    """The activity, with why it suits the person as `match_*` attributes (for its card)."""
    for name, value in matcher.flags(_facts_of(activity)).items():
        setattr(activity, name, value)
    return activity


@dataclass(frozen=True)
class OpportunityFilters:
    """What a co-creator narrowed their opportunities to. None (or nothing) means any."""

    interest_id: int | None = None  # the service area (an Interest) of the activity's project
    locality_id: int | None = None
    starts_from: datetime | None = None  # starts at or after
    starts_before: datetime | None = None
    format: str | None = None  # ActivityFormat.ONLINE or IN_PERSON; hybrid counts as both
    level: int | None = None

    def admits(self, facts: _Facts) -> bool:
        """Whether an activity is among those asked for; online or in person takes in hybrid."""
        return (
            (self.interest_id is None or facts.service_area_id == self.interest_id)
            and (self.locality_id is None or facts.locality_id == self.locality_id)
            and (self.starts_from is None or facts.starts_at >= self.starts_from)
            and (self.starts_before is None or facts.starts_at < self.starts_before)
            and (not self.format or facts.format in (self.format, ActivityFormat.HYBRID))
            and (self.level is None or facts.level == self.level)
        )


NO_FILTERS = OpportunityFilters()


def _open_activities() -> list[_Facts]:
    """Every public activity open for sign-up that has not started, soonest first: the same for
    everyone, so kept in the cache under the calendar's data version, which moves with any
    change to activities or their projects (activities migrations 0003 and 0006). An activity
    that starts after the list was made is left out when the list is read (`opportunities_for`).
    """

    def read() -> list[_Facts]:
        rows = (
            Activity.objects.open_for_signup()
            .public()
            .order_by("starts_at", "pk")
            .values_list(*_FACT_FIELDS)
        )
        return [_Facts._make(row) for row in rows]

    return cached_figures("open-activities", read, name=CALENDAR_VERSION)


def opportunities_for(
    *, matcher: Matcher, filters: OpportunityFilters | None = None, now=None
) -> list[int]:
    """The ids of the upcoming public activities open for sign-up that the filters admit, best
    matches for the person first, then soonest. Reads only the cached list (and its version)."""
    now = now or timezone.now()
    filters = filters or NO_FILTERS
    ranked = [
        (-matcher.score(facts), facts.starts_at, facts.pk)
        for facts in _open_activities()
        if facts.starts_at >= now and filters.admits(facts)
    ]
    ranked.sort()
    return [pk for _score, _starts_at, pk in ranked]


def opportunities_by_id(*, cocreator, matcher: Matcher, ids: list[int]) -> list:
    """The activities with these ids, in this order, each with why it suits the person, places
    booked and the person's own place. Two queries, however many."""
    found = _with_places(Activity.objects.filter(pk__in=ids), cocreator).in_bulk()
    return [with_match(found[pk], matcher) for pk in ids if pk in found]


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
    """`activities_open_to`, with places booked and the person's own place (`with_match` adds
    why one suits them)."""
    return _with_places(activities_open_to(cocreator=cocreator, now=now), cocreator)


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
