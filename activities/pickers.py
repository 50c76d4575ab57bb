"""What staff pickers (cocreation.lib.pickers) find among activities' rows: activities and
projects. Registered from ActivitiesConfig.ready()."""

from collections.abc import Mapping

from django.db.models import Q
from django.utils import timezone

from cocreation.lib.dates import date_text
from cocreation.lib.pickers import picker_kind_register

from .models import Activity, Project


def activity_label(activity: Activity) -> str:
    """Its title and the day it starts: "Ward garden (3 March 2026)"."""
    return f"{activity.title} ({date_text(timezone.localtime(activity.starts_at))})"


def activity_year(word: str) -> Q | None:
    """A year typed ("garden 2026") finds the activities that start in it."""
    if len(word) == 4 and word.isascii() and word.isdigit() and 1900 < int(word) < 2200:
        return Q(starts_at__year=int(word))
    return None


def pickable_activities(params: Mapping | None = None):
    """Every activity, the latest first."""
    return Activity.objects.order_by("-starts_at", "pk")


def pickable_projects(params: Mapping | None = None):
    """Every project, by title."""
    return Project.objects.only("pk", "title").order_by("title", "pk")


def pickers_register() -> None:
    """Activities' kinds."""
    picker_kind_register(
        key="activities",
        queryset=pickable_activities,
        fields=("title",),
        label=activity_label,
        word=activity_year,
        typed="title",
    )
    picker_kind_register(
        key="projects",
        queryset=pickable_projects,
        fields=("title",),
        label=lambda project: project.title,
        typed="title",
    )
