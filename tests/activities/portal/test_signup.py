"""Signing up, the waiting list, and withdrawing, from the opportunity page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from activities.models import ActivityStatus, SignUp, SignUpStatus
from activities.services import signup_create
from community.services import cocreator_register
from tests.activities.factories import ActivityFactory

from .conftest import TUESDAY_EVENING, TUESDAY_MORNING, prefer


def detail(activity):
    return f"/portal/opportunities/{activity.pk}/"


def sign_up(client, activity, **kwargs):
    return client.post(f"/portal/opportunities/{activity.pk}/sign-up/", **kwargs)


def withdraw(signup):
    return f"/portal/sign-ups/{signup.pk}/withdraw/"


def test_the_opportunity_page_shows_the_activity_and_a_sign_up_button(cocreator_client, me):
    activity = ActivityFactory(title="Garden design", starts_at=TUESDAY_EVENING, capacity=4)
    html = cocreator_client.get(detail(activity)).content.decode()
    assert "<h1>Garden design</h1>" in html
    assert "Tue 6 Mar 2035, 6pm to 8pm" in html
    assert "4 places left" in html
    assert f'action="/portal/opportunities/{activity.pk}/sign-up/"' in html
    assert ">Sign up</button>" in html


def test_signing_up_books_a_place_and_says_so(cocreator_client, me):
    activity = ActivityFactory(title="Garden design", starts_at=TUESDAY_EVENING, capacity=4)
    response = sign_up(cocreator_client, activity, follow=True)
    assert SignUp.objects.get(activity=activity, cocreator=me).status == SignUpStatus.BOOKED
    html = response.content.decode()
    assert "You have a place at Garden design on Tue 6 Mar 2035, 6pm to 8pm." in html
    assert "3 places left" in html
    assert "Give up your place" in html
    assert ">Sign up</button>" not in html


def test_when_full_i_join_the_waiting_list_and_am_told_my_place_in_it(cocreator_client, me, people):
    activity = ActivityFactory(title="Small group", starts_at=TUESDAY_MORNING, capacity=1)
    booked, waiting = people(2)
    signup_create(activity_id=activity.pk, cocreator=booked)
    signup_create(activity_id=activity.pk, cocreator=waiting)
    page = cocreator_client.get(detail(activity)).content.decode()
    assert "Full – you can join the waiting list" in page
    assert ">Join the waiting list</button>" in page

    html = sign_up(cocreator_client, activity, follow=True).content.decode()
    assert SignUp.objects.get(activity=activity, cocreator=me).status == SignUpStatus.WAITING
    assert (  # two people are ahead of me: one booked, one waiting
        "Small group is full. You are number 2 on the waiting list. "
        "We will email you if a place comes up." in html
    )
    assert "You are number 2 on the waiting list" in html
    assert "Leave the waiting list" in html


def test_someone_who_does_not_want_email_is_not_promised_one(cocreator_client, me):
    prefer(me, prefers_email=False, prefers_phone=True, phone="01632960001")
    activity = ActivityFactory(title="Small group", starts_at=TUESDAY_MORNING, capacity=1)
    signup_create(activity_id=activity.pk, cocreator=someone_else())
    html = sign_up(cocreator_client, activity, follow=True).content.decode()
    assert "We will email you" not in html
    assert "If a place comes up, it will be yours and it will show in your activities." in html


def someone_else():
    return cocreator_register(actor=None, full_name="Someone Else", email="else@example.org")


def test_signing_up_twice_is_refused_with_an_nhs_error_and_changes_nothing(cocreator_client, me):
    activity = ActivityFactory(title="Garden design", starts_at=TUESDAY_EVENING, capacity=4)
    sign_up(cocreator_client, activity)
    # A second press, from an old tab: the service refuses it.
    SignUp.objects.filter(cocreator=me).update(status=SignUpStatus.BOOKED)
    response = sign_up(cocreator_client, activity)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "You have already signed up for this activity." in html
    assert "<title>Error: Garden design" in html
    assert SignUp.objects.filter(activity=activity).count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"status": ActivityStatus.PLANNED},
        {"status": ActivityStatus.CANCELLED},
        {"status": ActivityStatus.DONE},
        {"is_public": False},
        {"starts_at": "past"},
    ],
    ids=["planned", "cancelled", "done", "not-public", "in-the-past"],
)
def test_an_activity_not_open_to_me_is_not_found_and_cannot_be_joined(cocreator_client, me, fields):
    if fields.get("starts_at") == "past":
        fields = {"starts_at": timezone.now() - timedelta(days=1)}
    activity = ActivityFactory(title="Hidden", **fields)
    assert cocreator_client.get(detail(activity)).status_code == 404
    assert sign_up(cocreator_client, activity).status_code == 404
    assert not SignUp.objects.exists()


def test_signing_up_needs_a_post(cocreator_client, me):
    activity = ActivityFactory(starts_at=TUESDAY_EVENING)
    assert cocreator_client.get(f"/portal/opportunities/{activity.pk}/sign-up/").status_code == 405
    assert not SignUp.objects.exists()


def test_my_booking_stays_in_view_when_sign_up_closes(cocreator_client, me):
    activity = ActivityFactory(title="Garden design", starts_at=TUESDAY_EVENING)
    signup_create(activity_id=activity.pk, cocreator=me)
    activity.status = ActivityStatus.PLANNED
    activity.save()
    html = cocreator_client.get(detail(activity)).content.decode()
    assert "You have a place" in html
    assert "Give up your place" in html


def test_withdrawing_asks_first_then_frees_the_place_for_the_next_person_who_is_emailed(
    cocreator_client, me, people, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(title="Small group", starts_at=TUESDAY_MORNING, capacity=1)
    mine = signup_create(activity_id=activity.pk, cocreator=me)
    (next_person,) = people(1)
    theirs = signup_create(activity_id=activity.pk, cocreator=next_person)
    assert theirs.status == SignUpStatus.WAITING

    confirm = cocreator_client.get(withdraw(mine))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "<h1>Give up your place at Small group</h1>" in html
    assert "Yes, give up my place" in html
    mine.refresh_from_db()
    assert mine.status == SignUpStatus.BOOKED  # asking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = cocreator_client.post(withdraw(mine), follow=True)
    assert response.redirect_chain[-1][0] == "/portal/activities/"
    assert "You have given up your place at Small group." in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (SignUpStatus.WITHDRAWN, SignUpStatus.BOOKED)
    offered = [m for m in mail.outbox if m.to == [next_person.email]]
    assert len(offered) == 1 and "Small group" in offered[0].body
    # The person who gave up their place is told it is cancelled.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([next_person.email, me.email])


def test_leaving_the_waiting_list(cocreator_client, me, people):
    activity = ActivityFactory(title="Small group", starts_at=TUESDAY_MORNING, capacity=1)
    signup_create(activity_id=activity.pk, cocreator=people(1)[0])
    mine = signup_create(activity_id=activity.pk, cocreator=me)
    html = cocreator_client.get(withdraw(mine)).content.decode()
    assert "<h1>Leave the waiting list for Small group</h1>" in html
    assert "You are number 1 on the waiting list at the moment." in html
    response = cocreator_client.post(withdraw(mine), follow=True)
    assert "You have left the waiting list for Small group." in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == SignUpStatus.WITHDRAWN


def test_after_withdrawing_i_can_sign_up_again(cocreator_client, me):
    activity = ActivityFactory(starts_at=TUESDAY_MORNING, capacity=3)
    mine = signup_create(activity_id=activity.pk, cocreator=me)
    cocreator_client.post(withdraw(mine))
    html = cocreator_client.get(detail(activity)).content.decode()
    assert ">Sign up</button>" in html
    sign_up(cocreator_client, activity)
    mine.refresh_from_db()
    assert mine.status == SignUpStatus.BOOKED


def test_someone_elses_sign_up_is_not_found_and_stays_as_it_was(cocreator_client, me, them):
    activity = ActivityFactory(starts_at=TUESDAY_MORNING)
    theirs = signup_create(activity_id=activity.pk, cocreator=them)
    assert cocreator_client.get(withdraw(theirs)).status_code == 404
    assert cocreator_client.post(withdraw(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == SignUpStatus.BOOKED


def test_an_unknown_sign_up_is_not_found(cocreator_client, me):
    assert cocreator_client.get("/portal/sign-ups/999999/withdraw/").status_code == 404


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("withdrawn", "You have already withdrawn from Small group."),
        ("cancelled", "Small group has been cancelled, so there is nothing to withdraw from."),
        ("started", "Small group has already started or taken place"),
    ],
)
def test_a_sign_up_that_cannot_be_withdrawn_is_explained_and_left_alone(
    cocreator_client, me, change, words
):
    activity = ActivityFactory(title="Small group", starts_at=TUESDAY_MORNING)
    mine = signup_create(activity_id=activity.pk, cocreator=me)
    if change == "withdrawn":
        SignUp.objects.filter(pk=mine.pk).update(status=SignUpStatus.WITHDRAWN)
    elif change == "cancelled":
        activity.status = ActivityStatus.CANCELLED
        activity.save()
    else:
        activity.starts_at = timezone.now() - timedelta(minutes=5)
        activity.save()
    before = SignUp.objects.get(pk=mine.pk).status
    response = cocreator_client.post(withdraw(mine), follow=True)
    assert response.redirect_chain[-1][0] == "/portal/activities/"
    assert words in response.content.decode()
    assert SignUp.objects.get(pk=mine.pk).status == before
