"""Claims that reached finance, for the statements' and recognition's tests: a session, its claim,
and the lines of exports made at a given moment (as the approval package's export run writes
them), or a voucher or donation marked paid."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from payments.models import (
    Claim,
    ClaimStatus,
    ExportKind,
    PaymentExport,
    PaymentExportLine,
    PaymentMethod,
)
from tests.activities.factories import ActivityFactory

UK = ZoneInfo("Europe/London")


def uk(year, month, day, hour=12, minute=0) -> datetime.datetime:
    """A moment in UK time (BST in summer, GMT in winter)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UK)


def exported_claim(
    cocreator,
    *,
    exported_at: datetime.datetime,
    payment: Decimal | None = Decimal("40.00"),
    expenses: Decimal | None = None,
    title: str = "Menu tasting",
    session_at: datetime.datetime | None = None,
) -> Claim:
    """A paid session's claim on a payroll export (and an expenses export, when `expenses`),
    each export made at `exported_at`."""
    session_at = session_at or exported_at - datetime.timedelta(days=10)
    activity = ActivityFactory(title=title, starts_at=session_at)
    claim = Claim.objects.create(
        cocreator=cocreator,
        activity=activity,
        status=ClaimStatus.PAID,
        hours=Decimal("3.00"),
        payment_amount=payment or Decimal("0.00"),
        method=PaymentMethod.PAYROLL,
        paid_at=exported_at,
    )
    for kind, amount in ((ExportKind.PAYROLL, payment), (ExportKind.EXPENSES, expenses)):
        if amount:
            export = PaymentExport.objects.create(
                kind=kind, created_at=exported_at, claims_count=1, total=amount
            )
            PaymentExportLine.objects.create(export=export, claim=claim, kind=kind, amount=amount)
    return claim


def given_claim(
    cocreator,
    *,
    paid_at: datetime.datetime,
    method: str = PaymentMethod.VOUCHER,
    amount: Decimal = Decimal("25.00"),
    charity: str = "",
    title: str = "Garden planning",
) -> Claim:
    """A claim taken as a voucher or a donation, marked paid at `paid_at` (never exported)."""
    activity = ActivityFactory(title=title, starts_at=paid_at - datetime.timedelta(days=7))
    return Claim.objects.create(
        cocreator=cocreator,
        activity=activity,
        status=ClaimStatus.PAID,
        hours=Decimal("2.00"),
        payment_amount=amount,
        method=method,
        charity=charity,
        paid_at=paid_at,
    )
