"""The public list of what is coming up, and each public activity's own page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityFormat, ActivitySetting, ActivityStatus, EngagementLevel
from activities.services import activity_save, signup_create
from community.models import Locality
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

from .conftest import awareness, d

LIST = reverse("activities:calendar-list")


def page_of(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def activity_url(activity) -> str:
    return reverse("activities:calendar-activity", args=[activity.pk])


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_what_is_coming_up_grouped_by_month(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 11, 20, 18), title="Carers' evening")
    ActivityFactory(starts_at=at(2027, 1, 12, 10), title="January workshop")
    ActivityFactory(starts_at=at(2026, 11, 2, 10), title="Already happened", status="done")
    awareness("Test Awareness Week", d(2026, 12, 7), d(2026, 12, 13))
    page = page_of(anonymous, LIST)
    headings = re.findall(r'<h2 class="nhsuk-heading-m" id="month-[\d-]+">([^<]+)</h2>', page)
    assert headings == ["November 2026", "December 2026", "January 2027"]
    assert page.index("Carers&#x27; evening") < page.index("Test Awareness Week")
    assert page.index("Test Awareness Week") < page.index("January workshop")
    assert "7 to 13 December 2026" in page
    assert "Already happened" not in page
    assert page.count("<h1") == 1


def test_an_awareness_date_under_way_is_listed_under_today(anonymous, frozen):
    awareness("Ongoing Test Month", d(2026, 11, 1), d(2026, 11, 30))
    page = page_of(anonymous, LIST)
    assert "Ongoing Test Month" in page
    assert "(already under way)" in page
    assert 'datetime="2026-11-10"' in page


@pytest.mark.parametrize("kind", ["not public", "cancelled"])
def test_private_and_cancelled_activities_are_not_listed(anonymous, frozen, kind):
    extra = {"is_public": False} if kind == "not public" else {"status": ActivityStatus.CANCELLED}
    hidden = ActivityFactory(starts_at=at(2026, 11, 20, 10), title="Hidden session", **extra)
    page = page_of(anonymous, LIST)
    if kind == "cancelled":
        # An upcoming cancelled one shows as cancelled, with no link (activities/changes).
        assert "Cancelled</strong> Hidden session" in page
        assert f"/calendar/activities/{hidden.pk}/" not in page
    else:
        assert "Hidden session" not in page


def test_the_list_is_split_into_pages_of_50(anonymous, frozen):
    for n in range(55):
        ActivityFactory(
            starts_at=at(2026, 11, 11, 9) + timedelta(hours=n),
            title=f"Session {n:02d}",
        )
    first = page_of(anonymous, LIST)
    assert "Session 49" in first
    assert "Session 50" not in first
    assert 'aria-label="Pagination"' in first
    second = page_of(anonymous, LIST, page=2)
    assert "Session 50" in second


def test_the_lists_queries_do_not_grow_with_its_rows(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 11, 20, 10))
    with CaptureQueriesContext(connection) as few:
        page_of(anonymous, LIST)
    locality = Locality.objects.first()
    for n in range(40):
        ActivityFactory(
            starts_at=at(2026, 12, 1, 10) + timedelta(days=n),
            locality=locality,
            venue="Library",
        )
        awareness(f"Test day {n}", d(2027, 1, 1) + timedelta(days=n))
    with CaptureQueriesContext(connection) as many:
        page = page_of(anonymous, LIST)
    assert locality.name in page
    assert len(many) == len(few)


def test_only_the_page_shown_is_read_whole_and_pages_keep_the_order(anonymous, frozen):
    """A year ahead can hold thousands of sessions: the order comes from ids and start times,
    and only the page's own activities (50) are read with their details."""
    for n in range(110):
        ActivityFactory(starts_at=at(2026, 11, 11, 10) + timedelta(days=n), title=f"Session {n:03}")
    awareness("Test awareness day", d(2026, 12, 31))  # day 50: heads its day, so page 2
    with CaptureQueriesContext(connection) as queries:
        first = page_of(anonymous, LIST)
    assert re.findall(r"Session (\d{3})", first) == [f"{n:03}" for n in range(50)]
    assert "Test awareness day" not in first
    details = [q["sql"] for q in queries if '"activities_activity"."title"' in q["sql"]]
    assert len(details) == 1 and " IN (" in details[0]
    assert details[0].split(" IN (")[1].split(")")[0].count(",") == 49
    second = page_of(anonymous, LIST, page=2)
    assert second.index("Test awareness day") < second.index("Session 050")
    assert re.findall(r"Session (\d{3})", second) == [f"{n:03}" for n in range(50, 99)]
    assert re.findall(r"Session (\d{3})", page_of(anonymous, LIST, page=3)) == [
        f"{n:03}" for n in range(99, 110)
    ]


