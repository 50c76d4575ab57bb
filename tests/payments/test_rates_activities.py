"""Staff say on the activity form whether taking part is paid, expenses only or volunteering, and
which expenses are covered; the activity's page shows it, and a series copies it to every
session."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityPayment, ActivitySeries, SeriesFrequency
from activities.series.services import series_create
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory
from tests.activities.staff.conftest import activity_post

pytestmark = pytest.mark.django_db


def test_staff_add_a_paid_activity_with_the_expenses_it_covers(staff_client):
    response = staff_client.post(
        reverse("activities:activity-add"),
        activity_post(payment="paid", expenses_covered="Travel and parking"),
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.payment, activity.expenses_covered) == ("paid", "Travel and parking")
    page = staff_client.get(response["Location"]).content.decode()
    assert "Payment for taking part" in page
    assert "Paid: an involvement payment and expenses" in page
    assert "Travel and parking" in page


def test_the_form_asks_the_question_with_expenses_only_chosen_for_a_new_activity(staff_client):
    html = staff_client.get(reverse("activities:activity-add")).content.decode()
    assert 'name="payment" value="expenses"' in html and "checked" in html
    assert 'name="expenses_covered"' in html


def test_a_form_sent_without_the_question_keeps_what_was_saved(staff_client):
    activity = ActivityFactory(
        starts_at=at(2035, 3, 6, 10), payment=ActivityPayment.VOLUNTEER, expenses_covered=""
    )
    response = staff_client.post(
        reverse("activities:activity-edit", args=[activity.pk]), activity_post(title="Renamed")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.payment) == ("Renamed", ActivityPayment.VOLUNTEER)


def test_a_payment_kind_that_is_not_offered_is_refused(staff_client):
    response = staff_client.post(reverse("activities:activity-add"), activity_post(payment="lots"))
    assert response.status_code == 200
    assert "Choose from the options given" in response.content.decode()
    assert not Activity.objects.exists()


def test_every_session_of_a_series_is_paid_like_the_first(db):
    first = ActivityFactory.build(
        starts_at=at(2027, 1, 5, 18),
        ends_at=at(2027, 1, 5, 20),
        payment=ActivityPayment.PAID,
        expenses_covered="Fares",
    )
    series = series_create(
        first=first,
        frequency=SeriesFrequency.WEEKLY,
        days=[datetime.date(2027, 1, 5), datetime.date(2027, 1, 12)],
        actor=None,
    )
    assert set(series.sessions.values_list("payment", "expenses_covered")) == {("paid", "Fares")}
    assert ActivitySeries.objects.count() == 1
