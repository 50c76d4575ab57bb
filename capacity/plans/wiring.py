"""What plans registers with the other apps, called from CapacityConfig.ready(): the portal's
"Your plan" menu item, the "Development plan" section of a person's staff record, the staff
dashboard's reviews-due panel, the story source and what leaving does to a plan. Staff reach the
list from the "Training and roles" page."""

from activities.dashboard_panels import dashboard_panel_register
from community.models import Role
from community.navigation import nav_item_register
from community.record_sections import record_section_register
from community.story import story_source_register

from . import tasks  # noqa: F401 (registers the beat task: autodiscovery finds capacity.tasks only)
from .erasure import erasure_rules_register
from .selectors import dashboard_panel, record_plan_section
from .story import plan_rows


def wire() -> None:
    nav_item_register(
        key="portal-plan",
        role=Role.COCREATOR,
        label="Your plan",
        url_name="capacity:plans-portal",
        order=44,
    )
    record_section_register(
        key="capacity-plans",
        template="capacity/plans/record_section.html",
        context=record_plan_section,
        order=62,
    )
    dashboard_panel_register(
        key="capacity-plans",
        template="capacity/plans/dashboard_panel.html",
        context=dashboard_panel,
        order=62,
    )
    # The plan row covers its steps and history (read on the plan's page) as well as its reviews.
    story_source_register(
        key="capacity-plans",
        models=[
            "capacity.DevelopmentPlan",
            "capacity.PlanStep",
            "capacity.PlanReview",
            "capacity.PlanRevision",
        ],
        rows_for=plan_rows,
    )
    erasure_rules_register()
