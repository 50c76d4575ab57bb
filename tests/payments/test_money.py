"""Money is a Decimal with pence, never a float: in every column, in `pence`, in the rate a claim
takes on its day (which a later rate change never alters) and in a claim's totals."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models

from activities.models import AttendanceRole, EngagementLevel
from payments.claims.services import claims_draft_for_attendance
from payments.models import Claim, Expense, ExpenseKind, PaymentRate
from payments.money import claim_totals, mileage_amount, pence, rate_for, rates_on
from tests.activities.factories import AttendanceFactory

from .factories import past_session, rate, uk

D = Decimal
# The decimal columns in payments that hold something other than money.
NOT_MONEY = {
    ("PaymentRate", "up_to_hours"),
    ("Claim", "hours"),
    ("Expense", "miles"),
}


def _decimal_fields():
    for model in apps.get_app_config("payments").get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DecimalField):
                yield model.__name__, field


def test_every_money_column_has_pence():
    money = [(m, f) for m, f in _decimal_fields() if (m, f.name) not in NOT_MONEY]
    assert {(m, f.name) for m, f in money} >= {
        ("PaymentRate", "amount"),
        ("Claim", "payment_amount"),
        ("Expense", "amount"),
        ("PaymentExport", "total"),
        ("PaymentExportLine", "amount"),
        ("ProjectBudget", "amount"),
    }
    for model, field in money:
        assert field.decimal_places == 2, f"{model}.{field.name} must hold pence"
    # The list of columns that are not money is still true.
    assert NOT_MONEY <= {(m, f.name) for m, f in _decimal_fields()}


def test_no_payments_column_is_a_float():
    for model in apps.get_app_config("payments").get_models():
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.FloatField), f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("value", [1.5, 0.1, float("nan")])
def test_pence_refuses_a_float(value):
    with pytest.raises(TypeError, match="never a float"):
        pence(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1.005"), D("1.01")),  # half up, not to even
        (D("1.004"), D("1.00")),
        (D("2.5"), D("2.50")),
        (3, D("3.00")),
        ("4.125", D("4.13")),
        (D("0"), D("0.00")),
    ],
)
def test_pence_rounds_half_up_to_the_penny(value, expected):
    result = pence(value)
    assert result == expected
    assert isinstance(result, Decimal) and result.as_tuple().exponent == -2


def test_mileage_is_a_decimal_at_the_mileage_rate(settings):
    settings.PAYMENTS_MILEAGE_RATE = D("0.45")
    assert mileage_amount(D("12.5")) == D("5.63")
    assert isinstance(mileage_amount(3), Decimal)


def _rate(amount, *, up_to="4", level=None, role="", start=datetime.date(2025, 4, 1), end=None):
    return rate(amount, up_to_hours=up_to, level=level, role=role, valid_from=start, valid_to=end)


@pytest.fixture
def rates(db):
    """Any level and role: £75 up to 4 hours, £150 beyond. Co-create level: £90 and £180. A
    co-facilitator at any level: £100 up to 4 hours. Before April 2025: £60 and £120."""
    return {
        "half": _rate("75.00"),
        "full": _rate("150.00", up_to=None),
        "cocreate_half": _rate("90.00", level=EngagementLevel.COCREATE),
        "cocreate_full": _rate("180.00", up_to=None, level=EngagementLevel.COCREATE),
        "facilitator": _rate("100.00", role=AttendanceRole.CO_FACILITATOR),
        "old_half": _rate("60.00", start=datetime.date(2023, 4, 1), end=datetime.date(2025, 3, 31)),
        "old_full": _rate(
            "120.00", up_to=None, start=datetime.date(2023, 4, 1), end=datetime.date(2025, 3, 31)
        ),
    }


DAY = datetime.date(2025, 7, 1)
P, CO = AttendanceRole.PARTICIPANT, AttendanceRole.CO_FACILITATOR


@pytest.mark.parametrize(
    ("day", "level", "role", "hours", "expected"),
    [
        (DAY, EngagementLevel.COLLABORATE, P, D("2"), "half"),
        (DAY, EngagementLevel.COLLABORATE, P, D("4"), "half"),  # up to 4 hours, inclusive
        (DAY, EngagementLevel.COLLABORATE, P, D("4.25"), "full"),
        (DAY, EngagementLevel.COCREATE, P, D("3"), "cocreate_half"),  # the level's own rate
        (DAY, EngagementLevel.COCREATE, P, D("6"), "cocreate_full"),
        (DAY, EngagementLevel.COLLABORATE, CO, D("3"), "facilitator"),  # role beats level
        (DAY, EngagementLevel.COCREATE, CO, D("3"), "facilitator"),
        # Only the role's band applies to a co-facilitator; longer than it, it still applies.
        (DAY, EngagementLevel.COLLABORATE, CO, D("7"), "facilitator"),
        (datetime.date(2025, 3, 31), EngagementLevel.COLLABORATE, P, D("2"), "old_half"),
        (datetime.date(2025, 3, 31), EngagementLevel.COCREATE, P, D("6"), "old_full"),
        (datetime.date(2023, 3, 31), EngagementLevel.COLLABORATE, P, D("2"), None),
    ],
)
def test_rate_for_picks_the_most_specific_rate_and_the_band_by_date(
    rates, day, level, role, hours, expected
):
    rate = rate_for(day=day, level=level, role=role, hours=hours)
    assert rate == (rates[expected] if expected else None)
    # Given the day's rates, it reads nothing and picks the same.
    assert rate_for(day=day, level=level, role=role, hours=hours, rates=list(rates_on(day))) == rate


def test_a_rate_change_never_changes_an_existing_claim(rates):
    activity = past_session(uk(2025, 7, 10), level=EngagementLevel.COLLABORATE)
    came = AttendanceFactory(activity=activity, hours=D("3"))
    (claim,) = claims_draft_for_attendance(activity=activity, cocreator_ids=[came.cocreator_id])
    assert (claim.rate, claim.payment_amount) == (rates["half"], D("75.00"))
    # The rate changes from August: the old one ends, a new one starts.
    PaymentRate.objects.filter(pk=rates["half"].pk).update(valid_to=datetime.date(2025, 7, 31))
    _rate("80.00", start=datetime.date(2025, 8, 1))
    # Recording the register again finds the rate of the session's own day: nothing changes.
    assert claims_draft_for_attendance(activity=activity, cocreator_ids=[came.cocreator_id]) == []
    claim.refresh_from_db()
    assert (claim.rate_id, claim.payment_amount) == (rates["half"].pk, D("75.00"))
    # A session after the change takes the new rate.
    later = past_session(uk(2025, 8, 5), level=EngagementLevel.COLLABORATE)
    came_later = AttendanceFactory(activity=later, hours=D("3"))
    (new,) = claims_draft_for_attendance(activity=later, cocreator_ids=[came_later.cocreator_id])
    assert new.payment_amount == D("80.00")


def test_claim_totals_are_decimals_with_pence(rates):
    activity = past_session(uk(2025, 7, 10))
    came = AttendanceFactory(activity=activity, hours=D("3"))
    (claim,) = claims_draft_for_attendance(activity=activity, cocreator_ids=[came.cocreator_id])
    Expense.objects.create(
        claim=claim, kind=ExpenseKind.MILEAGE, miles=D("12.5"), amount=mileage_amount(D("12.5"))
    )
    Expense.objects.create(claim=claim, kind=ExpenseKind.FARE, amount=D("4.2"))
    claim = Claim.objects.prefetch_related("expenses").get(pk=claim.pk)
    totals = claim_totals(claim)
    assert totals == {"payment": D("75.00"), "expenses": D("9.83"), "total": D("84.83")}
    for amount in totals.values():
        assert isinstance(amount, Decimal) and amount.as_tuple().exponent == -2
    assert isinstance(claim.payment_amount, Decimal)


def test_a_claim_with_no_expenses_totals_zero_pence(rates):
    activity = past_session(uk(2025, 7, 10))
    came = AttendanceFactory(activity=activity, hours=D("5"))
    (claim,) = claims_draft_for_attendance(activity=activity, cocreator_ids=[came.cocreator_id])
    totals = claim_totals(claim)
    assert totals["expenses"] == D("0.00") and totals["expenses"].as_tuple().exponent == -2
    assert totals["total"] == D("150.00")
