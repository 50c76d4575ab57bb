"""The portal home's "Your involvement" section, added by the activities app."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from activities.models import ActivityStatus, SignUp, SignUpStatus
from activities.services import AttendanceLine, attendance_record_session, signup_create
from tests.activities.factories import ActivityFactory

from .conftest import TUESDAY_EVENING, TUESDAY_MORNING, WEDNESDAY_MORNING


def came(activity, person, hours):
    attendance_record_session(
        activity=activity,
        lines=[AttendanceLine(cocreator_id=person.pk, status="attended", hours=hours)],
        actor=None,
    )


def done(title, days_ago):
    return ActivityFactory(
        title=title, starts_at=timezone.now() - timedelta(days=days_ago), status=ActivityStatus.DONE
    )


def test_the_home_adds_up_my_sessions_and_hours_from_attendance(cocreator_client, me, them):
    came(done("Art group", 30), me, Decimal("1.5"))
    came(done("Menu review", 20), me, Decimal("2"))
    came(done("Walk and talk", 10), me, Decimal("0.25"))
    came(done("Their session", 10), them, Decimal("7"))
    html = cocreator_client.get("/portal/").content.decode()
    assert '<h2 id="your-involvement">Your involvement</h2>' in html
    assert "You have taken part in 3 sessions, 3.75 hours in total." in html
    assert "You have not taken part in any activities yet." not in html


def test_the_home_shows_my_next_booked_activity_and_my_waiting_lists(cocreator_client, me, people):
    later = ActivityFactory(title="Later booking", starts_at=WEDNESDAY_MORNING)
    sooner = ActivityFactory(title="Sooner booking", starts_at=TUESDAY_MORNING)
    cancelled = ActivityFactory(title="Called off", starts_at=TUESDAY_MORNING - timedelta(days=1))
    for activity in (later, sooner, cancelled):
        signup_create(activity_id=activity.pk, cocreator=me)
    cancelled.status = ActivityStatus.CANCELLED
    cancelled.save()
    first, second = people(2)
    for hour in (0, 1):
        full = ActivityFactory(
            title=f"Full {hour}", starts_at=TUESDAY_EVENING + timedelta(hours=hour), capacity=1
        )
        signup_create(activity_id=full.pk, cocreator=first)
        signup_create(activity_id=full.pk, cocreator=me)
    html = cocreator_client.get("/portal/").content.decode()
    assert (
        f'Your next activity is <a href="/portal/opportunities/{sooner.pk}/">Sooner booking</a>, '
        "on Tue 6 Mar 2035, 10am to midday." in html
    )
    assert "You are on the waiting list for 2 activities." in html
    assert 'href="/portal/opportunities/"' in html
    assert 'href="/portal/activities/"' in html


def test_with_nothing_booked_the_home_says_so(cocreator_client, me):
    activity = ActivityFactory(title="Withdrawn from", starts_at=TUESDAY_MORNING)
    SignUp.objects.create(activity=activity, cocreator=me, status=SignUpStatus.WITHDRAWN)
    html = cocreator_client.get("/portal/").content.decode()
    assert "You do not have a place booked at any activity that is coming up." in html
    assert "waiting list" not in html
    assert "You have not taken part in any activities yet." in html
