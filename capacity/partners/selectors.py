"""Reads for the partner section: the partner's home (the offer for partners and their own
requests), the training and toolkit pages, the staff lists, the staff dashboard's panel and the
partner organisation's section. Each in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Q, QuerySet, When
from django.utils import timezone

from activities.models import ActivityStatus
from cocreation.lib.dates import date_text
from community.models import PartnerOrganisation, User

from ..models import (
    Course,
    CourseRun,
    CourseSession,
    PartnerAccess,
    ResourceAudience,
    ResourceKind,
    SupportRequest,
    SupportRequestKind,
    SupportRequestStatus,
)
from ..resources.selectors import resources_published

TOOLKIT_KINDS = (ResourceKind.TOOLKIT, ResourceKind.GUIDE)
HOME_TOOLKITS = 5  # the home page lists this many; the toolkits page lists them all


@dataclass
class RunOffer:
    run: CourseRun
    sessions: list[CourseSession]

    @property
    def first(self) -> CourseSession:
        return self.sessions[0]


@dataclass
class CourseOffer:
    course: Course
    runs: list[RunOffer] = field(default_factory=list)

    @property
    def next_session(self) -> CourseSession | None:
        return self.runs[0].first if self.runs else None


def partner_courses(*, now: datetime.datetime | None = None) -> list[CourseOffer]:
    """Courses for partners that are offered now, each with its runs that have sessions still to
    come (those sessions, soonest first; runs by their first session). Two queries."""
    now = now or timezone.now()
    upcoming = (
        CourseSession.objects.filter(activity__starts_at__gt=now)
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .select_related("activity", "activity__locality")
        .order_by("activity__starts_at", "pk")
    )
    courses = list(
        Course.objects.filter(is_active=True, for_partners=True)
        .select_related("partner")
        .order_by("title", "pk")
    )
    sessions = upcoming.filter(run__course__in=[c.pk for c in courses]).select_related("run")
    by_run: dict[int, RunOffer] = {}
    by_course: dict[int, list[RunOffer]] = {}
    for session in sessions:  # soonest first, so each run's list and the runs come in order
        offer = by_run.get(session.run_id)
        if offer is None:
            offer = by_run[session.run_id] = RunOffer(run=session.run, sessions=[])
            by_course.setdefault(session.run.course_id, []).append(offer)
        offer.sessions.append(session)
    return [CourseOffer(course=c, runs=by_course.get(c.pk, [])) for c in courses]


def partner_toolkits() -> QuerySet:
    """Published toolkits and guides everyone may read (their public pages), title order."""
    return resources_published(audiences=[ResourceAudience.PUBLIC]).filter(kind__in=TOOLKIT_KINDS)


def own_requests(user: User) -> QuerySet[SupportRequest]:
    """The user's own support requests, newest first."""
    return SupportRequest.objects.filter(requested_by=user).order_by("-created_at", "-pk")


def open_access_of(user: User) -> PartnerAccess | None:
    """The user's partner access while it is open (with its organisation), or None."""
    return (
        PartnerAccess.objects.select_related("organisation")
        .filter(user=user, ended_at__isnull=True)
        .first()
    )


def partner_home(user: User, *, now: datetime.datetime | None = None) -> dict:
    """Everything on a partner's home page: their access, the offer (courses with their next
    sessions, toolkits) and their own requests. Five queries."""
    toolkits = list(partner_toolkits()[: HOME_TOOLKITS + 1])
    return {
        "access": open_access_of(user),
        "courses": partner_courses(now=now),
        "toolkits": toolkits[:HOME_TOOLKITS],
        "more_toolkits": len(toolkits) > HOME_TOOLKITS,
        "requests": list(own_requests(user)),
    }


def course_for_request(pk) -> Course | None:
    """A course for partners offered now, to name in a request for a place (None if not one)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Course.objects.filter(pk=pk, is_active=True, for_partners=True).first()


def prefilled_request(kind: str, course_pk, *, now: datetime.datetime | None = None) -> dict:
    """What the support form starts with, from the link that led to it: the kind, and for a
    place on a course, a sentence naming it and its next session."""
    initial = {}
    if kind in SupportRequestKind.values:
        initial["kind"] = kind
    course = course_for_request(course_pk)
    if course is not None:
        initial["kind"] = SupportRequestKind.TRAINING
        offer = next((o for o in partner_courses(now=now) if o.course.pk == course.pk), None)
        sentence = f"I would like a place on {course.title}"
        if offer is not None and offer.next_session is not None:
            run = offer.runs[0]
            sentence += f", {run.run.name}, starting {date_text(run.first.activity.starts_at)}"
        initial["what_is_needed"] = sentence + "."
    return initial


# --- Staff -------------------------------------------------------------------------------------


def access_rows(*, organisation: PartnerOrganisation | None = None, state: str = ""):
    """Partner logins for the staff list, open ones first, newest first. One query a page."""
    rows = PartnerAccess.objects.select_related("user", "organisation", "given_by")
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    if state == "open":
        rows = rows.filter(ended_at__isnull=True)
    elif state == "ended":
        rows = rows.filter(ended_at__isnull=False)
    return rows.order_by(F("ended_at").asc(nulls_first=True), "-given_at", "-pk")


def request_rows(*, status: str = "", organisation: PartnerOrganisation | None = None):
    """Support requests for the staff list, new ones first, then newest first. One query a page."""
    rows = SupportRequest.objects.select_related("requested_by", "organisation", "handled_by")
    if status in SupportRequestStatus.values:
        rows = rows.filter(status=status)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    new_first = Case(When(status=SupportRequestStatus.NEW, then=0), default=1)
    return rows.order_by(new_first, "-created_at", "-pk")


def dashboard_panel(user) -> dict:
    """The staff dashboard's panel: how many support requests are new (exact). One query."""
    return {"new": SupportRequest.objects.filter(status=SupportRequestStatus.NEW).count()}


def organisation_section(partner: PartnerOrganisation) -> dict:
    """The partner organisation page's section: its open partner logins and its requests (new and
    all). Two queries."""
    logins = PartnerAccess.objects.filter(organisation=partner, ended_at__isnull=True).count()
    requests = SupportRequest.objects.filter(organisation=partner).aggregate(
        total=Count("pk"), new=Count("pk", filter=Q(status=SupportRequestStatus.NEW))
    )
    return {"partner": partner, "logins": logins, **requests}
