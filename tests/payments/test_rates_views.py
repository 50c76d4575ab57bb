"""The staff pages for payment rates: only staff holding the payments permission; other staff
are refused with a reason, co-creators and steering members by role, anonymous visitors sign in.
Bad input writes nothing; a rate a claim used can only be given an end date."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from payments.models import PaymentRate
from tests.activities.factories import ActivityFactory

from .factories import claim
from .factories import rate_added as _rate

pytestmark = pytest.mark.django_db

LIST, ADD = "/staff/payments/rates/", "/staff/payments/rates/add/"


@pytest.fixture
def rate(db):
    return _rate()


def _post(**overrides) -> dict:
    data = {
        "name": "Full day",
        "level": "",
        "role": "",
        "up_to_hours": "",
        "amount": "£75.00",
        "valid_from_day": "1",
        "valid_from_month": "4",
        "valid_from_year": "2026",
        "valid_to_day": "",
        "valid_to_month": "",
        "valid_to_year": "",
    }
    data.update(overrides)
    return data


def _pages(rate):
    return [LIST, ADD, f"/staff/payments/rates/{rate.pk}/edit/"]


def test_the_urls_are_named():
    assert reverse("payments:rate-list") == LIST
    assert reverse("payments:rate-add") == ADD


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_is_written(anonymous, rate):
    for url in _pages(rate):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        anonymous.post(url, _post(name="Sneaky"))
    assert list(PaymentRate.objects.values_list("name", flat=True)) == [rate.name]


@pytest.mark.parametrize("who", ["cocreator_client", "steering_client"])
def test_co_creators_and_steering_members_are_refused(request, who, rate):
    client = request.getfixturevalue(who)
    for url in _pages(rate):
        assert client.get(url).status_code == 403, url
        assert client.post(url, _post(name="Sneaky")).status_code == 403, url
    assert PaymentRate.objects.count() == 1


def test_staff_without_the_payments_permission_are_refused_with_a_reason(staff_client, rate):
    for url in _pages(rate):
        response = staff_client.get(url)
        assert response.status_code == 403, url
        assert "Only members of the involvement team who look after payments" in (
            response.content.decode()
        )
        assert staff_client.post(url, _post(amount="1.00")).status_code == 403
    rate.refresh_from_db()
    assert rate.amount == Decimal("40.00")
    assert PaymentRate.objects.count() == 1


def test_an_unknown_rate_is_not_found(manager_client):
    assert manager_client.get("/staff/payments/rates/999999/edit/").status_code == 404


def test_staff_with_the_permission_add_a_rate(manager_client, manager):
    response = manager_client.post(ADD, _post(), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Full day has been added." in response.content.decode()
    rate = PaymentRate.objects.get()
    assert rate.amount == Decimal("75.00") and isinstance(rate.amount, Decimal)
    assert rate.level is None and rate.role == "" and rate.up_to_hours is None
    assert rate.created_by == manager


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"amount": ""}, "Enter the amount, like 40.00"),
        ({"amount": "-5"}, "The amount must be £0.00 or more"),
        ({"amount": "40.123"}, "Enter the amount in pounds and pence, like 40.00"),
        ({"amount": "forty"}, "Enter the amount as a number of pounds and pence"),
        ({"name": ""}, "Enter a name for the rate"),
        ({"up_to_hours": "0"}, "The hours must be more than 0"),
        ({"valid_from_day": ""}, "First day must include a day"),
        (
            {"valid_from_day": "", "valid_from_month": "", "valid_from_year": ""},
            "Enter the first day the rate applies",
        ),
        (
            {"valid_to_day": "31", "valid_to_month": "3", "valid_to_year": "2026"},
            "The last day must be the same as or after the first day",
        ),
        ({"level": "9"}, "Choose an engagement level, or any level"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(manager_client, data, error):
    response = manager_client.post(ADD, _post(**data))
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert error in html
    assert not PaymentRate.objects.exists()


def test_an_overlapping_rate_is_refused_naming_the_clash(manager_client, rate):
    response = manager_client.post(
        ADD, _post(name="New half day", up_to_hours="4", amount="45.00", valid_from_year="2027")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in html
    assert "These dates overlap" in html and "Half day (up to 4 hours)" in html
    assert PaymentRate.objects.count() == 1


def test_the_list_shows_current_future_and_ended_rates_with_their_claims(manager_client):
    today = timezone.localdate()
    ended = _rate(
        name="Old half day",
        valid_from=today - datetime.timedelta(days=400),
        valid_to=today - datetime.timedelta(days=1),
    )
    _rate(
        name="Half day now",
        valid_from=today,
        valid_to=today + datetime.timedelta(days=300),
        amount=Decimal("42.00"),
    )
    _rate(name="Next year's half day", valid_from=today + datetime.timedelta(days=365))
    claim(ActivityFactory(), rate=ended, payment_amount=1)
    html = manager_client.get(LIST).content.decode()
    current, future, past = (html.index(h) for h in ("Rates in use now", "start later", "ended"))
    assert current < html.index("Half day now") < future
    assert future < html.index("Next year&#x27;s half day") < past
    assert past < html.index("Old half day")
    assert "£42.00" in html
    assert "Set an end date" in html  # the used rate


def test_the_list_page_reads_a_fixed_number_of_queries(
    manager_client, django_assert_max_num_queries
):
    for n in range(3):
        _rate(name=f"Level {n + 1}", level=n + 1)
    with django_assert_max_num_queries(10) as few:
        manager_client.get(LIST)
    for n in range(3, 5):
        rate = _rate(name=f"Level {n + 1}", level=n + 1)
        claim(ActivityFactory(), rate=rate, payment_amount=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        manager_client.get(LIST)


def test_a_rate_no_claim_used_is_changed_in_full(manager_client, rate):
    url = f"/staff/payments/rates/{rate.pk}/edit/"
    assert 'name="amount"' in manager_client.get(url).content.decode()
    response = manager_client.post(url, _post(name="Half day", up_to_hours="4", amount="41.50"))
    assert response.status_code == 302
    rate.refresh_from_db()
    assert (rate.name, rate.amount) == ("Half day", Decimal("41.50"))


def test_a_used_rate_asks_only_for_its_end_date_and_keeps_its_amount(manager_client, rate):
    claim(ActivityFactory(), rate=rate, payment_amount=rate.amount)
    url = f"/staff/payments/rates/{rate.pk}/edit/"
    html = manager_client.get(url).content.decode()
    assert "only its end date can be set" in html
    assert 'name="amount"' not in html
    # An amount sent anyway is not a field of this form, so it changes nothing.
    response = manager_client.post(
        url,
        {"amount": "99.00", "valid_to_day": "31", "valid_to_month": "3", "valid_to_year": "2099"},
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.amount == Decimal("40.00")
    assert rate.valid_to == datetime.date(2099, 3, 31)


def test_every_change_is_a_post(manager_client, rate):
    assert manager_client.put(LIST).status_code == 405
    assert manager_client.post(LIST).status_code == 405
