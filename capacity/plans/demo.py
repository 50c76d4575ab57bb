"""The demo's development plans (seed_demo, through capacity/demo.py): eleven plans, ten of them
active, for demo co-creators. The demo co-creator's (cocreator@example.org) is written with the
demo member of staff, with three steps (one done) and one review; some others have reviews, some
a review due soon or overdue (so the list and the dashboard show them), and one is closed. Each
plan has its history. Idempotent and small: a few bulk inserts, run after the training and roles
demos, whose courses and roles the steps name."""

from __future__ import annotations

import datetime

from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from cocreation.lib.dates import date_text
from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import CoCreator, CoCreatorStatus, User

from ..models import (
    Course,
    DevelopmentPlan,
    PlanReview,
    PlanRevision,
    PlanStatus,
    PlanStep,
    PlanStepKind,
    RoleProfile,
)

DEMO_STAFF_EMAIL = "staff@example.org"
COURSE, ROLE, MENTORING, OTHER = (
    PlanStepKind.COURSE,
    PlanStepKind.ROLE,
    PlanStepKind.MENTORING,
    PlanStepKind.OTHER,
)

# The demo co-creator's plan: hopes, steps (kind, what, course or role, by when in days from
# today, done days ago or None), agreed days ago, next review in days, reviews (held days ago,
# how it is going, next review in days).
OWN_PLAN = (
    "To feel confident speaking up in meetings, and to learn to help run a session with others.",
    [
        (MENTORING, "Meet a peer mentor once a month", None, -20, 25),
        (COURSE, "Go to the facilitation skills course", "Facilitation skills", 60, None),
        (ROLE, "Try co-facilitating a session", "Lived-experience facilitator", 120, None),
    ],
    70,
    5,
    [(30, "Going well: more confident in the carers' forum. Next, the facilitation course.", 5)],
)
OTHER_PLANS = [
    (
        "Learn how services are planned, so I can take part in service design panels.",
        [
            (COURSE, "Partnership working course", "Partnership working", 30, None),
            (ROLE, "Sit on one interview panel", "Panel member", 90, None),
        ],
        40,
        -3,  # overdue
        [],
    ),
    (
        "Get back into volunteering at my own pace, online at first.",
        [
            (COURSE, "Digital access, at my own pace", "Digital access", -10, 12),
            (OTHER, "Join one online listening event", None, 30, None),
        ],
        120,
        10,
        [(60, "Completed the digital course. Enjoying the online events.", 10)],
    ),
    (
        "Represent carers from my community in the trust's forums.",
        [
            (
                ROLE,
                "Become a Community Co-creation Champion",
                "Community Co-creation Champion",
                60,
                None,
            ),
            (COURSE, "Inclusive communication", "Inclusive communication", 45, None),
            (MENTORING, "Shadow an experienced champion", None, 30, None),
        ],
        25,
        60,
        [],
    ),
    (
        "Understand safeguarding so I can support others in groups.",
        [(COURSE, "Safeguarding for co-creation", "Safeguarding for co-creation", -30, 35)],
        200,
        40,
        [
            (150, "Safeguarding course done. Would like to try facilitation next.", 80),
            (70, "Started a facilitation role; reviewing again after the summer.", 40),
        ],
    ),
    (
        "Build up to leading a small co-creation project on young people's services.",
        [
            (COURSE, "Trauma-informed engagement", "Trauma-informed engagement", 50, None),
            (OTHER, "Help plan one young people's event", None, 100, None),
        ],
        15,
        12,
        [],
    ),
    (
        "Feel less anxious about joining meetings, with support.",
        [(MENTORING, "Peer support group once a month", None, 20, None)],
        50,
        -10,  # overdue
        [(20, "Found the first group hard but wants to keep going.", -10)],
    ),
    (
        "Learn plain-English writing to help with leaflets and letters.",
        [(COURSE, "Inclusive communication course", "Inclusive communication", 25, None)],
        10,
        80,
        [],
    ),
    (
        "Try being a system co-creation ambassador in a year's time.",
        [
            (ROLE, "Panel member first", "Panel member", 180, None),
            (COURSE, "Partnership working", "Partnership working", 120, None),
        ],
        90,
        30,
        [(45, "On track. Panel place offered for the spring.", 30)],
    ),
    (
        "Share my experience safely in co-design workshops.",
        [(COURSE, "Trauma-informed engagement", "Trauma-informed engagement", 40, None)],
        35,
        50,
        [],
    ),
]
# Closed: done what they set out to do.
CLOSED_PLAN = (
    "Complete the co-creation induction and take part in my first project.",
    [
        (COURSE, "Inclusive communication", "Inclusive communication", -100, 110),
        (OTHER, "Take part in a first project", None, -40, 45),
    ],
    300,
    None,
    [(30, "Everything done. Closing the plan; may start a new one next year.", None)],
)


