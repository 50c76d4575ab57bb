"""What staff pickers (cocreation.lib.pickers) find among impact's rows: impact records (all, or
the published ones) and the activities the insight inbox can be narrowed to. Registered from
ImpactConfig.ready()."""

from collections.abc import Mapping

from django.utils import timezone

from activities.pickers import activity_label, activity_year
from cocreation.lib.dates import date_text
from cocreation.lib.periods import parse_slug, period_containing
from cocreation.lib.pickers import picker_kind_register

from .models import ImpactRecord
from .selectors_insight import insight_activity_choices


def pickable_impact_records(params: Mapping | None = None):
    """Every impact record, by title."""
    return ImpactRecord.objects.order_by("title", "pk")


def pickable_published_records(params: Mapping | None = None):
    """Records published on the "You said, we did" page, the newest first."""
    return ImpactRecord.objects.published().order_by("-published_at", "-pk")


def published_record_label(record: ImpactRecord) -> str:
    return f"{record.title} (published {date_text(record.published_at)})"


def pickable_insight_activities(params: Mapping | None = None):
    """The activities the inbox can be narrowed to in its period (?period=, else this quarter)."""
    try:
        period = parse_slug(str((params or {}).get("period", "")))
    except ValueError:
        period = period_containing(timezone.localdate(), "quarter")
    return insight_activity_choices(period)


def pickers_register() -> None:
    """Impact's kinds."""
    picker_kind_register(
        key="impact-records",
        queryset=pickable_impact_records,
        fields=("title",),
        label=lambda record: record.title,
        hint=lambda record: record.get_status_display(),
        typed="title",
    )
    picker_kind_register(
        key="published-impact-records",
        queryset=pickable_published_records,
        fields=("title",),
        label=published_record_label,
        typed="title",
    )
    picker_kind_register(
        key="insight-activities",
        queryset=pickable_insight_activities,
        fields=("title",),
        label=activity_label,
        word=activity_year,
        typed="title",
    )
