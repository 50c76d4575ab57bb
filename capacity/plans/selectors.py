"""Reads for development plans: the staff list (reviews due first), a plan's page and its
history (each revision's snapshot made readable, and who changed it in words the reader may
see), the staff record's section, the dashboard panel, the portal's pages, the plans whose
review is coming up, and the plans active at a day's end (`active_plans_at`, which the steering
report, `capacity.report`, reads). Each in a fixed number of queries, whatever the number of
rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from community.models import CoCreator, CoCreatorStatus, Message, Role

from ..models import (
    DevelopmentPlan,
    PlanReview,
    PlanRevision,
    PlanStatus,
    PlanStep,
    PlanStepKind,
)
from .notices import REVIEW_DUE_KEY
from .permissions import agreed_mentorings

DUE_WINDOW_DAYS = 14  # a review is "due" on the list and the dashboard this many days ahead
REVIEW_NOTICE_DAYS = 7  # the person is told this many days before their review
OVERDUE, DUE = "overdue", "due"


def _count_of(model, **filters):
    rows = (
        model.objects.filter(plan=OuterRef("pk"), **filters)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1], output_field=IntegerField()), Value(0))


def _with_summary(plans, today: datetime.date):
    """Plans with their steps, steps done, last review and whether a review is due or overdue."""
    horizon = today + datetime.timedelta(days=DUE_WINDOW_DAYS)
    last_review = (
        PlanReview.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    return plans.annotate(
        n_steps=_count_of(PlanStep),
        n_done=_count_of(PlanStep, done_on__isnull=False),
        last_review_on=Subquery(last_review[:1]),
        review_state=Case(
            When(status=PlanStatus.ACTIVE, next_review_on__lt=today, then=Value(OVERDUE)),
            When(status=PlanStatus.ACTIVE, next_review_on__lte=horizon, then=Value(DUE)),
            default=Value(""),
            output_field=CharField(),
        ),
    )


# --- Staff ------------------------------------------------------------------------------------


STATUS_ACTIVE, STATUS_CLOSED, STATUS_ALL = "active", "closed", "all"


def plan_list(
    *,
    status: str = STATUS_ACTIVE,
    due_only: bool = False,
    q: str = "",
    today: datetime.date | None = None,
):
    """Plans for the staff list: active ones by default (closed ones, or all, when asked), those
    with a review due within `DUE_WINDOW_DAYS` or overdue first, soonest review first, then by
    name. One query for a page (and one to count)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_WINDOW_DAYS)
    plans = DevelopmentPlan.objects.select_related(
        "cocreator", "written_with", "written_with_mentor"
    )
    if status == STATUS_ACTIVE:
        plans = plans.filter(status=PlanStatus.ACTIVE)
    elif status == STATUS_CLOSED:
        plans = plans.filter(status=PlanStatus.CLOSED)
    if due_only:
        plans = plans.filter(status=PlanStatus.ACTIVE, next_review_on__lte=horizon)
    if q:
        plans = plans.filter(
            Q(cocreator__full_name__icontains=q) | Q(cocreator__preferred_name__icontains=q)
        )
    due_first = Case(
        When(status=PlanStatus.ACTIVE, next_review_on__lte=horizon, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return _with_summary(plans, today).order_by(
        due_first, F("next_review_on").asc(nulls_last=True), "cocreator__full_name", "pk"
    )


def dashboard_panel(user) -> dict:
    """The staff dashboard's panel: active plans with a review due within `DUE_WINDOW_DAYS`, and
    how many of those are overdue (exact counts, no names). One query."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_WINDOW_DAYS)
    counts = (
        DevelopmentPlan.objects.filter(status=PlanStatus.ACTIVE, next_review_on__lte=horizon)
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .aggregate(due=Count("pk"), overdue=Count("pk", filter=Q(next_review_on__lt=today)))
    )
    return {**counts, "days": DUE_WINDOW_DAYS}


def record_plan_section(cocreator) -> dict:
    """The "Development plan" section of a person's staff record: their plan's status, steps,
    next review and a link, or a link to start one. One query."""
    plan = (
        _with_summary(DevelopmentPlan.objects.filter(cocreator=cocreator), timezone.localdate())
        .order_by()
        .first()
    )
    return {
        "cocreator": cocreator,
        "plan": plan,
        "can_change": cocreator.status != CoCreatorStatus.LEFT,
    }


def agreed_mentors_of(cocreator):
    """The people who mentor this person now (both agreed, not ended), by name."""
    return CoCreator.objects.filter(
        pk__in=agreed_mentorings().filter(mentee=cocreator).values("mentor_id")
    ).order_by("full_name", "pk")


# --- A plan's page ----------------------------------------------------------------------------


def plan_page(plan: DevelopmentPlan) -> dict:
    """A plan's steps (with their course or role) and reviews, newest first, and how many
    changes its history holds. Three queries."""
    steps = list(PlanStep.objects.filter(plan=plan).select_related("course", "role"))
    reviews = list(
        PlanReview.objects.filter(plan=plan)
        .select_related("reviewed_by")
        .order_by("-held_on", "-pk")
    )
    return {
        "steps": steps,
        "steps_done": sum(1 for s in steps if s.done_on),
        "reviews": reviews,
        "changes": PlanRevision.objects.filter(plan=plan).count(),
        "review_state": review_state(plan),
    }


def review_state(plan: DevelopmentPlan, today: datetime.date | None = None) -> str:
    """ "overdue", "due" (within `DUE_WINDOW_DAYS`) or "" for an active plan's next review."""
    today = today or timezone.localdate()
    if plan.status != PlanStatus.ACTIVE or plan.next_review_on is None:
        return ""
    if plan.next_review_on < today:
        return OVERDUE
    if plan.next_review_on <= today + datetime.timedelta(days=DUE_WINDOW_DAYS):
        return DUE
    return ""


# --- History ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepThen:
    kind: str
    what: str
    course: str
    role: str
    by_when: datetime.date | None
    done_on: datetime.date | None


@dataclass(frozen=True)
class PlanThen:
    """A revision's snapshot, readable: dates as dates, choices as their words."""

    hopes: str
    agreed_on: datetime.date | None
    next_review_on: datetime.date | None
    status: str
    steps: list[StepThen] = field(default_factory=list)


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def snapshot_view(snapshot: dict) -> PlanThen:
    """A snapshot (`services.plan_snapshot`) as the history page shows it."""
    snapshot = snapshot if isinstance(snapshot, dict) else {}
    kinds = dict(PlanStepKind.choices)
    statuses = dict(PlanStatus.choices)
    return PlanThen(
        hopes=str(snapshot.get("hopes") or ""),
        agreed_on=_day(snapshot.get("agreed_on")),
        next_review_on=_day(snapshot.get("next_review_on")),
        status=statuses.get(snapshot.get("status"), ""),
        steps=[
            StepThen(
                kind=kinds.get(step.get("kind"), ""),
                what=str(step.get("what") or ""),
                course=str(step.get("course") or ""),
                role=str(step.get("role") or ""),
                by_when=_day(step.get("by_when")),
                done_on=_day(step.get("done_on")),
            )
            for step in snapshot.get("steps") or []
            if isinstance(step, dict)
        ],
    )


@dataclass(frozen=True)
class RevisionRow:
    revision: PlanRevision
    who: str
    then: PlanThen


def revisions_for(plan: DevelopmentPlan):
    """A plan's revisions, newest first, each with who made it and whether they are staff."""
    is_staff = Group.objects.filter(user=OuterRef("changed_by"), name=Role.STAFF.label)
    return (
        PlanRevision.objects.filter(plan=plan)
        .select_related("changed_by")
        .annotate(by_staff=Exists(is_staff))
        .order_by("-changed_at", "-pk")
    )


def who_changed(revision: PlanRevision, plan: DevelopmentPlan, viewer, *, for_staff: bool) -> str:
    """Who made a change, in words for the reader: staff see names; the person and their mentor
    see "You", the person's name (for the mentor), "Your mentor" or "The involvement team",
    never which member of staff."""
    by = revision.changed_by
    if by is None:
        return "Not recorded"
    if by.pk == viewer.pk:
        return "You"
    mentor = plan.written_with_mentor
    if for_staff:
        name = by.full_name or by.email
        if by.pk == plan.cocreator.user_id:
            return f"{plan.cocreator.full_name} (the person)"
        return name if revision.by_staff else f"{name} (mentor)"
    if revision.by_staff:
        return "The involvement team"
    if by.pk == plan.cocreator.user_id:
        return plan.cocreator.display_name
    if mentor is not None and by.pk == mentor.user_id:
        return "Your mentor"
    return "A mentor"


def history_rows(page_rows, plan: DevelopmentPlan, viewer, *, for_staff: bool) -> list[RevisionRow]:
    """One page of `revisions_for(plan)` as rows for the history page (no further queries)."""
    return [
        RevisionRow(
            revision=revision,
            who=who_changed(revision, plan, viewer, for_staff=for_staff),
            then=snapshot_view(revision.snapshot),
        )
        for revision in page_rows
    ]


# --- Portal -----------------------------------------------------------------------------------


def mentee_plans(cocreator) -> list[DevelopmentPlan]:
    """Plans written with this person as mentor, of people they mentor now, by name. One query."""
    now_mentoring = agreed_mentorings().filter(mentor=cocreator, mentee=OuterRef("cocreator"))
    return list(
        DevelopmentPlan.objects.filter(written_with_mentor=cocreator)
        .filter(Exists(now_mentoring))
        .select_related("cocreator")
        .order_by("cocreator__full_name", "pk")
    )


# --- Review reminders -------------------------------------------------------------------------


def plans_review_due(*, today: datetime.date | None = None):
    """Active plans whose next review is today or within `REVIEW_NOTICE_DAYS`, of people still
    in the community; soonest first."""
    today = today or timezone.localdate()
    return (
        DevelopmentPlan.objects.filter(
            status=PlanStatus.ACTIVE,
            next_review_on__gte=today,
            next_review_on__lte=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .select_related("cocreator")
        .order_by("next_review_on", "pk")
    )


def plans_review_due_not_yet_told(*, today: datetime.date | None = None):
    """Those of `plans_review_due` with no message recorded for this review date yet (key
    `plan-review-due:<plan>:<next review>`)."""
    key = Concat(
        Value(REVIEW_DUE_KEY),
        Cast(OuterRef("pk"), CharField()),
        Value(":"),
        Cast(OuterRef("next_review_on"), CharField()),
        output_field=CharField(),
    )
    return plans_review_due(today=today).exclude(Exists(Message.objects.filter(key=key)))


# --- Reports ----------------------------------------------------------------------------------


def active_plans_at(end: datetime.date) -> int:
    """Plans active at the end of the day `end`, as their history says they stood then. One
    query."""
    day_after = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    status_then = (
        PlanRevision.objects.filter(plan=OuterRef("pk"), changed_at__lt=day_after)
        .order_by("-changed_at", "-pk")
        .annotate(status_then=KeyTextTransform("status", "snapshot"))
        .values("status_then")[:1]
    )
    return (
        DevelopmentPlan.objects.filter(created_at__lt=day_after)
        .annotate(then=Coalesce(Subquery(status_then, output_field=CharField()), F("status")))
        .filter(then=PlanStatus.ACTIVE)
        .count()
    )
