"""Who may reach a development plan: the one check every plan view goes through.

A plan is private to the person and the people who support them:
- staff reach any plan (to read or change; not to change once the person has left);
- a co-creator reaches their own plan;
- a mentor (a co-creator) reaches a plan only when the plan was written with them
  (`written_with_mentor`) and they mentor its person now: a mentoring both agreed to, not
  declined and not ended. They may then read and change it in the portal, as the person can;
- anyone else gets 404.
Whole areas are refused by role first (`staff_required`, `cocreator_required`: steering members
and system partners get 403 there, before any number is looked up).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import CoCreator, CoCreatorStatus, Role
from community.permissions import get_cocreator_for_user, has_role

from ..mentoring.selectors import ACTIVE_Q
from ..models import DevelopmentPlan, Mentoring, PlanStep


def agreed_mentorings():
    """Mentorings both people agreed to that are still going (mentoring's own "active")."""
    return Mentoring.objects.filter(ACTIVE_Q)


def is_agreed_mentor(mentor_id: int | None, mentee_id: int) -> bool:
    """Whether `mentor_id` mentors `mentee_id` now (one query)."""
    if mentor_id is None:
        return False
    return agreed_mentorings().filter(mentor_id=mentor_id, mentee_id=mentee_id).exists()


def _plans():
    return DevelopmentPlan.objects.select_related(
        "cocreator", "written_with", "written_with_mentor"
    )


def get_plan_for_user(user, pk: int, *, write: bool = False, own: bool = False) -> DevelopmentPlan:
    """A development plan: staff reach any (with `write=True`, not one whose person has left);
    a co-creator their own; a mentor a plan written with them while they mentor its person;
    everyone else 404. The portal passes `own=True`: there a member of staff who is also a
    co-creator reaches only what any co-creator would."""
    if has_role(user, Role.STAFF) and not own:
        plan = get_object_or_404(_plans(), pk=pk)
        if write and plan.cocreator.status == CoCreatorStatus.LEFT:
            raise Http404
        return plan
    if has_role(user, Role.COCREATOR):
        plan = get_object_or_404(_plans(), pk=pk)
        if plan.cocreator.user_id is not None and plan.cocreator.user_id == user.pk:
            return plan
        mentor = plan.written_with_mentor
        if (
            mentor is not None
            and mentor.user_id is not None
            and mentor.user_id == user.pk
            and is_agreed_mentor(mentor.pk, plan.cocreator_id)
        ):
            return plan
    raise Http404


def get_step_of_plan(plan: DevelopmentPlan, pk: int) -> PlanStep:
    """A step of a plan the user already reached through `get_plan_for_user` (404 for a step of
    any other plan)."""
    return get_object_or_404(PlanStep.objects.select_related("course", "role"), plan=plan, pk=pk)


def get_person_for_plan(user, pk: int) -> CoCreator:
    """The person staff open or start a plan for: staff only, someone still in the community
    (404 for an unknown person or one who has left)."""
    if not has_role(user, Role.STAFF):
        raise Http404
    cocreator = get_cocreator_for_user(user, pk, write=True)
    if cocreator.status == CoCreatorStatus.LEFT:
        raise Http404
    return cocreator


def own_plan(cocreator: CoCreator) -> DevelopmentPlan | None:
    """The signed-in person's own plan (the portal's pages carry no number), or None."""
    return _plans().filter(cocreator=cocreator).first()
