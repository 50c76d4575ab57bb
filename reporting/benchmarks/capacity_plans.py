"""Capacity's plans URLs in the benchmark: entries (with functions finding real ids) and reasons to
skip; `registry.ENTRIES` and `registry.SKIP` take these in."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from capacity.models import DevelopmentPlan, Mentoring, PlanStatus, PlanStep
from community.models import CoCreator, CoCreatorStatus

from .lookups import Kwargs, Lookups  # noqa: F401 (the finders take and give these)
from .registry import (  # noqa: F401 (registry reads this last)
    COCREATOR,
    PARTNER,
    POST_ONLY,
    STAFF_ONLY,
    Bench,
)


def _fullest_plan() -> DevelopmentPlan | None:
    """The active plan with the longest history (then the most steps): its pages at their
    fullest."""
    return (
        DevelopmentPlan.objects.filter(status=PlanStatus.ACTIVE)
        .annotate(n=Count("revisions", distinct=True), s=Count("steps", distinct=True))
        .order_by("-n", "-s", "pk")
        .first()
    )


def plans_plan(lookups: Lookups, user) -> Kwargs:
    """The active plan with the longest history: its page, history and the forms that change it."""
    pk = lookups.once("plans-plan", lambda: getattr(_fullest_plan(), "pk", None))
    return None if pk is None else {"pk": pk}


def plans_step(lookups: Lookups, user) -> Kwargs:
    """A step of that plan, to change or remove."""
    plan = plans_plan(lookups, user)
    if plan is None:
        return None
    step = PlanStep.objects.filter(plan_id=plan["pk"]).order_by("pk").first()
    return None if step is None else {"pk": plan["pk"], "step_pk": step.pk}


def plans_person_without_plan(lookups: Lookups, user) -> Kwargs:
    """Someone still in the community with no plan: the form to start one (a person with a plan
    is sent on to it)."""

    def find():
        person = (
            CoCreator.objects.exclude(status=CoCreatorStatus.LEFT)
            .exclude(Exists(DevelopmentPlan.objects.filter(cocreator=OuterRef("pk"))))
            .order_by("pk")
            .first()
        )
        return getattr(person, "pk", None)

    pk = lookups.once("plans-person", find)
    return None if pk is None else {"cocreator_pk": pk}


def plans_mentee(lookups: Lookups, user) -> Kwargs:
    """A plan the signed-in co-creator may open as its mentor. The demo has no plan written with
    a mentor, so one is made for the run (rolled back): the fullest plan of someone else is
    written with them, and their mentoring of its person agreed by both."""
    me = None if user is None else CoCreator.objects.filter(user=user).first()
    if me is None:
        return None
    now_mentoring = Mentoring.objects.filter(
        mentor=me,
        mentee=OuterRef("cocreator"),
        mentor_agreed_at__isnull=False,
        mentee_agreed_at__isnull=False,
        ended_at__isnull=True,
        declined_at__isnull=True,
    )
    plan = DevelopmentPlan.objects.filter(written_with_mentor=me).filter(Exists(now_mentoring))
    pk = plan.values_list("pk", flat=True).first()
    if pk is not None:
        return {"pk": pk}
    plan = (
        DevelopmentPlan.objects.filter(status=PlanStatus.ACTIVE)
        .exclude(cocreator=me)
        .annotate(n=Count("revisions"))
        .order_by("-n", "pk")
        .first()
    )
    if plan is None:
        return None
    now = timezone.now()
    pair = Mentoring.objects.filter(
        mentor=me, mentee=plan.cocreator, ended_at__isnull=True, declined_at__isnull=True
    ).first() or Mentoring(mentor=me, mentee=plan.cocreator)
    pair.mentor_agreed_at = pair.mentor_agreed_at or now
    pair.mentee_agreed_at = pair.mentee_agreed_at or now
    pair.save()
    plan.written_with_mentor = me
    plan.written_with = None
    plan.save(update_fields=["written_with_mentor", "written_with"])
    return {"pk": plan.pk}


ENTRIES: tuple = (
    Bench("capacity:plans-person", plans_person_without_plan, STAFF_ONLY),
    Bench("capacity:plans-detail", plans_plan, STAFF_ONLY),
    Bench("capacity:plans-edit", plans_plan, STAFF_ONLY),
    Bench("capacity:plans-step-add", plans_plan, STAFF_ONLY),
    Bench("capacity:plans-step-edit", plans_step, STAFF_ONLY),
    Bench("capacity:plans-step-remove", plans_step, STAFF_ONLY),
    Bench("capacity:plans-review-add", plans_plan, STAFF_ONLY),
    Bench("capacity:plans-history", plans_plan, STAFF_ONLY),
    Bench("capacity:plans-mentee", plans_mentee, (COCREATOR,)),
    Bench("capacity:plans-mentee-edit", plans_mentee, (COCREATOR,)),
    Bench("capacity:plans-mentee-step-add", plans_mentee, (COCREATOR,)),
    Bench("capacity:plans-mentee-history", plans_mentee, (COCREATOR,)),
)
SKIP: dict[str, str] = {
    "capacity:plans-step-done": POST_ONLY,
    "capacity:plans-close": POST_ONLY,
    "capacity:plans-reopen": POST_ONLY,
    "capacity:plans-portal-step-done": POST_ONLY,
    "capacity:plans-mentee-step-done": POST_ONLY,
    "capacity:plans-portal-start": (
        "the demo co-creator has a plan, so it sends them on to it (plans-portal, timed); the "
        "form itself is one text box"
    ),
}


def entries() -> tuple:
    return ENTRIES


def skips() -> dict[str, str]:
    return SKIP
