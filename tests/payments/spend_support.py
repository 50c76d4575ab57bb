"""Rows the spend tests share: sessions on given days and claims in any state, written straight to
the tables (the spend page reads states that other packages' services make)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from activities.models import ActivityFormat, ActivityPayment, ActivityStatus, EngagementLevel
from cocreation.lib.periods import make_period
from payments.models import Claim, ClaimStatus, Expense, ExpenseKind, PaymentMethod
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory

LONDON = ZoneInfo("Europe/London")
# July to September 2025: ended, and in the reports' years.
QUARTER = make_period("quarter", 2025, 2)


def at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def session(starts_at, *, level=EngagementLevel.COLLABORATE, fmt=ActivityFormat.IN_PERSON, **kw):
    """A paid session that has happened."""
    return ActivityFactory(
        starts_at=starts_at,
        level=level,
        format=fmt,
        payment=ActivityPayment.PAID,
        status=ActivityStatus.DONE,
        **kw,
    )


def claim(
    activity,
    status,
    payment="0.00",
    *expenses,
    person=None,
    method=PaymentMethod.PAYROLL,
    **fields,
) -> Claim:
    """A claim for `activity` in `status`, with an expense of each amount in `expenses`."""
    made = Claim.objects.create(
        cocreator=person or CoCreatorFactory(),
        activity=activity,
        status=status,
        payment_amount=Decimal(payment),
        method="" if status == ClaimStatus.DRAFT else method,
        **fields,
    )
    for amount in expenses:
        Expense.objects.create(claim=made, kind=ExpenseKind.FARE, amount=Decimal(amount))
    return made
