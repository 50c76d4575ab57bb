"""A co-creator's page for adding their own bookings to their calendar app."""

from django.urls import reverse

from activities.models import CalendarFeed
from activities.services import signup_create
from community.models import AuditAction, AuditEvent
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

PAGE = reverse("activities:portal-calendar")
RESET = reverse("activities:portal-calendar-reset")


def test_the_first_visit_makes_a_private_address_and_later_visits_keep_it(
    cocreator_client, own_cocreator, frozen
):
    page = cocreator_client.get(PAGE).content.decode()
    feed = CalendarFeed.objects.get(cocreator=own_cocreator)
    address = f"http://testserver/calendar/feed/{feed.token}.ics"
    assert address in page
    assert f"webcal://testserver/calendar/feed/{feed.token}.ics" in page
    assert "Anyone who has this link can see the activities you have booked" in page
    assert page.count("<h1") == 1
    cocreator_client.get(PAGE)
    assert CalendarFeed.objects.filter(cocreator=own_cocreator).count() == 1
    assert CalendarFeed.objects.get(cocreator=own_cocreator).token == feed.token
    assert (
        AuditEvent.objects.filter(
            cocreator_id=own_cocreator.pk, action=AuditAction.CREATE, fields=["calendar_feed"]
        ).count()
        == 1
    )


def test_the_page_lists_what_the_calendar_will_show(cocreator_client, own_cocreator, frozen):
    activity = ActivityFactory(starts_at=at(2026, 11, 24, 18), title="Garden planning")
    signup_create(activity_id=activity.pk, cocreator=own_cocreator)
    page = cocreator_client.get(PAGE).content.decode()
    assert "Garden planning, Tue 24 Nov 2026" in page


def test_making_a_new_link_stops_the_old_one_at_once(
    cocreator_client, anonymous, own_cocreator, frozen
):
    cocreator_client.get(PAGE)
    old = CalendarFeed.objects.get(cocreator=own_cocreator).token
    old_url = reverse("activities:personal-feed", args=[old])
    assert anonymous.get(old_url).status_code == 200
    response = cocreator_client.post(RESET)
    assert response.status_code == 302
    assert response.url == PAGE
    new = CalendarFeed.objects.get(cocreator=own_cocreator).token
    assert new != old
    assert anonymous.get(old_url).status_code == 404
    page = cocreator_client.get(PAGE).content.decode()
    assert new in page
    assert old not in page
    assert "The old link has stopped working" in page
    assert AuditEvent.objects.filter(
        cocreator_id=own_cocreator.pk, action=AuditAction.CHANGE, fields=["calendar_feed"]
    ).exists()


def test_a_new_link_is_made_only_by_posting(cocreator_client, own_cocreator, frozen):
    cocreator_client.get(PAGE)
    token = CalendarFeed.objects.get(cocreator=own_cocreator).token
    assert cocreator_client.get(RESET).status_code == 405
    assert CalendarFeed.objects.get(cocreator=own_cocreator).token == token


def test_making_a_new_link_changes_only_my_own(
    cocreator_client, own_cocreator, other_cocreator_record, frozen
):
    theirs = CalendarFeed.objects.create(cocreator=other_cocreator_record)
    cocreator_client.post(RESET)
    theirs_after = CalendarFeed.objects.get(pk=theirs.pk)
    assert theirs_after.token == theirs.token
