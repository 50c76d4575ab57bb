"""What training registers with the other apps, called from CapacityConfig.ready(): the portal's
"Training" menu item, the staff record's "Training" section, the staff dashboard's refreshers
panel, story sources, erasure rules, and the attendance hook that records completions."""

from activities.dashboard_panels import dashboard_panel_register
from activities.hooks import attendance_recorded_register
from community.models import Role
from community.navigation import nav_item_register
from community.record_sections import record_section_register
from community.story import story_source_register

from . import tasks  # noqa: F401 (registers the beat task: autodiscovery finds capacity.tasks only)
from .erasure import erasure_rules_register
from .selectors import dashboard_panel, record_training_section
from .services import completions_from_attendance
from .story import completion_rows, feedback_rows


def wire() -> None:
    # One staff menu item for the whole of objective 4: its page links to roles, ambassadors,
    # the resource pack and the jargon buster.
    nav_item_register(
        key="staff-training",
        role=Role.STAFF,
        label="Training and roles",
        url_name="capacity:training-list",
        order=68,
    )
    nav_item_register(
        key="portal-training",
        role=Role.COCREATOR,
        label="Training",
        url_name="capacity:portal-training",
        order=42,
    )
    record_section_register(
        key="capacity-training",
        template="capacity/training/record_section.html",
        context=record_training_section,
        order=60,
    )
    dashboard_panel_register(
        key="capacity-training",
        template="capacity/training/dashboard_panel.html",
        context=dashboard_panel,
        order=60,
    )
    story_source_register(
        key="capacity-completions", models=["capacity.Completion"], rows_for=completion_rows
    )
    story_source_register(
        key="capacity-course-feedback", models=["capacity.CourseFeedback"], rows_for=feedback_rows
    )
    erasure_rules_register()
    attendance_recorded_register(key="capacity-training", handler=completions_from_attendance)
