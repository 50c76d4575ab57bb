"""The staff pages for changes and cancelling, and the series pages, through real URLs."""

import pytest
from django.urls import reverse

from activities.models import (
    ActivityChange,
    ActivitySeries,
    ActivityStatus,
    SignUp,
    SignUpStatus,
)
from community.models import Message
from community.services import cocreator_for_user_ensure
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory, SignUpFactory

NOW = at(2027, 2, 24, 9)


@pytest.fixture
def frozen(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def booked_session(frozen, people):
    activity = ActivityFactory(starts_at=at(2027, 3, 2, 14), ends_at=at(2027, 3, 2, 16))
    for person in people(2):
        SignUpFactory(activity=activity, cocreator=person)
    return activity


def _edit_data(activity, **changes):
    data = {
        "title": activity.title,
        "summary": activity.summary,
        "level": activity.level,
        "format": activity.format,
        "setting": activity.setting,
        "venue": activity.venue,
        "start_date_day": "2",
        "start_date_month": "3",
        "start_date_year": "2027",
        "start_time": "14:00",
        "end_time": "16:00",
        "status": activity.status,
        "is_public": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "name,args",
    [
        ("activities:activity-cancel", "activity"),
        ("activities:series-add", None),
        ("activities:series-detail", "series"),
        ("activities:series-edit-following", "both"),
    ],
)
def test_outsiders_are_refused_the_staff_pages(
    name, args, booked_session, client, cocreator_client, steering_client
):
    series = ActivitySeries.objects.create(title="Group", frequency="weekly")
    booked_session.series = series
    booked_session.save()
    kwargs = {
        "activity": [booked_session.pk],
        "series": [series.pk],
        "both": [series.pk, booked_session.pk],
        None: [],
    }[args]
    url = reverse(name, args=kwargs)
    assert client.get(url).status_code == 302  # to sign in
    assert cocreator_client.get(url).status_code in (403, 404)
    assert steering_client.get(url).status_code in (403, 404)
    assert client.post(url).status_code == 302
    assert cocreator_client.post(url).status_code in (403, 404)
    assert not ActivityChange.objects.exists()


def test_booking_a_series_is_refused_to_anonymous_and_staff(booked_session, client, staff_client):
    url = reverse("activities:series-book", args=[booked_session.pk])
    assert client.post(url).status_code == 302
    assert staff_client.post(url).status_code in (403, 404)


def test_a_change_of_time_with_people_booked_needs_a_reason(booked_session, staff_client):
    url = reverse("activities:activity-edit", args=[booked_session.pk])
    response = staff_client.post(url, _edit_data(booked_session, start_time="10:00"))
    assert response.status_code == 200
    assert "Enter the reason for the change" in response.content.decode()
    assert not ActivityChange.objects.exists()
    response = staff_client.post(
        url,
        _edit_data(
            booked_session, start_time="10:00", end_time="12:00", change_reason="Room change."
        ),
    )
    assert response.status_code == 302
    change = ActivityChange.objects.get()
    assert change.what_changed == (
        "The time changed from Tue 2 Mar 2027, 2pm to 4pm to Tue 2 Mar 2027, 10am to midday."
    )
    assert Message.objects.filter(kind="activity_changed").count() == 2


def test_a_change_of_summary_needs_no_reason(booked_session, staff_client):
    url = reverse("activities:activity-edit", args=[booked_session.pk])
    response = staff_client.post(url, _edit_data(booked_session, summary="New words."))
    assert response.status_code == 302
    assert not ActivityChange.objects.exists()


def test_cancelling_through_the_edit_form_is_refused_while_people_are_booked(
    booked_session, staff_client
):
    url = reverse("activities:activity-edit", args=[booked_session.pk])
    response = staff_client.post(url, _edit_data(booked_session, status="cancelled"))
    assert response.status_code == 200
    assert "Cancel this activity" in response.content.decode()


def test_cancelling_through_the_edit_form_with_nobody_booked_moves_sequence_on(
    frozen, staff_client
):
    """Calendars that copied the event from the public feed only take STATUS:CANCELLED when
    SEQUENCE is higher than the copy they hold."""
    activity = ActivityFactory(starts_at=at(2027, 3, 2, 14), ends_at=at(2027, 3, 2, 16))
    url = reverse("activities:activity-edit", args=[activity.pk])
    response = staff_client.post(url, _edit_data(activity, status="cancelled"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CANCELLED
    assert activity.sequence == 1
    assert not ActivityChange.objects.exists()


def test_the_cancel_page_needs_a_reason_then_tells_everyone_once(booked_session, staff_client):
    url = reverse("activities:activity-cancel", args=[booked_session.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"reason": "  "})
    assert "Enter the reason for cancelling" in response.content.decode()
    booked_session.refresh_from_db()
    assert booked_session.status == ActivityStatus.OPEN
    assert staff_client.post(url, {"reason": "The facilitator is ill."}).status_code == 302
    assert staff_client.post(url, {"reason": "Again."}).status_code == 302
    booked_session.refresh_from_db()
    assert booked_session.status == ActivityStatus.CANCELLED
    assert Message.objects.filter(kind="activity_cancelled").count() == 2
    detail = staff_client.get(reverse("activities:activity-detail", args=[booked_session.pk]))
    assert "The facilitator is ill." in detail.content.decode()


def test_a_cancelled_upcoming_activity_shows_as_cancelled_on_the_public_calendar(
    booked_session, staff_client, client
):
    staff_client.post(
        reverse("activities:activity-cancel", args=[booked_session.pk]), {"reason": "Ill."}
    )
    page = client.get(reverse("activities:calendar") + "?month=2027-03").content.decode()
    assert "Cancelled" in page and booked_session.title in page
    listing = client.get(reverse("activities:calendar-list")).content.decode()
    assert "Cancelled" in listing


def _series_step_one(**extra):
    data = {
        "title": "Carers' peer group",
        "summary": "Meet other carers.",
        "level": "3",
        "format": "in_person",
        "setting": "community_venue",
        "venue": "Gillingham library",
        "start_date_day": "2",
        "start_date_month": "3",
        "start_date_year": "2027",
        "start_time": "18:00",
        "end_time": "20:00",
        "status": "open",
        "is_public": "on",
        "frequency": "weekly",
        "repeat_count": "10",
    }
    data.update(extra)
    return data


def test_a_series_is_made_in_two_steps_skipping_unticked_dates(frozen, staff_client):
    url = reverse("activities:series-add")
    assert staff_client.get(url).status_code == 200
    step_two = staff_client.post(url, _series_step_one())
    assert step_two.status_code == 200
    page = step_two.content.decode()
    assert "Choose the dates" in page
    assert page.count('name="dates"') == 10
    assert not ActivitySeries.objects.exists()
    dates = [f"2027-03-{day:02d}" for day in (2, 9, 16, 23, 30)] + [
        f"2027-04-{day:02d}" for day in (6, 13, 20, 27)
    ]  # 4 May unticked
    response = staff_client.post(url, {**_series_step_one(), "dates": dates, "confirm": "1"})
    assert response.status_code == 302
    series = ActivitySeries.objects.get()
    assert series.sessions.count() == 9
    assert (
        staff_client.get(reverse("activities:series-detail", args=[series.pk])).status_code == 200
    )


def test_a_date_not_offered_is_refused(frozen, staff_client):
    url = reverse("activities:series-add")
    response = staff_client.post(
        url, {**_series_step_one(), "dates": ["2027-03-03"], "confirm": "1"}
    )
    assert response.status_code == 200
    assert "Choose from the dates given" in response.content.decode()
    assert not ActivitySeries.objects.exists()


def test_too_many_sessions_is_a_clear_error(frozen, staff_client):
    response = staff_client.post(
        reverse("activities:series-add"),
        _series_step_one(
            repeat_count="", repeat_until_day="1", repeat_until_month="1", repeat_until_year="2030"
        ),
    )
    assert "more than 52 sessions" in response.content.decode()


def test_a_cocreator_books_the_whole_series(frozen, staff_client, cocreator, cocreator_client):
    url = reverse("activities:series-add")
    dates = [f"2027-03-{day:02d}" for day in (2, 9, 16)]
    staff_client.post(url, {**_series_step_one(repeat_count="3"), "dates": dates, "confirm": "1"})
    series = ActivitySeries.objects.get()
    first = series.sessions.order_by("starts_at").first()
    detail = cocreator_client.get(reverse("activities:opportunity-detail", args=[first.pk]))
    assert "Book all 3 sessions" in detail.content.decode()
    response = cocreator_client.post(reverse("activities:series-book", args=[first.pk]))
    assert response.status_code == 302
    person = cocreator_for_user_ensure(user=cocreator)
    assert SignUp.objects.filter(cocreator=person, status=SignUpStatus.BOOKED).count() == 3


def test_booking_the_whole_series_in_the_portal_leaves_out_sessions_not_offered_to_everyone(
    frozen, staff_client, cocreator, cocreator_client
):
    url = reverse("activities:series-add")
    dates = [f"2027-03-{day:02d}" for day in (2, 9, 16)]
    staff_client.post(url, {**_series_step_one(repeat_count="3"), "dates": dates, "confirm": "1"})
    first, second, third = ActivitySeries.objects.get().sessions.order_by("starts_at")
    third.is_public = False  # by invitation only
    third.save()
    detail = cocreator_client.get(reverse("activities:opportunity-detail", args=[first.pk]))
    assert "Book all 2 sessions" in detail.content.decode()
    cocreator_client.post(reverse("activities:series-book", args=[first.pk]))
    person = cocreator_for_user_ensure(user=cocreator)
    booked = SignUp.objects.filter(cocreator=person).values_list("activity_id", flat=True)
    assert sorted(booked) == sorted([first.pk, second.pk])


def test_change_this_and_the_following_sessions_page(frozen, staff_client):
    dates = [f"2027-03-{day:02d}" for day in (2, 9, 16)]
    staff_client.post(
        reverse("activities:series-add"),
        {**_series_step_one(repeat_count="3"), "dates": dates, "confirm": "1"},
    )
    series = ActivitySeries.objects.get()
    second = series.sessions.order_by("starts_at")[1]
    url = reverse("activities:series-edit-following", args=[series.pk, second.pk])
    assert staff_client.get(url).status_code == 200
    data = {
        k: v for k, v in _series_step_one().items() if not k.startswith(("start_date", "repeat"))
    }
    data.update({"start_time": "10:00", "end_time": "12:00", "capacity": "8"})
    assert staff_client.post(url, data).status_code == 302
    assert list(series.sessions.order_by("starts_at").values_list("capacity", flat=True)) == [
        None,
        8,
        8,
    ]


def test_staff_book_a_person_onto_every_session(frozen, staff_client, people):
    dates = [f"2027-03-{day:02d}" for day in (2, 9, 16)]
    staff_client.post(
        reverse("activities:series-add"),
        {**_series_step_one(repeat_count="3"), "dates": dates, "confirm": "1"},
    )
    series = ActivitySeries.objects.get()
    (person,) = people(1)
    url = reverse("activities:series-book-staff", args=[series.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"cocreator": person.pk, "note": "Rang the office"})
    assert response.status_code == 302
    signups = SignUp.objects.filter(cocreator=person)
    assert signups.count() == 3
    assert {s.booking_note for s in signups} == {"Rang the office"}


def test_outsiders_cannot_book_a_person_onto_a_series(frozen, client, cocreator_client):
    series = ActivitySeries.objects.create(title="Group", frequency="weekly")
    url = reverse("activities:series-book-staff", args=[series.pk])
    assert client.post(url).status_code == 302
    assert cocreator_client.post(url).status_code in (403, 404)
    assert cocreator_client.get(url).status_code in (403, 404)


def test_the_series_page_takes_the_same_queries_however_many_sessions(
    frozen, staff_client, django_assert_max_num_queries, people
):
    dates = [f"2027-03-{day:02d}" for day in (2, 9, 16)]
    staff_client.post(
        reverse("activities:series-add"),
        {**_series_step_one(repeat_count="3"), "dates": dates, "confirm": "1"},
    )
    series = ActivitySeries.objects.get()
    url = reverse("activities:series-detail", args=[series.pk])
    with django_assert_max_num_queries(12) as few:
        assert staff_client.get(url).status_code == 200
    for session in series.sessions.all():
        for person in people(3, f"s{session.pk}"):
            SignUpFactory(activity=session, cocreator=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(url).status_code == 200
