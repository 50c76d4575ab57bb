"""Reads for the co-creator's portal: opportunities that suit them, their places, their involvement."""

from dataclasses import dataclass
from datetime import datetime

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
from django.utils import timezone

from community.models import CoCreator

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


@dataclass(frozen=True)
class OpportunityFilters:
    """What a co-creator narrowed their opportunities to. None (or nothing) means any."""

    interest_id: int | None = None  # the service area (an Interest) of the activity's project
    locality_id: int | None = None
    starts_from: datetime | None = None  # starts at or after
    starts_before: datetime | None = None
    format: str | None = None  # ActivityFormat.ONLINE or IN_PERSON; hybrid counts as both
    level: int | None = None


def _filtered(activities, filters: OpportunityFilters):
    """Activities narrowed to what the filters ask for; online or in person takes in hybrid."""
    if filters.interest_id is not None:
        activities = activities.filter(project__service_area_id=filters.interest_id)
    if filters.locality_id is not None:
        activities = activities.filter(locality_id=filters.locality_id)
    if filters.starts_from is not None:
        activities = activities.filter(starts_at__gte=filters.starts_from)
    if filters.starts_before is not None:
        activities = activities.filter(starts_at__lt=filters.starts_before)
    if filters.format:
        activities = activities.filter(format__in=[filters.format, ActivityFormat.HYBRID])
    if filters.level is not None:
        activities = activities.filter(level=filters.level)
    return activities


NO_FILTERS = OpportunityFilters()


def opportunities_for(*, cocreator, filters: OpportunityFilters | None = None, now=None):
    """Upcoming public activities open for sign-up, narrowed by the person's filters, best
    matches for them first."""
    activities = _filtered(Activity.objects.open_for_signup(now).public(), filters or NO_FILTERS)
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
