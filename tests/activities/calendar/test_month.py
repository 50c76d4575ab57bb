"""The public month view: a week-by-week grid of public activities and awareness dates."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityStatus
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

from .conftest import awareness, d

MONTH = reverse("activities:calendar")


def cell(page: str, day) -> str:
    """The contents of one day's cell in the month grid."""
    match = re.search(rf'<td[^>]*id="day-{day:%Y-%m-%d}"[^>]*>(.*?)</td>', page, re.S)
    assert match, f"no cell for {day}"
    return match.group(1)


def month_page(client, month: str) -> str:
    response = client.get(MONTH, {"month": month})
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_can_see_the_calendar_without_signing_in(anonymous, frozen):
    response = anonymous.get(MONTH)
    assert response.status_code == 200
    page = response.content.decode()
    assert "November 2026" in page
    assert page.count("<h1") == 1


def test_the_grid_has_a_column_for_each_day_of_the_week(anonymous, frozen):
    page = month_page(anonymous, "2026-11")
    headers = re.findall(r'<th scope="col"[^>]*>(\w+)</th>', page)
    assert headers == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    # November 2026 starts on a Sunday and ends on a Monday: six weeks in the grid.
    assert page.count('<tr class="nhsuk-table__row" role="row">') == 1 + 6


def test_an_activity_shows_on_its_day_with_its_time_and_a_link(anonymous, frozen):
    activity = ActivityFactory(starts_at=at(2026, 11, 18, 18), hours=2, title="Carers' evening")
    page = month_page(anonymous, "2026-11")
    day = cell(page, d(2026, 11, 18))
    assert "Carers&#x27; evening" in day
    assert "6pm to 8pm" in day
    assert reverse("activities:calendar-activity", args=[activity.pk]) in day
    assert "Carers&#x27; evening" not in cell(page, d(2026, 11, 17))


def test_today_is_marked_for_screen_readers_and_by_eye(anonymous, frozen):
    page = month_page(anonymous, "2026-11")
    today = re.search(r'<td[^>]*id="day-2026-11-10"[^>]*>', page).group(0)
    assert 'aria-current="date"' in today
    assert "Today" in cell(page, d(2026, 11, 10))
    assert page.count('aria-current="date"') == 1
    assert 'aria-current="date"' not in month_page(anonymous, "2026-12")


def test_late_evening_in_summer_time_stays_on_its_own_day(anonymous, frozen):
    # 11:30pm on 30 September is 10:30pm in UTC; half past midnight on 1 October (still summer
    # time) is 11:30pm on 30 September in UTC, but belongs on 1 October.
    late = ActivityFactory(starts_at=at(2026, 9, 30, 23, 30), hours=1, title="Late session")
    early = ActivityFactory(starts_at=at(2026, 10, 1, 0, 30), hours=1, title="Midnight session")
    september = month_page(anonymous, "2026-09")
    october = month_page(anonymous, "2026-10")
    assert "Late session" in cell(september, d(2026, 9, 30))
    assert "Midnight session" not in september
    assert "Midnight session" in cell(october, d(2026, 10, 1))
    assert "Late session" not in october
    assert "12:30am to 1:30am" in cell(october, d(2026, 10, 1))
    assert late.pk != early.pk


def test_late_evening_in_winter_time_and_on_the_night_the_clocks_go_back(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 10, 25, 23, 30), hours=1, title="Clocks back night")
    ActivityFactory(starts_at=at(2026, 12, 31, 23, 30), hours=1, title="New Year's Eve")
    october = month_page(anonymous, "2026-10")
    december = month_page(anonymous, "2026-12")
    assert "Clocks back night" in cell(october, d(2026, 10, 25))
    assert "11:30pm" in cell(october, d(2026, 10, 25))
    assert "New Year&#x27;s Eve" in cell(december, d(2026, 12, 31))
    assert "New Year&#x27;s Eve" not in month_page(anonymous, "2027-01")


