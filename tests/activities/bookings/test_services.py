"""Staff booking for a person: the portal's rules, who booked, moving and cancelling."""

import pytest

from activities.bookings.services import booking_cancel, booking_make, booking_move
from activities.models import ActivityStatus, SignUp, SignUpStatus
from activities.services import SignUpRefused, signup_create
from community.models import AuditEvent, Message
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db


def test_staff_book_a_place_with_who_booked_and_their_note(staff_member, emailer):
    activity = ActivityFactory(capacity=2)
    booked = booking_make(
        activity=activity, cocreator=emailer, actor=staff_member, note="Rang the office"
    )
    signup = booked.signup
    assert signup.status == SignUpStatus.BOOKED and not booked.waiting
    assert signup.booked_by == staff_member
    assert signup.booking_note == "Rang the office"
    assert AuditEvent.objects.filter(cocreator_id=emailer.pk).exists()


def test_a_full_activity_puts_them_on_the_waiting_list(staff_member, emailer):
    activity = ActivityFactory(capacity=1)
    signup_create(activity_id=activity.pk, cocreator=CoCreatorFactory())
    booked = booking_make(activity=activity, cocreator=emailer, actor=staff_member)
    assert booked.waiting


def test_someone_already_booked_is_refused_and_nothing_changes(staff_member, emailer):
    activity = ActivityFactory()
    booking_make(activity=activity, cocreator=emailer, actor=staff_member)
    with pytest.raises(SignUpRefused, match="already has a place"):
        booking_make(activity=activity, cocreator=emailer, actor=staff_member, note="Again")
    assert SignUp.objects.get().booking_note == ""


def test_an_activity_not_open_is_refused(staff_member, emailer):
    activity = ActivityFactory(status=ActivityStatus.PLANNED)
    with pytest.raises(SignUpRefused):
        booking_make(activity=activity, cocreator=emailer, actor=staff_member)
    assert not SignUp.objects.exists()


def test_someone_who_cancelled_can_be_booked_again(staff_member, emailer):
    activity = ActivityFactory()
    first = booking_make(activity=activity, cocreator=emailer, actor=staff_member).signup
    booking_cancel(signup=first, actor=staff_member)
    again = booking_make(activity=activity, cocreator=emailer, actor=staff_member).signup
    assert again.pk == first.pk and again.status == SignUpStatus.BOOKED


def test_move_cancels_here_books_there_and_offers_the_freed_place(staff_member, emailer):
    here, there = ActivityFactory(capacity=1), ActivityFactory(capacity=3)
    mine = booking_make(activity=here, cocreator=emailer, actor=staff_member).signup
    next_in_line = signup_create(activity_id=here.pk, cocreator=CoCreatorFactory())
    moved = booking_move(signup=mine, to=there, actor=staff_member, note="Prefers Tuesdays")
    mine.refresh_from_db()
    next_in_line.refresh_from_db()
    assert mine.status == SignUpStatus.WITHDRAWN
    assert moved.signup.activity == there and moved.signup.status == SignUpStatus.BOOKED
    assert moved.signup.booking_note == "Prefers Tuesdays"
    assert moved.offered == next_in_line and next_in_line.status == SignUpStatus.BOOKED


def test_move_to_a_full_activity_goes_on_its_waiting_list(staff_member, emailer):
    here, full = ActivityFactory(), ActivityFactory(capacity=1)
    signup_create(activity_id=full.pk, cocreator=CoCreatorFactory())
    mine = booking_make(activity=here, cocreator=emailer, actor=staff_member).signup
    moved = booking_move(signup=mine, to=full, actor=staff_member)
    assert moved.waiting


def test_move_to_an_activity_not_open_changes_nothing(staff_member, emailer):
    here, closed = ActivityFactory(), ActivityFactory(status=ActivityStatus.CANCELLED)
    mine = booking_make(activity=here, cocreator=emailer, actor=staff_member).signup
    with pytest.raises(SignUpRefused):
        booking_move(signup=mine, to=closed, actor=staff_member)
    mine.refresh_from_db()
    assert mine.status == SignUpStatus.BOOKED
    assert not Message.objects.filter(kind="booking_moved").exists()


def test_move_to_the_same_activity_is_refused(staff_member, emailer):
    here = ActivityFactory()
    mine = booking_make(activity=here, cocreator=emailer, actor=staff_member).signup
    with pytest.raises(SignUpRefused, match="different activity"):
        booking_move(signup=mine, to=here, actor=staff_member)


def test_cancel_for_them_records_who_and_offers_the_place(staff_member, emailer):
    activity = ActivityFactory(capacity=1)
    mine = booking_make(activity=activity, cocreator=emailer, actor=staff_member).signup
    waiting = signup_create(activity_id=activity.pk, cocreator=CoCreatorFactory())
    offered = booking_cancel(signup=mine, actor=staff_member, note="Unwell")
    mine.refresh_from_db()
    assert mine.status == SignUpStatus.WITHDRAWN and mine.booking_note == "Unwell"
    assert mine.booked_by == staff_member
    assert offered == waiting


def test_take_off_a_waiting_list_offers_nothing(staff_member, emailer):
    activity = ActivityFactory(capacity=1)
    signup_create(activity_id=activity.pk, cocreator=CoCreatorFactory())
    waiting = booking_make(activity=activity, cocreator=emailer, actor=staff_member).signup
    assert booking_cancel(signup=waiting, actor=staff_member) is None
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.WITHDRAWN


def test_cancelling_twice_is_refused(staff_member, emailer):
    mine = booking_make(activity=ActivityFactory(), cocreator=emailer, actor=staff_member).signup
    booking_cancel(signup=mine, actor=staff_member)
    with pytest.raises(SignUpRefused, match="already been cancelled"):
        booking_cancel(signup=mine, actor=staff_member)


def test_moving_off_a_cancelled_activity_offers_its_place_to_nobody(staff_member, emailer):
    """People are moved off a cancelled session to a replacement; nobody waiting for the
    cancelled one is told a place came up at it."""
    here, there = ActivityFactory(capacity=1), ActivityFactory(capacity=3)
    mine = booking_make(activity=here, cocreator=emailer, actor=staff_member).signup
    waiting = signup_create(activity_id=here.pk, cocreator=CoCreatorFactory())
    here.status = ActivityStatus.CANCELLED
    here.save()
    moved = booking_move(signup=mine, to=there, actor=staff_member)
    assert moved.offered is None
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.WAITING
    assert not Message.objects.filter(kind="waiting_list_place").exists()
