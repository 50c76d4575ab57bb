import pytest

from impact.models import InsightTag, SourceThemeCount, Theme


@pytest.fixture
def themes(db):
    """Just two themes of our own, whatever the data migration loaded."""
    InsightTag.objects.all().delete()
    SourceThemeCount.objects.all().delete()
    Theme.objects.all().delete()
    return {
        "access": Theme.objects.create(name="Access to services"),
        "waiting": Theme.objects.create(name="Waiting times"),
    }
