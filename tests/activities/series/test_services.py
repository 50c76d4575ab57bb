"""Repeating sessions: the dates, the sessions made, changing the rest, booking all of them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from activities.models import (
    Activity,
    ActivityChange,
    ActivityStatus,
    SeriesFrequency,
    SignUp,
    SignUpStatus,
)
from activities.series.services import (
    MAX_SESSIONS,
    series_book,
    series_create,
    series_dates,
    series_update_following,
)
from community.models import Message
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory

NOW = at(2027, 1, 4, 9)
d = datetime.date


@pytest.fixture
def frozen(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def _first(**fields):
    """An unsaved first session: Tuesdays 6pm to 8pm from 5 January 2027."""
    fields.setdefault("starts_at", at(2027, 1, 5, 18))
    fields.setdefault("ends_at", fields["starts_at"] + datetime.timedelta(hours=2))
    return ActivityFactory.build(title="Carers' peer group", **fields)


def _series(days, **fields):
    return series_create(
        first=_first(**fields), frequency=SeriesFrequency.WEEKLY, days=days, actor=None
    )


def test_weekly_dates_by_count():
    assert series_dates(first=d(2027, 1, 5), frequency=SeriesFrequency.WEEKLY, count=3) == [
        d(2027, 1, 5),
        d(2027, 1, 12),
        d(2027, 1, 19),
    ]


def test_weekly_dates_until_a_day_include_that_day():
    days = series_dates(first=d(2027, 1, 5), frequency=SeriesFrequency.WEEKLY, until=d(2027, 2, 2))
    assert days[-1] == d(2027, 2, 2)
    assert len(days) == 5


def test_a_monthly_series_on_the_31st_falls_on_the_last_day_of_shorter_months():
    days = series_dates(first=d(2027, 1, 31), frequency=SeriesFrequency.MONTHLY, count=5)
    assert days == [d(2027, 1, 31), d(2027, 2, 28), d(2027, 3, 31), d(2027, 4, 30), d(2027, 5, 31)]


def test_more_than_the_cap_is_refused_with_a_clear_error():
    with pytest.raises(ValidationError, match="more than 52 sessions"):
        series_dates(first=d(2027, 1, 5), frequency=SeriesFrequency.WEEKLY, until=d(2029, 1, 1))
    with pytest.raises(ValidationError):
        series_dates(first=d(2027, 1, 5), frequency=SeriesFrequency.WEEKLY, count=MAX_SESSIONS + 1)
    assert len(series_dates(first=d(2027, 1, 5), frequency="weekly", count=MAX_SESSIONS)) == 52


def test_unticked_dates_are_skipped(frozen):
    days = series_dates(first=d(2027, 1, 5), frequency=SeriesFrequency.WEEKLY, count=4)
    series = _series([day for day in days if day != d(2027, 1, 12)])
    starts = [timezone.localtime(s.starts_at).date() for s in series.sessions.order_by("starts_at")]
    assert starts == [d(2027, 1, 5), d(2027, 1, 19), d(2027, 1, 26)]


def test_sessions_keep_their_uk_time_of_day_across_the_clocks_changing(frozen):
    # The clocks go forward on 28 March 2027: 6pm stays 6pm in UK time (17:00 UTC after).
    series = _series([d(2027, 3, 23), d(2027, 3, 30)], starts_at=at(2027, 3, 23, 18))
    before, after = series.sessions.order_by("starts_at")
    assert timezone.localtime(before.starts_at).hour == 18
    assert timezone.localtime(after.starts_at).hour == 18
    assert before.starts_at.astimezone(datetime.UTC).hour == 18
    assert after.starts_at.astimezone(datetime.UTC).hour == 17
    assert after.is_evening


def test_a_ten_session_series_booked_whole_makes_ten_signups(frozen):
    days = series_dates(first=d(2027, 1, 5), frequency=SeriesFrequency.WEEKLY, count=10)
    series = _series(days, status=ActivityStatus.OPEN)
    person = CoCreatorFactory()
    result = series_book(series=series, cocreator=person)
    assert len(result.booked) == 10
    assert SignUp.objects.filter(cocreator=person, status=SignUpStatus.BOOKED).count() == 10
    # Booking again books nothing twice.
    again = series_book(series=series, cocreator=person)
    assert again.booked == [] and again.waiting == []
    assert SignUp.objects.filter(cocreator=person).count() == 10


def test_a_series_booked_whole_is_confirmed_in_one_email_with_every_session(
    frozen, mailoutbox, django_capture_on_commit_callbacks
):
    days = series_dates(first=d(2027, 1, 5), frequency=SeriesFrequency.WEEKLY, count=10)
    series = _series(days, status=ActivityStatus.OPEN, capacity=1)
    last = series.sessions.order_by("starts_at").last()
    SignUp.objects.create(activity=last, cocreator=CoCreatorFactory(), status=SignUpStatus.BOOKED)
    person = CoCreatorFactory(prefers_email=True, email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        result = series_book(series=series, cocreator=person)
    assert (len(result.booked), len(result.waiting)) == (9, 1)
    messages = Message.objects.filter(cocreator=person)
    assert [m.kind for m in messages] == ["series_booked"]
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert "these 9 sessions" in email.body and "waiting list" in email.body
    ((name, content, mimetype),) = email.attachments
    events = Calendar.from_ical(content).walk("VEVENT")
    assert mimetype == "text/calendar" and len(events) == 9
    assert f"activity-{last.pk}@" not in content  # the full one is not in their calendar yet


def test_a_full_session_puts_the_person_on_its_waiting_list(frozen):
    series = _series([d(2027, 1, 5), d(2027, 1, 12)], status=ActivityStatus.OPEN, capacity=1)
    full = series.sessions.order_by("starts_at").last()
    series_book(series=series, cocreator=CoCreatorFactory())
    SignUp.objects.filter(activity=series.sessions.order_by("starts_at").first()).delete()
    result = series_book(series=series, cocreator=CoCreatorFactory())
    assert [s.activity_id for s in result.waiting] == [full.pk]
    assert len(result.booked) == 1


def test_past_and_closed_sessions_are_not_booked(frozen, time_machine):
    series = _series([d(2027, 1, 5), d(2027, 1, 12), d(2027, 1, 19)], status=ActivityStatus.OPEN)
    last = series.sessions.order_by("starts_at").last()
    last.status = ActivityStatus.PLANNED
    last.save()
    time_machine.move_to(at(2027, 1, 6, 9), tick=False)
    result = series_book(series=series, cocreator=CoCreatorFactory())
    assert len(result.booked) == 1


def test_changing_this_and_the_following_sessions_leaves_earlier_ones(frozen, staff_member):
    days = [d(2027, 1, 5), d(2027, 1, 12), d(2027, 1, 19)]
    series = _series(days, status=ActivityStatus.OPEN)
    first, second, third = series.sessions.order_by("starts_at")
    booked = CoCreatorFactory()
    series_book(series=series, cocreator=booked)
    changed = series_update_following(
        session=second,
        values={"title": "Carers' group", "venue": "Chatham hub"},
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        reason="The evening room closed.",
        actor=staff_member,
    )
    assert [s.pk for s in changed] == [second.pk, third.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title == "Carers' peer group"
    assert timezone.localtime(first.starts_at).hour == 18
    assert second.title == "Carers' group"
    assert timezone.localtime(second.starts_at) == at(2027, 1, 12, 10)
    assert second.sequence == 1
    # The person booked on each changed session is told, once per session.
    assert ActivityChange.objects.filter(activity__in=[second, third]).count() == 2
    assert not ActivityChange.objects.filter(activity=first).exists()


def test_a_series_of_no_dates_is_refused(frozen):
    with pytest.raises(ValidationError):
        _series([])
    assert not Activity.objects.filter(title="Carers' peer group").exists()
