"""Rows for reach's tests: service areas and saved groups a consultation's audience can be."""

from community.models import Interest, InterestKind
from reporting.groups.models import SavedGroup


def service_area(name: str) -> Interest:
    found, _ = Interest.objects.get_or_create(name=name, kind=InterestKind.SERVICE_AREA)
    return found


def group_interested_in(interest: Interest, name: str = "People interested") -> SavedGroup:
    """A saved group of everyone who chose this interest."""
    return SavedGroup.objects.create(name=name, criteria={"interests": [interest.pk]})
