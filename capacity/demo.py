"""The demo's training offer, role profiles with pathways, and resource pack (seed_demo).

Training first: the roles' demo links the courses each role needs by title.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Completion, Course, JargonTerm, PersonRole, Resource, RoleProfile


@dataclass
class DemoCapacitySummary:
    courses: int = 0
    completions: int = 0
    roles: int = 0
    people_in_roles: int = 0
    resources: int = 0
    terms: int = 0

    def line(self) -> str:
        return (
            f"Demo capacity: {self.courses} courses, {self.completions} completions, "
            f"{self.roles} role profiles, {self.people_in_roles} people in roles, "
            f"{self.resources} resources, {self.terms} jargon terms."
        )


def build_demo_capacity() -> DemoCapacitySummary:
    """Add each package's demo rows unless they are there already."""
    from .resources.demo import demo_build as resources_demo
    from .roles.demo import demo_build as roles_demo
    from .training.demo import demo_build as training_demo

    training_demo()
    roles_demo()
    resources_demo()
    return DemoCapacitySummary(
        courses=Course.objects.count(),
        completions=Completion.objects.count(),
        roles=RoleProfile.objects.count(),
        people_in_roles=PersonRole.objects.filter(ended_on__isnull=True).count(),
        resources=Resource.objects.filter(is_published=True).count(),
        terms=JargonTerm.objects.count(),
    )