@pytest.mark.parametrize(
    "kind",
    ["not public", "cancelled"],
)
def test_private_and_cancelled_activities_never_show(anonymous, frozen, kind):
    extra = {"is_public": False} if kind == "not public" else {"status": ActivityStatus.CANCELLED}
    hidden = ActivityFactory(starts_at=at(2026, 11, 20, 10), title="Hidden session", **extra)
    page = month_page(anonymous, "2026-11")
    if kind == "cancelled":
        # An upcoming cancelled one shows as cancelled, with no link (activities/changes).
        assert "Cancelled</strong> <s>Hidden session</s>" in page
        assert f"/calendar/activities/{hidden.pk}/" not in page
    else:
        assert "Hidden session" not in page


def test_awareness_dates_show_on_their_first_day_and_in_the_month_list(anonymous, frozen):
    awareness("Loneliness Test Week", d(2026, 11, 16), d(2026, 11, 22))
    awareness("Test Heritage Month", d(2026, 10, 1), d(2026, 11, 30))
    page = month_page(anonymous, "2026-11")
    assert "Loneliness Test Week" in cell(page, d(2026, 11, 16))
    assert "Loneliness Test Week" not in cell(page, d(2026, 11, 17))
    assert "16 to 22 November 2026" in page
    # Begun last month: shown on the 1st, marked as continuing.
    assert "Test Heritage Month (continues)" in cell(page, d(2026, 11, 1))
    assert "1 October to 30 November 2026" in page
    assert "Loneliness Test Week" not in month_page(anonymous, "2026-12")


def test_days_from_the_months_either_side_are_shown_empty(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 10, 26, 10), title="October session")
    page = month_page(anonymous, "2026-11")
    # The grid starts on Monday 26 October, but that day's events belong to October's page.
    assert "another month" in cell(page, d(2026, 10, 26))
    assert "October session" not in page


def test_previous_and_next_month_links(anonymous, frozen):
    page = month_page(anonymous, "2027-01")
    assert f"{MONTH}?month=2026-12" in page
    assert f"{MONTH}?month=2027-02" in page
    assert "December 2026" in page
    assert "February 2027" in page


@pytest.mark.parametrize("value", ["2026-13", "nonsense", "26-11", "1850-01", "2026-00"])
def test_a_month_that_makes_no_sense_shows_this_month_with_a_note(anonymous, frozen, value):
    page = month_page(anonymous, value)
    assert "<h1>November 2026</h1>" in page
    assert "We could not find the month in that web address" in page


def test_the_page_shows_nothing_about_people(anonymous, frozen, staff_member, people):
    from activities.services import signup_create

    activity = ActivityFactory(starts_at=at(2026, 11, 20, 10), lead=staff_member, capacity=10)
    for person in people(3, prefix="attendee"):
        signup_create(activity_id=activity.pk, cocreator=person)
    page = month_page(anonymous, "2026-11")
    assert "Sam Staff" not in page
    assert "Attendee" not in page
    assert "booked" not in page.lower()


def test_staff_see_a_link_to_manage_awareness_dates_and_others_do_not(
    anonymous, staff_client, cocreator_client, frozen
):
    manage = reverse("activities:awareness-list")
    assert manage in staff_client.get(MONTH).content.decode()
    assert manage not in anonymous.get(MONTH).content.decode()
    assert manage not in cocreator_client.get(MONTH).content.decode()


def test_the_number_of_queries_does_not_grow_with_the_activities_in_the_month(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 11, 3, 10))
    awareness("Query Test Day", d(2026, 11, 4))
    with CaptureQueriesContext(connection) as few:
        month_page(anonymous, "2026-11")
    for day in range(1, 31):
        ActivityFactory(starts_at=at(2026, 11, day, 9), title=f"Session {day}")
        ActivityFactory(starts_at=at(2026, 11, day, 18), title=f"Evening {day}")
        awareness(f"Day {day}", d(2026, 11, day))
    with CaptureQueriesContext(connection) as many:
        page = month_page(anonymous, "2026-11")
    assert "Evening 30" in page
    assert len(many) == len(few)
    selects = [q for q in few.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 2  # the month's activities, and its awareness dates
