"""Reporting's rows. Each feature package keeps its own models (`newsletters.models`,
`packs.models`, `plan.models`); they are imported here because Django looks for an app's models in
`reporting.models`."""

from .groups.models import GroupMessage, SavedGroup
from .newsletters.models import NewsletterIssue, NewsletterSection
from .packs.models import GovernancePack
from .plan.models import KeyAction, KeyActionUpdate, PlanObjective
from .reports.models import DirtyRollup, FigureRollup

__all__ = [
    "DirtyRollup",
    "FigureRollup",
    "GovernancePack",
    "GroupMessage",
    "KeyAction",
    "KeyActionUpdate",
    "NewsletterIssue",
    "NewsletterSection",
    "PlanObjective",
    "SavedGroup",
]
