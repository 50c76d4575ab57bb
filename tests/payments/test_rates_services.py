"""Payment rates through their services: amounts are Decimals with pence, dates run forwards,
two rates for the same level, role and length never overlap, and a rate a claim used keeps its
amount (only its end date may be set)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from activities.models import AttendanceRole, EngagementLevel
from payments.models import Claim, PaymentRate
from payments.money import rate_for
from payments.rates.selectors import participant_rates, rates_grouped, rates_in_words
from payments.rates.services import rate_update
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

from .factories import claim
from .factories import rate_added as add

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2026, 4, 1)


def claim_using(rate: PaymentRate, *, day: datetime.date = APRIL) -> Claim:
    activity = ActivityFactory(starts_at=at(day.year, day.month, day.day, 10))
    return claim(activity, hours=Decimal("3.00"), rate=rate, payment_amount=rate.amount)


def test_a_rate_is_kept_in_pounds_and_pence_as_a_decimal(staff_member):
    rate = add(amount=Decimal("40"), actor=staff_member)
    rate.refresh_from_db()
    assert rate.amount == Decimal("40.00")
    assert isinstance(rate.amount, Decimal)
    assert str(rate.amount) == "40.00"
    assert isinstance(rate.up_to_hours, Decimal)
    assert rate.created_by == staff_member


def test_a_float_is_refused_as_money():
    with pytest.raises(TypeError):
        add(amount=40.0)
    assert not PaymentRate.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": Decimal("-1.00")}, "amount", "£0.00 or more"),
        ({"amount": Decimal("40.005")}, "amount", "pounds and pence"),
        ({"valid_to": APRIL - datetime.timedelta(days=1)}, "valid_to", "same as or after"),
        ({"name": "   "}, "name", "Enter a name"),
        ({"up_to_hours": Decimal("0")}, "up_to_hours", "more than 0"),
        ({"level": 9}, "level", "engagement level"),
        ({"role": "boss"}, "role", "role"),
    ],
)
def test_bad_values_are_refused_in_plain_english_and_nothing_is_written(overrides, field, message):
    with pytest.raises(ValidationError) as refused:
        add(**overrides)
    assert message in " ".join(refused.value.message_dict[field])
    assert not PaymentRate.objects.exists()


def test_a_rate_may_end_on_the_day_it_starts():
    rate = add(valid_to=APRIL)
    assert rate.valid_to == rate.valid_from


def test_two_rates_for_the_same_level_role_and_length_cannot_overlap():
    add(valid_to=datetime.date(2027, 3, 31))
    with pytest.raises(ValidationError) as refused:
        add(name="New half day", amount=Decimal("45.00"), valid_from=datetime.date(2027, 3, 1))
    message = " ".join(refused.value.message_dict["valid_from"])
    # The clash is named, so staff know which rate to end.
    assert "Half day (up to 4 hours)" in message
    assert "£40.00" in message
    assert "1 April 2026 to 31 March 2027" in message
    assert PaymentRate.objects.count() == 1


def test_an_open_rate_clashes_with_any_later_one_until_it_is_ended():
    first = add()
    with pytest.raises(ValidationError):
        add(name="Later", valid_from=datetime.date(2030, 1, 1))
    rate_update(rate=first, valid_to=datetime.date(2029, 12, 31))
    later = add(name="Later", amount=Decimal("45.00"), valid_from=datetime.date(2030, 1, 1))
    assert later.pk


def test_rates_for_another_level_role_or_length_may_run_at_the_same_time():
    add()
    add(name="Full day", up_to_hours=None, amount=Decimal("75.00"))
    add(name="Co-create half day", level=EngagementLevel.COCREATE)
    add(name="Co-facilitator half day", role=AttendanceRole.CO_FACILITATOR)
    assert PaymentRate.objects.count() == 4


def test_a_rate_no_claim_used_may_be_changed_in_full():
    rate = add()
    rate_update(rate=rate, amount=Decimal("42.50"), up_to_hours=Decimal("3.5"), name="Short")
    rate.refresh_from_db()
    assert (rate.name, rate.amount, rate.up_to_hours) == ("Short", Decimal("42.50"), Decimal("3.5"))


def test_changing_a_rate_does_not_clash_with_itself():
    rate = add(valid_to=datetime.date(2026, 12, 31))
    rate_update(rate=rate, valid_to=datetime.date(2027, 1, 31))
    assert rate.valid_to == datetime.date(2027, 1, 31)


def test_a_used_rate_cannot_change_its_amount_so_past_claims_never_change():
    rate = add()
    claim = claim_using(rate)
    with pytest.raises(ValidationError) as refused:
        rate_update(rate=rate, amount=Decimal("50.00"))
    assert (
        "1 claim has used this rate, so only its end date can be set" in refused.value.messages[0]
    )
    for field in ({"level": 3}, {"valid_from": APRIL + datetime.timedelta(days=1)}, {"name": "x"}):
        with pytest.raises(ValidationError):
            rate_update(rate=rate, **field)
    rate.refresh_from_db()
    claim.refresh_from_db()
    assert rate.amount == Decimal("40.00") and rate.name == "Half day (up to 4 hours)"
    assert claim.payment_amount == Decimal("40.00")


def test_a_used_rate_may_be_ended_and_a_new_one_added_from_the_next_day():
    rate = add()
    claim_using(rate, day=datetime.date(2026, 5, 6))
    rate_update(rate=rate, valid_to=datetime.date(2026, 6, 30))
    new = add(
        name="Half day from July", amount=Decimal("45.00"), valid_from=datetime.date(2026, 7, 1)
    )
    assert (
        rate_for(day=datetime.date(2026, 5, 6), level=3, role="participant", hours=Decimal("3"))
        == rate
    )
    assert (
        rate_for(day=datetime.date(2026, 7, 2), level=3, role="participant", hours=Decimal("3"))
        == new
    )


def test_a_used_rate_cannot_end_before_the_last_session_that_used_it():
    rate = add()
    claim_using(rate, day=datetime.date(2026, 5, 6))
    with pytest.raises(ValidationError) as refused:
        rate_update(rate=rate, valid_to=datetime.date(2026, 5, 5))
    assert "6 May 2026" in " ".join(refused.value.message_dict["valid_to"])
    rate.refresh_from_db()
    assert rate.valid_to is None
    rate_update(rate=rate, valid_to=datetime.date(2026, 5, 6))
    assert rate.valid_to == datetime.date(2026, 5, 6)


def test_the_list_groups_rates_as_current_future_and_ended_with_their_claims():
    today = datetime.date(2026, 6, 1)
    ended = add(name="Old", valid_to=datetime.date(2026, 5, 31))
    current = add(name="Now", valid_from=today, up_to_hours=None, amount=Decimal("75.00"))
    future = add(name="Later", valid_from=datetime.date(2026, 6, 2), level=5)
    claim_using(ended)
    claim_using(ended, day=datetime.date(2026, 4, 2))
    groups = rates_grouped(today=today)
    assert [r.rate for r in groups.current] == [current]
    assert [r.rate for r in groups.future] == [future]
    assert [(r.rate, r.claims) for r in groups.ended] == [(ended, 2)]
    assert groups.current[0].amount == "£75.00"
    assert groups.current[0].band == "Any length"
    assert groups.future[0].level == "Co-create"


def test_the_words_for_a_paid_activity_are_the_rates_a_claim_would_use():
    add()
    add(name="Full day", up_to_hours=None, amount=Decimal("75.00"))
    add(name="Leads", role=AttendanceRole.LEAD, amount=Decimal("90.00"), up_to_hours=None)
    day = datetime.date(2026, 5, 1)
    rates = participant_rates(day=day, level=3)
    assert rates_in_words(rates) == "£40.00 for up to 4 hours; £75.00 for longer"
    for hours in ("1", "4", "4.5", "8"):
        paid = rate_for(day=day, level=3, role="participant", hours=Decimal(hours))
        assert paid in rates


def test_a_rate_for_the_level_is_shown_instead_of_one_for_any_level():
    add()
    add(name="Co-create", level=5, up_to_hours=None, amount=Decimal("100.00"))
    day = datetime.date(2026, 5, 1)
    assert rates_in_words(participant_rates(day=day, level=5)) == "£100.00 for the session"
    assert rates_in_words(participant_rates(day=day, level=2)) == "£40.00 for up to 4 hours"
