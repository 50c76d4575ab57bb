"""The public iCalendar feed, and each co-creator's private feed of their own bookings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from activities.models import ActivityStatus, CalendarFeed
from activities.services import calendar_feed_reset, signup_create, signup_withdraw
from community.models import Locality
from community.services import cocreator_erase
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

from .conftest import awareness, d

ICS = reverse("activities:calendar-ics")
UTC = datetime.UTC


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def feed_url(feed) -> str:
    return reverse("activities:personal-feed", args=[feed.token])


# --- the public feed ----------------------------------------------------------------------------


def test_the_public_feed_is_a_valid_calendar_with_its_headers(anonymous, frozen):
    cal = parse(anonymous.get(ICS))
    assert cal["VERSION"] == "2.0"
    assert "PRODID" in cal
    assert cal["METHOD"] == "PUBLISH"
    assert "events" in str(cal["X-WR-CALNAME"])
    # Calendar apps are asked to look again every six hours.
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H" in anonymous.get(ICS).content


def test_a_public_activity_has_every_field_a_calendar_app_needs(anonymous, frozen, settings):
    settings.ALLOWED_HOSTS = ["cocreation.example.nhs.uk"]
    activity = ActivityFactory(
        starts_at=at(2026, 11, 24, 18, 30), hours=2, title="Crisis line design", venue="Hythe Hub"
    )
    cal = parse(anonymous.get(ICS, HTTP_HOST="cocreation.example.nhs.uk"))
    event = events(cal)[f"activity-{activity.pk}@cocreation.example.nhs.uk"]
    assert str(event["SUMMARY"]) == "Crisis line design"
    assert event["DTSTART"].dt == datetime.datetime(2026, 11, 24, 18, 30, tzinfo=UTC)
    assert event["DTEND"].dt == datetime.datetime(2026, 11, 24, 20, 30, tzinfo=UTC)
    assert "DTSTAMP" in event
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Hythe Hub" in str(event["LOCATION"])
    assert "We will plan the garden together." in str(event["DESCRIPTION"])
    assert str(event["URL"]) == (
        f"http://cocreation.example.nhs.uk/calendar/activities/{activity.pk}/"
    )


def test_summer_times_are_written_in_utc(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 11, 1, 10), status="done")  # keeps the feed non-empty
    summer = ActivityFactory(starts_at=at(2026, 9, 30, 23, 30), hours=1, status="done")
    event = events(parse(anonymous.get(ICS)))[f"activity-{summer.pk}@testserver"]
    assert event["DTSTART"].dt == datetime.datetime(2026, 9, 30, 22, 30, tzinfo=UTC)
    assert b"DTSTART:20260930T223000Z" in anonymous.get(ICS).content


def test_uids_stay_the_same_from_one_download_to_the_next(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 11, 24, 18))
    awareness("Test Awareness Day", d(2026, 12, 3))
    first = set(events(parse(anonymous.get(ICS))))
    second = set(events(parse(anonymous.get(ICS))))
    assert first == second
    assert len(first) == 2


def test_awareness_dates_are_all_day_events_that_do_not_make_anyone_busy(anonymous, frozen):
    week = awareness("Test Week", d(2026, 11, 16), d(2026, 11, 22), "A week about testing.")
    day = awareness("Test Day", d(2026, 12, 3))
    found = events(parse(anonymous.get(ICS)))
    week_event = found[f"awareness-{week.pk}@testserver"]
    assert week_event["DTSTART"].dt == d(2026, 11, 16)
    assert week_event["DTEND"].dt == d(2026, 11, 23)  # the day after the last day
    assert str(week_event["TRANSP"]) == "TRANSPARENT"
    assert str(week_event["DESCRIPTION"]) == "A week about testing."
    day_event = found[f"awareness-{day.pk}@testserver"]
    assert (day_event["DTSTART"].dt, day_event["DTEND"].dt) == (d(2026, 12, 3), d(2026, 12, 4))


def test_the_feed_reaches_back_90_days_and_no_further(anonymous, frozen):
    recent = ActivityFactory(starts_at=at(2026, 8, 20, 10), status="done")
    old = ActivityFactory(starts_at=at(2026, 8, 1, 10), status="done")
    awareness("Old Test Day", d(2026, 7, 1))
    found = events(parse(anonymous.get(ICS)))
    assert f"activity-{recent.pk}@testserver" in found
    assert f"activity-{old.pk}@testserver" not in found
    assert not any(uid.startswith("awareness-") for uid in found)


def test_private_activities_are_never_in_the_feed_and_cancelled_ones_are_marked(anonymous, frozen):
    private = ActivityFactory(starts_at=at(2026, 11, 20, 10), is_public=False, title="Private one")
    cancelled = ActivityFactory(
        starts_at=at(2026, 11, 21, 10), status=ActivityStatus.CANCELLED, title="Called off"
    )
    response = anonymous.get(ICS)
    found = events(parse(response))
    assert f"activity-{private.pk}@testserver" not in found
    assert b"Private one" not in response.content
    event = found[f"activity-{cancelled.pk}@testserver"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Called off"
    assert "URL" not in event  # its public page is gone


def test_the_public_feed_names_nobody(anonymous, frozen, staff_member, people):
    activity = ActivityFactory(starts_at=at(2026, 11, 24, 18), lead=staff_member, capacity=3)
    for person in people(4, prefix="attendee"):
        signup_create(activity_id=activity.pk, cocreator=person)
    content = anonymous.get(ICS).content.decode()
    for text in ("Sam Staff", "staff.member@example.org", "Attendee", "attendee0@", "ATTENDEE"):
        assert text not in content
    assert "ORGANIZER" not in content


def test_the_public_feed_takes_the_same_queries_however_many_events(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 11, 24, 18))
    awareness("Test Day", d(2026, 12, 3))
    with CaptureQueriesContext(connection) as few:
        anonymous.get(ICS)
    for n in range(30):
        ActivityFactory(starts_at=at(2026, 12, 1, 10) + datetime.timedelta(days=n))
        awareness(f"Day {n}", d(2027, 1, 1) + datetime.timedelta(days=n))
    with CaptureQueriesContext(connection) as many:
        response = anonymous.get(ICS)
    assert len(events(parse(response))) == 62
    assert len(many) == len(few)
    selects = [q for q in few.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 3  # the data version, activities (with their areas), awareness dates


# --- conditional requests and the cache ---------------------------------------------------------


def _queries(captured) -> list[str]:
    """The statements run, leaving out the savepoints of the request's own transaction."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def test_the_public_feed_answers_304_with_no_body_while_nothing_has_changed(anonymous, frozen):
    ActivityFactory(starts_at=at(2026, 11, 24, 18), title="Garden design")
    first = anonymous.get(ICS)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    with CaptureQueriesContext(connection) as asked:
        again = anonymous.get(ICS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert len(_queries(asked)) == 1  # the data version; nothing is made
    assert anonymous.get(ICS, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert anonymous.get(ICS, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_change_to_a_public_activity_changes_the_etag_and_the_body(anonymous, frozen):
    activity = ActivityFactory(starts_at=at(2026, 11, 24, 18), title="Garden design")
    first = anonymous.get(ICS)
    activity.title = "Garden design (new room)"
    activity.save()
    changed = anonymous.get(ICS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert b"Garden design (new room)" in changed.content
    # Asked by its old time only, the new body is newer, so it is sent too.
    assert anonymous.get(ICS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


def test_an_awareness_date_and_an_areas_name_change_the_public_feed(anonymous, frozen):
    area = Locality.objects.create(name="Test Area")
    ActivityFactory(starts_at=at(2026, 11, 24, 18), venue="", locality=area)
    first = anonymous.get(ICS)["ETag"]
    awareness("Test Awareness Day", d(2026, 12, 3))
    second = anonymous.get(ICS)
    assert second["ETag"] != first and b"Test Awareness Day" in second.content
    area.name = "Renamed Area"
    area.save()
    third = anonymous.get(ICS)
    assert third["ETag"] != second["ETag"] and b"Renamed Area" in third.content


def test_the_public_feed_is_made_once_then_read_from_the_cache(anonymous, frozen, monkeypatch):
    from activities import ical

    ActivityFactory(starts_at=at(2026, 11, 24, 18))
    made = []
    real = ical.public_calendar
    monkeypatch.setattr(ical, "public_calendar", lambda **kw: made.append(1) or real(**kw))
    first = anonymous.get(ICS)
    with CaptureQueriesContext(connection) as cached:
        second = anonymous.get(ICS)  # a new calendar app: no ETag to send
    assert len(made) == 1
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert len(_queries(cached)) == 1  # the data version only


def test_the_worker_makes_the_public_feed_after_a_change_before_any_app_asks(
    anonymous, frozen, monkeypatch, settings
):
    from activities import ical
    from activities.tasks import warm_public_feed

    settings.SITE_URL = "http://testserver"
    activity = ActivityFactory(starts_at=at(2026, 11, 24, 18), title="Made ahead")
    made = []
    real = ical.public_calendar
    monkeypatch.setattr(ical, "public_calendar", lambda **kw: made.append(1) or real(**kw))
    assert warm_public_feed() is True
    assert warm_public_feed() is False  # nothing changed since: nothing to make
    fetched = anonymous.get(ICS)
    assert len(made) == 1 and b"Made ahead" in fetched.content
    assert f"activity-{activity.pk}@testserver".encode() in fetched.content

    activity.title = "Changed"
    activity.save()
    assert warm_public_feed() is True
    assert b"Changed" in anonymous.get(ICS).content and len(made) == 2

    settings.SITE_URL = "https://not-this-site.example.org"
    assert warm_public_feed() is False  # a host the site does not answer to: nothing made


def test_a_sign_up_does_not_change_the_public_feed(anonymous, frozen, own_cocreator):
    activity = ActivityFactory(starts_at=at(2026, 11, 24, 18))
    first = anonymous.get(ICS)["ETag"]
    signup_create(activity_id=activity.pk, cocreator=own_cocreator)
    assert anonymous.get(ICS, HTTP_IF_NONE_MATCH=first).status_code == 304


def test_the_feed_is_made_again_the_next_day(anonymous, frozen, time_machine):
    ActivityFactory(starts_at=at(2026, 11, 24, 18))
    first = anonymous.get(ICS)["ETag"]
    time_machine.move_to(at(2026, 11, 11, 9), tick=False)
    assert anonymous.get(ICS, HTTP_IF_NONE_MATCH=first).status_code == 200


def test_the_address_asked_at_is_part_of_the_key(anonymous, frozen, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example.nhs.uk"]
    activity = ActivityFactory(starts_at=at(2026, 11, 24, 18))
    here = anonymous.get(ICS)
    there = anonymous.get(ICS, HTTP_HOST="other.example.nhs.uk")
    assert here["ETag"] != there["ETag"]
    assert f"activity-{activity.pk}@other.example.nhs.uk".encode() in there.content
    assert b"testserver" not in there.content


# --- the private feed ---------------------------------------------------------------------------


@pytest.fixture
def bookings(frozen, own_cocreator, other_cocreator_record):
    """Our co-creator holds a place at one activity and waits for another; someone else holds a
    place at a third."""
    mine = ActivityFactory(starts_at=at(2026, 11, 24, 18), title="My booked session")
    full = ActivityFactory(starts_at=at(2026, 11, 25, 10), title="My waiting session", capacity=1)
    theirs = ActivityFactory(starts_at=at(2026, 11, 26, 10), title="Their session")
    signup_create(activity_id=full.pk, cocreator=other_cocreator_record)
    booked = signup_create(activity_id=mine.pk, cocreator=own_cocreator)
    waiting = signup_create(activity_id=full.pk, cocreator=own_cocreator)
    signup_create(activity_id=theirs.pk, cocreator=other_cocreator_record)
    assert (booked.status, waiting.status) == ("booked", "waiting")
    return {"booked": booked, "waiting": waiting}


def test_the_private_feed_has_only_the_persons_own_bookings(anonymous, bookings, own_cocreator):
    feed = CalendarFeed.objects.create(cocreator=own_cocreator)
    response = anonymous.get(feed_url(feed))
    found = events(parse(response))
    assert set(found) == {
        f"signup-{bookings['booked'].pk}@testserver",
        f"signup-{bookings['waiting'].pk}@testserver",
    }
    assert b"Their session" not in response.content
    booked = found[f"signup-{bookings['booked'].pk}@testserver"]
    waiting = found[f"signup-{bookings['waiting'].pk}@testserver"]
    assert str(booked["SUMMARY"]) == "My booked session"
    assert str(booked["STATUS"]) == "CONFIRMED"
    assert str(waiting["STATUS"]) == "TENTATIVE"
    assert "waiting list" in str(waiting["DESCRIPTION"])
    assert booked["DTSTART"].dt == datetime.datetime(2026, 11, 24, 18, tzinfo=UTC)
    assert response["Cache-Control"] == "private, no-store"


def test_another_persons_feed_never_has_my_bookings(anonymous, bookings, other_cocreator_record):
    feed = CalendarFeed.objects.create(cocreator=other_cocreator_record)
    content = anonymous.get(feed_url(feed)).content
    assert b"Their session" in content
    assert b"My booked session" not in content
    assert b"My waiting session" in content  # they hold the one place there


def test_a_withdrawn_booking_leaves_the_feed(anonymous, bookings, own_cocreator):
    feed = CalendarFeed.objects.create(cocreator=own_cocreator)
    signup_withdraw(signup=bookings["booked"])
    assert b"My booked session" not in anonymous.get(feed_url(feed)).content


def test_an_unknown_address_is_not_found(anonymous, frozen):
    url = reverse("activities:personal-feed", args=["not-a-real-token-at-all"])
    assert anonymous.get(url).status_code == 404


def test_the_old_address_stops_working_after_a_reset(anonymous, bookings, own_cocreator):
    feed = CalendarFeed.objects.create(cocreator=own_cocreator)
    old = feed_url(feed)
    assert anonymous.get(old).status_code == 200
    new = feed_url(calendar_feed_reset(cocreator=own_cocreator))
    assert new != old
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200


def test_the_feed_of_someone_who_has_left_stops_working(anonymous, bookings, own_cocreator):
    feed = CalendarFeed.objects.create(cocreator=own_cocreator)
    cocreator_erase(cocreator=own_cocreator, actor=None)
    assert anonymous.get(feed_url(feed)).status_code == 404


def test_a_personal_feed_answers_304_until_the_persons_bookings_change(
    anonymous, bookings, own_cocreator
):
    feed = CalendarFeed.objects.create(cocreator=own_cocreator)
    first = anonymous.get(feed_url(feed))
    assert first.status_code == 200 and first["ETag"]
    again = anonymous.get(feed_url(feed), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    signup_withdraw(signup=bookings["booked"])
    changed = anonymous.get(feed_url(feed), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert b"My booked session" not in changed.content
    assert changed["Cache-Control"] == "private, no-store"


def test_a_wrong_address_is_still_not_found_whatever_it_sends(anonymous, bookings, own_cocreator):
    feed = CalendarFeed.objects.create(cocreator=own_cocreator)
    etag = anonymous.get(feed_url(feed))["ETag"]
    url = reverse("activities:personal-feed", args=["not-a-real-token-at-all"])
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert anonymous.get(url, HTTP_IF_NONE_MATCH="*").status_code == 404
    old = feed_url(feed)
    calendar_feed_reset(cocreator=own_cocreator)
    assert anonymous.get(old, HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_one_persons_cached_feed_never_answers_for_another(
    anonymous, bookings, own_cocreator, other_cocreator_record
):
    mine = CalendarFeed.objects.create(cocreator=own_cocreator)
    theirs = CalendarFeed.objects.create(cocreator=other_cocreator_record)
    my_response = anonymous.get(feed_url(mine))
    their_response = anonymous.get(feed_url(theirs))  # after mine is cached
    assert my_response["ETag"] != their_response["ETag"]
    assert b"Their session" in their_response.content
    assert b"My booked session" not in their_response.content
    # My ETag sent to their address is no match: they get their own feed.
    crossed = anonymous.get(feed_url(theirs), HTTP_IF_NONE_MATCH=my_response["ETag"])
    assert crossed.status_code == 200 and b"Their session" in crossed.content
    assert anonymous.get(feed_url(mine)).content == my_response.content


def test_a_change_to_an_activity_someone_booked_changes_their_feed(
    anonymous, bookings, own_cocreator
):
    feed = CalendarFeed.objects.create(cocreator=own_cocreator)
    first = anonymous.get(feed_url(feed))["ETag"]
    activity = bookings["booked"].activity
    activity.title = "My booked session, moved"
    activity.save()
    changed = anonymous.get(feed_url(feed), HTTP_IF_NONE_MATCH=first)
    event = events(parse(changed))[f"signup-{bookings['booked'].pk}@testserver"]
    assert str(event["SUMMARY"]) == "My booked session, moved"
