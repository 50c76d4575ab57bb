"""What the group form's pickers search for that no other app offers: series of sessions and
partner organisations. Registered from ReportingConfig.ready()."""

from collections.abc import Mapping

from activities.models import ActivitySeries
from cocreation.lib.pickers import picker_kind_register
from community.models import PartnerOrganisation

SERIES = "group-series"
PARTNERS = "group-partners"


def pickable_series(params: Mapping | None = None):
    return ActivitySeries.objects.only("pk", "title").order_by("title", "pk")


def pickable_partners(params: Mapping | None = None):
    return PartnerOrganisation.objects.only("pk", "name").order_by("name", "pk")


def pickers_register() -> None:
    picker_kind_register(
        key=SERIES,
        queryset=pickable_series,
        fields=("title",),
        label=lambda series: series.title,
        typed="title",
    )
    picker_kind_register(
        key=PARTNERS,
        queryset=pickable_partners,
        fields=("name",),
        label=lambda organisation: organisation.name,
    )