def _people(count: int) -> tuple[CoCreator | None, list[CoCreator]]:
    """The demo co-creator (None if missing) and `count` others still in the community, in one
    query."""
    rows = list(
        CoCreator.objects.exclude(status=CoCreatorStatus.LEFT)
        .annotate(is_demo=Q(user__email=DEMO_COCREATOR_EMAIL))
        .order_by(F("is_demo").desc(nulls_last=True), "pk")
        .only("pk")[: count + 1]
    )
    demo = rows[0] if rows and rows[0].is_demo else None
    return demo, [row for row in rows if not row.is_demo][:count]


def _iso(day):
    return day.isoformat() if day else None


def demo_build(*, now: datetime.datetime | None = None) -> int:
    """Add the demo plans unless there are plans already. Returns how many were made."""
    if DevelopmentPlan.objects.exists():
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now)
    staff = User.objects.filter(email__iexact=DEMO_STAFF_EMAIL).first()
    demo, people = _people(len(OTHER_PLANS) + 1)
    specs = []
    if demo is not None:
        specs.append((demo, OWN_PLAN, PlanStatus.ACTIVE))
    for person, spec in zip(people, OTHER_PLANS, strict=False):
        specs.append((person, spec, PlanStatus.ACTIVE))
    if len(people) > len(OTHER_PLANS):
        specs.append((people[len(OTHER_PLANS)], CLOSED_PLAN, PlanStatus.CLOSED))
    if not specs:
        return 0
    courses = {c.title: c for c in Course.objects.all()}
    roles = {r.name: r for r in RoleProfile.objects.all()}

    def day(offset):
        return None if offset is None else today + datetime.timedelta(days=offset)

    plans = DevelopmentPlan.objects.bulk_create(
        [
            DevelopmentPlan(
                cocreator=person,
                hopes=hopes,
                written_with=staff,
                agreed_on=day(-agreed),
                next_review_on=day(next_review) if status == PlanStatus.ACTIVE else None,
                status=status,
            )
            for person, (hopes, _s, agreed, next_review, _r), status in specs
        ]
    )
    steps, reviews, revisions, started, timed = [], [], [], {}, []
    for plan, (_person, (hopes, spec_steps, agreed, _next, spec_reviews), status) in zip(
        plans, specs, strict=True
    ):
        started[plan.pk] = timezone.make_aware(
            datetime.datetime.combine(day(-agreed), datetime.time(11))
        )
        plan_steps = []
        for order, (kind, what, named, by_when, done_ago) in enumerate(spec_steps, start=1):
            course = courses.get(named) if kind == COURSE else None
            role = roles.get(named) if kind == ROLE else None
            plan_steps.append(
                PlanStep(
                    plan=plan,
                    kind=kind,
                    what=what,
                    course=course,
                    role=role,
                    by_when=day(by_when),
                    done_on=day(-done_ago) if done_ago is not None else None,
                    order=order,
                )
            )
        steps += plan_steps
        snapshot = {
            "hopes": hopes,
            "agreed_on": _iso(plan.agreed_on),
            "next_review_on": _iso(plan.next_review_on),
            "status": status,
            "steps": [
                {
                    "kind": s.kind,
                    "what": s.what,
                    "course": s.course.title if s.course else "",
                    "role": s.role.name if s.role else "",
                    "by_when": _iso(s.by_when),
                    "done_on": _iso(s.done_on),
                }
                for s in plan_steps
            ],
        }
        first = {**snapshot, "status": PlanStatus.ACTIVE}
        first["steps"] = [{**s, "done_on": None} for s in snapshot["steps"]]
        revision = PlanRevision(
            plan=plan, changed_by=staff, what_changed="Started the plan", snapshot=first
        )
        revisions.append(revision)
        timed.append((revision, started[plan.pk]))
        for held_ago, said, next_in in spec_reviews:
            reviews.append(
                PlanReview(
                    plan=plan,
                    held_on=day(-held_ago),
                    how_it_is_going=said,
                    reviewed_by=staff,
                    next_review_on=day(next_in),
                )
            )
            revision = PlanRevision(
                plan=plan,
                changed_by=staff,
                what_changed=f"Reviewed the plan on {date_text(day(-held_ago))}",
                snapshot={**snapshot, "status": PlanStatus.ACTIVE},
            )
            revisions.append(revision)
            held = datetime.datetime.combine(day(-held_ago), datetime.time(15))
            timed.append((revision, timezone.make_aware(held)))
        if status == PlanStatus.CLOSED:
            revisions.append(
                PlanRevision(
                    plan=plan, changed_by=staff, what_changed="Closed the plan", snapshot=snapshot
                )
            )
    PlanStep.objects.bulk_create(steps)
    PlanReview.objects.bulk_create(reviews)
    PlanRevision.objects.bulk_create(revisions)
    # The plans began on the day they were agreed; their history follows from then (two updates).
    DevelopmentPlan.objects.filter(pk__in=started).update(
        created_at=Case(
            *(When(pk=pk, then=Value(moment)) for pk, moment in started.items()),
            output_field=DateTimeField(),
        )
    )
    when = {revision.pk: moment for revision, moment in timed}
    PlanRevision.objects.filter(pk__in=when).update(
        changed_at=Case(
            *(When(pk=pk, then=Value(moment)) for pk, moment in when.items()),
            output_field=DateTimeField(),
        )
    )
    return len(plans)
