"""The demo's training offer, role profiles with pathways, and resource pack (seed_demo).

Training first: the roles' demo links the courses each role needs by title.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import (
    AccreditationApplication,
    ApplicationStatus,
    Completion,
    Course,
    DevelopmentPlan,
    JargonTerm,
    Mentoring,
    PersonRole,
    PlanStatus,
    Resource,
    RoleProfile,
)


@dataclass
class DemoCapacitySummary:
    courses: int = 0
    completions: int = 0
    roles: int = 0
    people_in_roles: int = 0
    resources: int = 0
    terms: int = 0
    plans: int = 0
    pairs: int = 0
    accredited: int = 0
    in_review: int = 0

    def line(self) -> str:
        return (
            f"Demo capacity: {self.courses} courses, {self.completions} completions, "
            f"{self.roles} role profiles, {self.people_in_roles} people in roles, "
            f"{self.resources} resources, {self.terms} jargon terms, {self.plans} active "
            f"development plans, {self.pairs} mentoring pairs, {self.accredited} accredited "
            f"services and {self.in_review} in review."
        )


def build_demo_capacity() -> DemoCapacitySummary:
    """Add each package's demo rows unless they are there already."""
    from .accreditation.demo import demo_build as accreditation_demo
    from .mentoring.demo import demo_build as mentoring_demo
    from .partners.demo import demo_build as partners_demo
    from .plans.demo import demo_build as plans_demo
    from .resources.demo import demo_build as resources_demo
    from .roles.demo import demo_build as roles_demo
    from .training.demo import demo_build as training_demo

    training_demo()
    roles_demo()
    resources_demo()
    plans_demo()
    mentoring_demo()
    partners_demo()
    accreditation_demo()
    return DemoCapacitySummary(
        courses=Course.objects.count(),
        completions=Completion.objects.count(),
        roles=RoleProfile.objects.count(),
        people_in_roles=PersonRole.objects.filter(ended_on__isnull=True).count(),
        resources=Resource.objects.filter(is_published=True).count(),
        terms=JargonTerm.objects.count(),
        plans=DevelopmentPlan.objects.filter(status=PlanStatus.ACTIVE).count(),
        pairs=Mentoring.objects.filter(
            ended_at__isnull=True,
            declined_at__isnull=True,
            mentor_agreed_at__isnull=False,
            mentee_agreed_at__isnull=False,
        ).count(),
        accredited=AccreditationApplication.objects.filter(
            status=ApplicationStatus.AWARDED
        ).count(),
        in_review=AccreditationApplication.objects.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW]
        ).count(),
    )
