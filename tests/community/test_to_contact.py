"""The staff's "to contact" list: a day's letters and calls, overdue ones, and "Done"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import HandContactMethod, ToContact
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db

URL = "/staff/to-contact/"


def row(day, *, name="Pat Phoner", method=HandContactMethod.PHONE, done=False, key=None):
    person = CoCreatorFactory(full_name=name, phone="01234 567890", prefers_phone=True)
    return ToContact.objects.create(
        key=key or f"test:{person.pk}",
        cocreator=person,
        kind="booking_confirmed",
        method=method,
        due_on=day,
        what_to_say=f"Tell {name} their place is booked.",
        done_at=timezone.now() if done else None,
    )


def test_the_url_is_the_one_asked_for():
    assert reverse("community:to-contact") == URL


def test_today_shows_due_and_overdue_not_done(staff_client):
    today = timezone.localdate()
    row(today, name="Due Today")
    row(today - dt.timedelta(days=2), name="Over Due", method=HandContactMethod.POST)
    row(today + dt.timedelta(days=1), name="Not Yet")
    row(today - dt.timedelta(days=1), name="Already Done", done=True)
    html = staff_client.get(URL).content.decode()
    assert "Due Today" in html and "Over Due" in html
    assert "Tell Due Today their place is booked." in html
    assert "Phone call: 01234 567890" in html and "Post" in html
    assert "Not Yet" not in html and "Already Done" not in html


def test_another_day(staff_client):
    day = timezone.localdate() + dt.timedelta(days=3)
    row(day, name="Later Person")
    html = staff_client.get(URL, {"day": day.isoformat()}).content.decode()
    assert "Later Person" in html


def test_a_bad_day_says_so_and_shows_today(staff_client):
    row(timezone.localdate(), name="Due Today")
    html = staff_client.get(URL, {"day": "31-31-2026"}).content.decode()
    assert "There is a problem" in html and "Due Today" in html


def test_done_with_an_outcome(staff_client, staff_member_with_mfa):
    today = timezone.localdate()
    item = row(today)
    url = reverse("community:to-contact-done", args=[item.pk])
    response = staff_client.post(url, {"outcome": "Left a voicemail", "day": today.isoformat()})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None and item.done_by == staff_member_with_mfa
    assert item.outcome == "Left a voicemail"
    html = staff_client.get(URL).content.decode()
    assert "Left a voicemail" in html  # under "Done"
    # A second press changes nothing.
    staff_client.post(url, {"outcome": "Again"})
    item.refresh_from_db()
    assert item.outcome == "Left a voicemail"


def test_too_long_an_outcome_is_refused(staff_client):
    item = row(timezone.localdate())
    staff_client.post(reverse("community:to-contact-done", args=[item.pk]), {"outcome": "x" * 301})
    item.refresh_from_db()
    assert item.done_at is None


def test_done_needs_post(staff_client):
    item = row(timezone.localdate())
    assert staff_client.get(reverse("community:to-contact-done", args=[item.pk])).status_code == 405


@pytest.mark.parametrize("who", ["client", "cocreator_client", "steering_client"])
def test_others_are_refused(request, who):
    browser = request.getfixturevalue(who)
    item = row(timezone.localdate())
    assert browser.get(URL).status_code in (302, 403, 404)
    browser.post(reverse("community:to-contact-done", args=[item.pk]))
    item.refresh_from_db()
    assert item.done_at is None


def test_the_dashboard_shows_the_count_due_today(staff_client):
    today = timezone.localdate()
    row(today, name="One")
    row(today - dt.timedelta(days=1), name="Two")
    html = staff_client.get("/staff/").content.decode()
    assert URL in html and "2 letters or calls due today or overdue" in html


def test_the_query_count_does_not_grow(staff_client, django_assert_max_num_queries):
    today = timezone.localdate()
    row(today, name="First")
    with django_assert_max_num_queries(30) as few:
        staff_client.get(URL)
    for i in range(15):
        row(today - dt.timedelta(days=i % 3), name=f"Person {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(URL)


def test_someone_who_unsubscribed_since_drops_off_the_list_and_the_count(staff_client):
    from community.to_contact import to_contact_due_count

    today = timezone.localdate()
    row(today, name="Still Wanted")
    gone = row(today, name="Said Stop")
    gone.cocreator.email_unsubscribed_at = timezone.now()
    gone.cocreator.save(update_fields=["email_unsubscribed_at"])
    html = staff_client.get(URL).content.decode()
    assert "Still Wanted" in html and "Said Stop" not in html
    assert to_contact_due_count(today) == 1
