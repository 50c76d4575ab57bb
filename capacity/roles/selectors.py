"""Reads that shape role profiles and people's roles for a page, each in a fixed number of
queries whatever the number of roles, courses or people."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from community.models import CoCreatorStatus

from ..models import Completion, Course, PersonRole, RoleProfile

_PATHWAY = (
    Prefetch("required_courses", queryset=Course.objects.only("pk", "title")),
    Prefetch("next_roles", queryset=RoleProfile.objects.only("pk", "name", "order")),
)


def role_list() -> list[RoleProfile]:
    """Every role profile with how many hold it now (`holders_now`), its required courses and
    next roles. Three queries."""
    return list(
        RoleProfile.objects.annotate(
            holders_now=Count(
                "holders",
                filter=Q(holders__ended_on__isnull=True)
                & ~Q(holders__cocreator__status=CoCreatorStatus.LEFT),
            )
        ).prefetch_related(*_PATHWAY)
    )


def public_roles() -> list[RoleProfile]:
    """Every role profile with its required courses and next roles, for the public pages."""
    return list(RoleProfile.objects.prefetch_related(*_PATHWAY))


def role_detail(pk: int) -> RoleProfile:
    """One role profile with its required courses, next and previous roles (404 if none)."""
    return get_object_or_404(
        RoleProfile.objects.prefetch_related(
            *_PATHWAY,
            Prefetch("previous_roles", queryset=RoleProfile.objects.only("pk", "name", "order")),
        ),
        pk=pk,
    )


def person_roles(cocreator) -> dict:
    """The person's roles, current and past, newest first. One query."""
    rows = list(
        PersonRole.objects.filter(cocreator=cocreator)
        .select_related("role")
        .order_by("-started_on", "-pk")
    )
    return {
        "current": [r for r in rows if r.ended_on is None],
        "past": sorted(
            (r for r in rows if r.ended_on is not None),
            key=lambda r: (r.ended_on, r.pk),
            reverse=True,
        ),
    }


def record_roles_section(cocreator) -> dict:
    """The "Roles" section of a person's staff record. One query."""
    return {
        "cocreator": cocreator,
        "can_change": cocreator.status != CoCreatorStatus.LEFT,
        **person_roles(cocreator),
    }


def ambassadors() -> list[PersonRole]:
    """People holding an ambassador role now, with their forums, by name. One query."""
    return list(
        PersonRole.objects.filter(role__is_ambassador=True, ended_on__isnull=True)
        .exclude(cocreator__status=CoCreatorStatus.LEFT)
        .select_related("cocreator", "role")
        .order_by("cocreator__full_name", "pk")
    )


@dataclass(frozen=True)
class CourseStep:
    course: Course
    done: bool


@dataclass(frozen=True)
class NextRole:
    role: RoleProfile
    steps: list[CourseStep]

    @property
    def ready(self) -> bool:
        return all(step.done for step in self.steps)


def pathway_for(cocreator, current: list[PersonRole]) -> list[NextRole]:
    """The roles that follow the person's current roles (not ones they hold now), each with its
    required courses marked done when they have a completion of it that has not expired.
    Three queries whatever the number of roles and courses."""
    today = timezone.localdate()
    holding = {held.role_id for held in current}
    if not holding:
        return []
    following = (
        RoleProfile.objects.filter(previous_roles__in=holding)
        .exclude(pk__in=holding)
        .distinct()
        .prefetch_related(Prefetch("required_courses", queryset=Course.objects.only("pk", "title")))
    )
    following = list(following)
    done = set(
        Completion.objects.filter(cocreator=cocreator)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=today))
        .values_list("course_id", flat=True)
    )
    return [
        NextRole(
            role=role,
            steps=[CourseStep(course=c, done=c.pk in done) for c in role.required_courses.all()],
        )
        for role in following
    ]


def portal_roles(cocreator) -> dict:
    """The person's roles and the pathway on from them, for the portal. Four queries."""
    roles = person_roles(cocreator)
    return {**roles, "pathway": pathway_for(cocreator, roles["current"])}
