from datetime import timedelta

import pytest
from django.utils import timezone

from tests.activities.factories import ActivityFactory


@pytest.fixture
def ended_activity(db):
    def make(days_ago=3, **extra):
        starts = timezone.now() - timedelta(days=days_ago, hours=3)
        return ActivityFactory(starts_at=starts, **extra)

    return make
