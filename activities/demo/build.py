"""Writing the demo's projects, activities, sign-ups and attendance, in bulk and idempotently."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from community.models import (
    CoCreator,
    CoCreatorStatus,
    Interest,
    Locality,
    PartnerOrganisation,
    User,
)

from ..models import (
    Activity,
    ActivitySetting,
    Attendance,
    AttendanceStatus,
    Project,
    ProjectObjective,
    SignUp,
)
from ..services import evening_and_weekend
from .bookings import build_demo_bookings
from .data import (
    ACCESS,
    DEMO_COCREATOR_EMAIL,
    DEMO_STAFF_EMAIL,
    MONTHS_BACK,
    PROJECTS,
    RECOGNITION,
    STANDING_KINDS,
    L,
)
from .plan import _month, demo_plan
from .team_week import build_demo_team_week


def _ensure_projects(lead: User | None, today: datetime.date) -> dict[str, Project]:
    """The demo projects, keyed by title; only missing ones are made, with objectives and partners."""
    titles = [p.title for p in PROJECTS]
    existing = {p.title: p for p in Project.objects.filter(title__in=titles)}
    missing = [p for p in PROJECTS if p.title not in existing]
    if missing:
        areas = dict(Interest.objects.filter(kind="service_area").values_list("name", "pk"))
        Project.objects.bulk_create(
            [
                Project(
                    title=p.title,
                    summary=p.summary,
                    stage=p.stage,
                    status=p.status,
                    service_area_id=areas.get(p.service_area),
                    lead=lead,
                    started_on=_month(today, -p.started),
                )
                for p in missing
            ]
        )
        made = {p.title: p for p in Project.objects.filter(title__in=[m.title for m in missing])}
        partners = dict(
            PartnerOrganisation.objects.filter(
                name__in={n for p in missing for n in p.partners}
            ).values_list("name", "pk")
        )
        ProjectObjective.objects.bulk_create(
            [
                ProjectObjective(project=made[p.title], objective=o)
                for p in missing
                for o in p.objectives
            ]
        )
        Project.partners.through.objects.bulk_create(
            [
                Project.partners.through(
                    project_id=made[p.title].pk, partnerorganisation_id=partners[name]
                )
                for p in missing
                for name in p.partners
                if name in partners
            ]
        )
        existing.update(made)
    return existing


def _all_titles() -> set[str]:
    return {k.title for p in PROJECTS for k in p.kinds} | {k.title for k in STANDING_KINDS}


def _write(plans, projects, pool, lead, now) -> None:
    """Insert the activities, then their partners, sign-ups and attendance, in bulk."""
    localities = dict(Locality.objects.values_list("name", "pk"))
    partners = dict(PartnerOrganisation.objects.values_list("name", "pk"))
    rows = []
    for plan in plans:
        kind = plan.kind
        is_evening, is_weekend = evening_and_weekend(plan.starts_at)
        rows.append(
            Activity(
                title=kind.title,
                summary=kind.summary,
                level=kind.level,
                project=projects.get(plan.project.title) if plan.project else None,
                format=plan.format,
                setting=plan.setting,
                venue=plan.venue,
                locality_id=localities.get(plan.locality),
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                is_evening=is_evening,
                is_weekend=is_weekend,
                capacity=kind.capacity,
                audience=kind.audience,
                access_provisions="" if plan.setting == ActivitySetting.ONLINE else ACCESS,
                recognition=RECOGNITION if kind.level >= L.INVOLVE else "",
                lead=lead,
                status=plan.status,
                is_public=kind.public,
            )
        )
    Activity.objects.bulk_create(rows)
    ids = {
        (title, starts_at): pk
        for pk, title, starts_at in Activity.objects.filter(
            title__in={p.kind.title for p in plans},
            starts_at__gte=plans[0].starts_at,
            starts_at__lte=plans[-1].starts_at,
        ).values_list("pk", "title", "starts_at")
    }
    links, signups, attendances = [], [], []
    for plan in plans:
        pk = ids[plan.key]
        # A session at a partner's own venue, in a project with partners, is run with them.
        if (
            plan.project
            and plan.project.partners
            and plan.setting
            not in (
                ActivitySetting.TRUST_SITE,
                ActivitySetting.ONLINE,
            )
        ):
            name = plan.project.partners[0]
            if name in partners:
                links.append(
                    Activity.partners.through(activity_id=pk, partnerorganisation_id=partners[name])
                )
        hours = Decimal((plan.ends_at - plan.starts_at).total_seconds() / 3600).quantize(
            Decimal("0.01")
        )
        for person, came, signup_status, role, walked_in in plan.people:
            cocreator_id = pool[person]
            if signup_status:
                signups.append(
                    SignUp(activity_id=pk, cocreator_id=cocreator_id, status=signup_status)
                )
            if came:
                attendances.append(
                    Attendance(
                        activity_id=pk,
                        cocreator_id=cocreator_id,
                        status=came,
                        hours=hours if came == AttendanceStatus.ATTENDED else Decimal(0),
                        role=role,
                        walked_in=walked_in,
                        recorded_by=lead,
                    )
                )
    Activity.partners.through.objects.bulk_create(links)
    SignUp.objects.bulk_create(signups)
    Attendance.objects.bulk_create(attendances)


@dataclass
class DemoActivitiesSummary:
    projects: int
    activities: int
    activities_added: int
    signups: int
    attendances: int

    def line(self) -> str:
        return (
            f"Demo activities: {self.projects} projects, {self.activities} activities "
            f"({self.activities_added} added), {self.signups} sign-ups, "
            f"{self.attendances} attendance records."
        )


@transaction.atomic
def build_demo_activities(*, now: datetime.datetime | None = None) -> DemoActivitiesSummary:
    """Create whatever of the demo projects and activities is missing; leave what is there alone."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    lead = User.objects.filter(email=DEMO_STAFF_EMAIL).first()
    projects = _ensure_projects(lead, today)
    pool = list(
        CoCreator.objects.filter(email__endswith="@example.org", status=CoCreatorStatus.ACTIVE)
        .order_by("email")
        .values_list("pk", "email")
    )
    emails = [email for _, email in pool]
    alex = emails.index(DEMO_COCREATOR_EMAIL) if DEMO_COCREATOR_EMAIL in emails else None
    plans = demo_plan(now=now, pool_size=len(pool), alex=alex)

    titles = _all_titles()
    first_day = datetime.datetime.combine(
        _month(today, -MONTHS_BACK), datetime.time.min, timezone.get_current_timezone()
    )
    window = Activity.objects.filter(title__in=titles, starts_at__gte=first_day)
    existing = set(window.values_list("title", "starts_at"))
    filled = {(local.year, local.month) for local in (timezone.localtime(s) for _, s in existing)}
    missing = [
        p
        for p in plans
        if p.key not in existing and (p.starts_at.year, p.starts_at.month) not in filled
    ]
    if missing:
        _write(missing, projects, [pk for pk, _ in pool], lead, now)
    # A weekly series, and a changed and a cancelled activity (activities/demo/team_week.py).
    build_demo_team_week(now=now)
    # Places staff booked for people, with notes, and the "to contact" list (demo/bookings.py).
    build_demo_bookings(now=now)

    every = Activity.objects.filter(title__in=titles)
    return DemoActivitiesSummary(
        projects=len(projects),
        activities=every.count(),
        activities_added=len(missing),
        signups=SignUp.objects.filter(activity__in=every).count(),
        attendances=Attendance.objects.filter(activity__in=every).count(),
    )