def test_a_second_view_of_the_list_reads_only_the_calendars_version(anonymous, frozen):
    """The list is the same for everyone on a day: its order and each page's table are cached
    under the calendar's data version, so the next visitor's view reads no activity."""
    ActivityFactory(starts_at=at(2026, 11, 20, 10), title="Carers' evening")
    first = page_of(anonymous, LIST)
    with CaptureQueriesContext(connection) as queries:
        again = page_of(anonymous, LIST)
    assert again == first
    assert not [q for q in queries if "activities_activity" in q["sql"]]
    assert [q for q in queries if "jobs_dataversion" in q["sql"]]


def test_a_change_shows_in_the_list_at_once(anonymous, frozen):
    activity = ActivityFactory(starts_at=at(2026, 11, 20, 10), title="Carers' evening")
    assert "Carers&#x27; evening" in page_of(anonymous, LIST)
    activity.title = "Carers' afternoon"
    activity_save(activity=activity)
    ActivityFactory(starts_at=at(2026, 11, 21, 10), title="Young people's forum")
    page = page_of(anonymous, LIST)
    assert "Carers&#x27; afternoon" in page and "evening" not in page
    assert "Young people&#x27;s forum" in page


# --- one activity's page ----------------------------------------------------------------------


@pytest.fixture
def open_activity(frozen, staff_member):
    activity = ActivityFactory(
        starts_at=at(2026, 11, 24, 18),
        hours=2,
        title="Designing the new crisis line",
        level=EngagementLevel.COLLABORATE,
        capacity=6,
        lead=staff_member,
        audience="People who have called a crisis line, and their carers",
        access_provisions="Step-free access. A quiet room is available.",
        recognition="£25 voucher and travel expenses",
        venue="Gillingham Library",
        setting=ActivitySetting.LIBRARY,
    )
    activity.format = ActivityFormat.HYBRID
    return activity_save(activity=activity)


def test_the_activity_page_says_what_when_where_and_how_to_take_part(anonymous, open_activity):
    page = page_of(anonymous, activity_url(open_activity))
    assert "<h1>Designing the new crisis line</h1>" in page
    assert "Tue 24 Nov 2026, 6pm to 8pm" in page
    assert "Gillingham Library, or online" in page
    assert "Collaborate" in page
    assert "A partnership: decisions and responsibilities are shared." in page
    assert "People who have called a crisis line, and their carers" in page
    assert "Step-free access. A quiet room is available." in page
    assert "£25 voucher and travel expenses" in page
    assert "Hybrid (in person and online), at a library" in page
    assert "Sign in to sign up" in page
    assert reverse("account_signup") in page
    assert "mailto:" in page


def test_a_signed_in_cocreator_is_sent_to_their_own_sign_up_page(cocreator_client, open_activity):
    page = page_of(cocreator_client, activity_url(open_activity))
    assert reverse("activities:opportunity-detail", args=[open_activity.pk]) in page
    assert "Sign in to sign up" not in page


def test_an_activity_not_yet_open_says_to_contact_the_team(anonymous, frozen):
    planned = ActivityFactory(starts_at=at(2026, 12, 2, 10), status=ActivityStatus.PLANNED)
    page = page_of(anonymous, activity_url(planned))
    assert "Sign-up for this activity is not open yet" in page
    assert "Sign in to sign up" not in page


def test_a_past_activity_says_it_has_happened(anonymous, frozen):
    done = ActivityFactory(starts_at=at(2026, 11, 2, 10), status=ActivityStatus.DONE)
    page = page_of(anonymous, activity_url(done))
    assert "This activity has already happened" in page
    assert "How to take part" not in page


def test_the_activity_page_shows_nothing_about_people(anonymous, open_activity, people):
    for person in people(5, prefix="attendee"):
        signup_create(activity_id=open_activity.pk, cocreator=person)
    page = page_of(anonymous, activity_url(open_activity))
    assert "Sam Staff" not in page
    assert "staff.member@example.org" not in page
    assert "Attendee" not in page
    # The group's size is shown; how many have booked, or who, is not.
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split()).lower()
    assert "up to 6 people" in text
    for phrase in ("booked", "places left", "place left", "waiting list", "signed up", " 5 "):
        assert phrase not in text, phrase


@pytest.mark.parametrize("kind", ["not public", "cancelled", "missing"])
def test_a_private_cancelled_or_missing_activity_is_not_found(anonymous, frozen, kind):
    if kind == "missing":
        url = reverse("activities:calendar-activity", args=[999999])
    else:
        extra = (
            {"is_public": False} if kind == "not public" else {"status": ActivityStatus.CANCELLED}
        )
        url = activity_url(ActivityFactory(starts_at=at(2026, 11, 20, 10), **extra))
    assert anonymous.get(url).status_code == 404
