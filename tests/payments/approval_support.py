"""Rows the approval tests share: people with a payment choice, claims in each state written
straight to the table (the claims package's own tests drive the portal's forms), payroll
numbers, and staff who manage payments."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.utils import timezone

from activities.models import ActivityPayment, EngagementLevel
from community.models import Role
from payments.models import (
    Claim,
    ClaimStatus,
    Expense,
    ExpenseKind,
    Payee,
    PaymentChoice,
    PaymentMethod,
)
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory, UserFactory


def can_manage(user):
    """Give a member of staff `payments.manage_payments` (read fresh, as a request would)."""
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="payments", codename="manage_payments")
    )
    for cache in ("_perm_cache", "_user_perm_cache"):
        if hasattr(user, cache):
            delattr(user, cache)
    return user


def manager(**fields):
    """Another member of staff who manages payments."""
    return can_manage(UserFactory(role=Role.STAFF, **fields))


def choose(person, method=PaymentMethod.PAYROLL, *, charity="", minutes_ago=0):
    """A payment choice made by the person (the newest one counts)."""
    return PaymentChoice.objects.create(
        cocreator=person,
        method=method,
        charity=charity,
        notice_version="2026-1",
        chosen_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def payee(person, reference="PR123456"):
    return Payee.objects.update_or_create(
        cocreator=person, defaults={"payroll_reference": reference}
    )[0]


def session(**fields):
    """A paid session that happened a week ago."""
    fields.setdefault("starts_at", timezone.now() - datetime.timedelta(days=7))
    fields.setdefault("payment", ActivityPayment.PAID)
    fields.setdefault("level", EngagementLevel.COLLABORATE)
    return ActivityFactory(**fields)


def submitted(
    person=None,
    *,
    payment="40.00",
    method=PaymentMethod.PAYROLL,
    expenses=(),
    activity=None,
    choose_it=True,
    **fields,
) -> Claim:
    """A claim sent for approval: the payment, and each expense amount given (with a receipt
    name, as the claims package keeps it)."""
    person = person or CoCreatorFactory()
    if choose_it and not PaymentChoice.objects.filter(cocreator=person).exists():
        choose(person, method, charity="Mind" if method == PaymentMethod.DONATION else "")
    claim = Claim.objects.create(
        cocreator=person,
        activity=activity or session(),
        status=fields.pop("status", ClaimStatus.SUBMITTED),
        hours=Decimal(fields.pop("hours", "2.00")),
        payment_amount=Decimal(payment),
        method=method,
        charity="Mind" if method == PaymentMethod.DONATION else "",
        submitted_at=fields.pop("submitted_at", timezone.now() - datetime.timedelta(days=1)),
        **fields,
    )
    for amount in expenses:
        Expense.objects.create(
            claim=claim,
            kind=ExpenseKind.PARKING,
            amount=Decimal(amount),
            receipt="receipts/parking.png",
            receipt_name="parking.png",
        )
    return claim


def approved(person=None, *, by=None, **fields) -> Claim:
    """A claim approved by `by` (another member of staff unless told)."""
    by = by or UserFactory(role=Role.STAFF)
    return submitted(
        person,
        status=ClaimStatus.APPROVED,
        approved_at=timezone.now() - datetime.timedelta(hours=2),
        approved_by=by,
        **fields,
    )
