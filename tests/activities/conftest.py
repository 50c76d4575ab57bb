from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityFormat,
    ActivitySetting,
    ActivityStatus,
    EngagementLevel,
)
from activities.services import activity_save
from community.services import cocreator_register


def at(year, month, day, hour=10, minute=0):
    """An aware datetime in the site's time zone (Europe/London)."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/London"))


def make_activity(
    *,
    starts=None,
    hours=2,
    level=EngagementLevel.INVOLVE,
    status=ActivityStatus.OPEN,
    capacity=None,
    setting=ActivitySetting.TRUST_SITE,
    title="Ward garden design session",
    **extra,
):
    starts = starts or timezone.now() + timedelta(days=7)
    return activity_save(
        activity=Activity(
            title=title,
            summary="We will plan the garden together.",
            level=level,
            format=ActivityFormat.IN_PERSON,
            setting=setting,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            capacity=capacity,
            status=status,
            **extra,
        )
    )


@pytest.fixture
def people(db):
    def make(n, prefix="person"):
        return [
            cocreator_register(
                actor=None,
                full_name=f"{prefix.title()} {i}",
                email=f"{prefix}{i}@example.org",
                prefers_email=True,
            )
            for i in range(n)
        ]

    return make
