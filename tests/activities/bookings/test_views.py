"""Staff booking pages: staff book, move and cancel for a person; nobody else can."""

import pytest
from django.urls import reverse

from activities.models import SignUp, SignUpStatus
from activities.services import signup_create
from community import notify
from community.models import Message, MessageChannel
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(db):
    return ActivityFactory(title="Carers' group", capacity=1)


@pytest.fixture
def signup(activity, emailer):
    return signup_create(activity_id=activity.pk, cocreator=emailer)


def _pages(activity, signup, person):
    return [
        reverse("activities:booking-add", args=[activity.pk]),
        reverse("activities:booking-move", args=[activity.pk, signup.pk]),
        reverse("activities:booking-cancel", args=[activity.pk, signup.pk]),
        reverse("activities:booking-for-person", args=[person.pk]),
    ]


def test_staff_see_every_page(staff_client, activity, signup, emailer):
    for url in _pages(activity, signup, emailer):
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["anonymous", "cocreator_client", "steering_client"])
def test_others_are_refused_and_nothing_changes(request, who, client, activity, signup, emailer):
    browser = client if who == "anonymous" else request.getfixturevalue(who)
    for url in _pages(activity, signup, emailer):
        response = browser.get(url)
        assert response.status_code in (302, 403, 404), url
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]
        browser.post(url, {"note": "x", "cocreator": emailer.pk, "activity": activity.pk})
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.BOOKED
    assert SignUp.objects.count() == 1


def test_done_when_booking_a_person_without_a_login_by_phone_confirmed_by_text(
    staff_client, texter, staff_member_with_mfa, django_capture_on_commit_callbacks
):
    """The issue's "Done when": someone rings to book; staff book them; they get a text."""
    notify.sms_outbox.clear()
    activity = ActivityFactory(title="Walk and talk")
    url = reverse("activities:booking-add", args=[activity.pk])
    # Without JavaScript: search for the person by a button, then choose and book.
    found = staff_client.post(url, {"cocreator__search": "", "cocreator__q": "Texter"})
    assert "Tomás Texter" in found.content.decode()
    assert not SignUp.objects.exists()  # searching books nobody
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, {"cocreator": texter.pk, "note": "Rang the office"}, follow=True
        )
    assert response.redirect_chain[-1][0] == reverse(
        "activities:activity-detail", args=[activity.pk]
    )
    html = response.content.decode()
    assert "Tomás Texter has a place at Walk and talk" in html
    assert "text message" in html
    assert "Booked by" in html and "Rang the office" in html
    signup = SignUp.objects.get(activity=activity)
    assert texter.user_id is None
    assert signup.booked_by == staff_member_with_mfa
    (message,) = Message.objects.filter(cocreator=texter)
    assert message.channel == MessageChannel.SMS
    (sms,) = notify.sms_outbox
    assert "Walk and talk" in sms["body"]
    notify.sms_outbox.clear()


def test_no_person_chosen_shows_an_error_and_books_nobody(staff_client, activity):
    url = reverse("activities:booking-add", args=[activity.pk])
    response = staff_client.post(url, {"note": "x"})
    html = response.content.decode()
    assert "There is a problem" in html and "Choose the person to book" in html
    assert not SignUp.objects.exists()


def test_booking_someone_already_booked_says_so(staff_client, activity, signup, emailer):
    url = reverse("activities:booking-add", args=[activity.pk])
    html = staff_client.post(url, {"cocreator": emailer.pk}).content.decode()
    assert "already has a place" in html


def test_booking_from_a_persons_record(staff_client, emailer):
    activity = ActivityFactory(title="Art group")
    record = reverse("community:cocreator-detail", args=[emailer.pk])
    html = staff_client.get(record).content.decode()
    assert reverse("activities:booking-for-person", args=[emailer.pk]) in html
    url = reverse("activities:booking-for-person", args=[emailer.pk])
    response = staff_client.post(
        url, {"activity": activity.pk, "note": "At the drop-in"}, follow=True
    )
    assert response.redirect_chain[-1][0] == record
    assert "Ada Emailer has a place at Art group" in response.content.decode()
    assert "Art group" in response.content.decode()


def test_a_full_activity_puts_them_on_the_waiting_list_and_staff_are_told(
    staff_client, activity, signup
):
    other = CoCreatorFactory(full_name="Bea Waiting")
    url = reverse("activities:booking-add", args=[activity.pk])
    html = staff_client.post(url, {"cocreator": other.pk}, follow=True).content.decode()
    assert "is full, so Bea Waiting is on its waiting list" in html


def test_moving_to_a_full_activity_tells_staff(staff_client, signup, activity):
    full = ActivityFactory(title="Full group", capacity=1)
    signup_create(activity_id=full.pk, cocreator=CoCreatorFactory())
    url = reverse("activities:booking-move", args=[activity.pk, signup.pk])
    html = staff_client.post(url, {"activity": full.pk}, follow=True).content.decode()
    assert "moved to Full group, which is full" in html
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.WITHDRAWN


def test_cancel_with_a_note(staff_client, signup, activity):
    url = reverse("activities:booking-cancel", args=[activity.pk, signup.pk])
    response = staff_client.post(url, {"note": "Unwell"}, follow=True)
    assert "had their place cancelled" in response.content.decode()
    signup.refresh_from_db()
    assert (signup.status, signup.booking_note) == (SignUpStatus.WITHDRAWN, "Unwell")


def test_a_withdrawn_place_cannot_be_moved_or_cancelled_again(staff_client, signup, activity):
    signup.status = SignUpStatus.WITHDRAWN
    signup.save()
    url = reverse("activities:booking-cancel", args=[activity.pk, signup.pk])
    assert staff_client.get(url).status_code == 404


def test_get_changes_nothing(staff_client, signup, activity):
    staff_client.get(reverse("activities:booking-cancel", args=[activity.pk, signup.pk]))
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.BOOKED


def test_the_booking_list_query_count_does_not_grow(
    staff_client, staff_member_with_mfa, django_assert_max_num_queries
):
    from activities.bookings.services import booking_make

    activity = ActivityFactory()
    booking_make(
        activity=activity, cocreator=CoCreatorFactory(), actor=staff_member_with_mfa, note="n"
    )
    url = reverse("activities:activity-detail", args=[activity.pk])
    with django_assert_max_num_queries(40) as few:
        staff_client.get(url)
    for _ in range(10):
        booking_make(
            activity=activity, cocreator=CoCreatorFactory(), actor=staff_member_with_mfa, note="n"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url)
