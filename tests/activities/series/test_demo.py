"""The demo's weekly series and its changed and cancelled activities, made once."""

from activities.demo.team_week import (
    CANCELLED_TITLE,
    CHANGED_TITLE,
    SERIES_TITLE,
    build_demo_team_week,
)
from activities.models import Activity, ActivityChange, ActivitySeries, ActivityStatus


def test_the_demo_series_and_changes_are_made_once(db):
    assert build_demo_team_week() == 3
    assert build_demo_team_week() == 0
    series = ActivitySeries.objects.get(title=SERIES_TITLE)
    assert series.sessions.count() == 9  # ten weeks, one skipped
    assert ActivityChange.objects.get(activity__title=CHANGED_TITLE).kind == "changed"
    cancelled = Activity.objects.get(title=CANCELLED_TITLE)
    assert cancelled.status == ActivityStatus.CANCELLED
    assert cancelled.sequence == 1
    assert cancelled.changes.get().kind == "cancelled"
