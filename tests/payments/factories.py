"""Rows the payments tests share, made in one place: sessions that happened, rates, people's
choices and payroll numbers, claims in any state (written straight to the tables, for states the
services make elsewhere), claims that reached finance, receipts to upload, and staff who manage
payments. A register recorded through the real service (`register`) makes drafts through the
attendance hook, as the site does."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities.models import ActivityPayment, AttendanceRole, AttendanceStatus, EngagementLevel
from activities.services import AttendanceLine, attendance_record_session
from cocreation.lib.periods import make_period
from community.models import Role
from payments.models import (
    Claim,
    ClaimStatus,
    Expense,
    ExpenseKind,
    ExportKind,
    Payee,
    PaymentChoice,
    PaymentExport,
    PaymentExportLine,
    PaymentMethod,
    PaymentRate,
)
from payments.permissions import manage_payments_permission
from payments.rates.services import rate_add
from tests.activities.factories import ActivityFactory
from tests.community.factories import CoCreatorFactory, UserFactory

UK = ZoneInfo("Europe/London")
# July to September 2025: ended, and in the reports' years.
QUARTER = make_period("quarter", 2025, 2)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n% a receipt\n"
CHARITY = "Mind"


def uk(year, month, day, hour=12, minute=0) -> datetime.datetime:
    """A moment in UK time (BST in summer, GMT in winter)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UK)


# --- Staff, choices, payroll numbers -------------------------------------------------------------


def can_manage(user):
    """Give a member of staff `payments.manage_payments` (read fresh, as a request would)."""
    user.user_permissions.add(manage_payments_permission())
    for cache in ("_perm_cache", "_user_perm_cache"):
        if hasattr(user, cache):
            delattr(user, cache)
    return user


def another_manager(**fields):
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


# --- Rates and sessions --------------------------------------------------------------------------


def rate(amount="40.00", *, up_to_hours="4", valid_from=None, valid_to=None, **fields):
    """A rate for any level and role (a half day up to 4 hours unless told)."""
    return PaymentRate.objects.create(
        name=fields.pop("name", f"Rate £{amount}"),
        amount=Decimal(amount),
        up_to_hours=Decimal(up_to_hours) if up_to_hours is not None else None,
        valid_from=valid_from or datetime.date(2020, 1, 1),
        valid_to=valid_to,
        **fields,
    )


def rate_added(**overrides) -> PaymentRate:
    """A rate added as staff add one (`rate_add`): a half day up to 4 hours of £40.00, for any
    level and role, from 1 April 2026 with no end, unless told."""
    values = {
        "name": "Half day (up to 4 hours)",
        "level": None,
        "role": "",
        "up_to_hours": Decimal("4"),
        "amount": Decimal("40.00"),
        "valid_from": datetime.date(2026, 4, 1),
        "valid_to": None,
        "actor": None,
    }
    values.update(overrides)
    return rate_add(**values)


def past_session(
    starts_at=None,
    *,
    days_ago=7,
    payment=ActivityPayment.PAID,
    hours=2,
    level=EngagementLevel.COLLABORATE,
    **fields,
):
    """A session that has happened (the default: paid, two hours, at the Collaborate level, a
    week ago)."""
    starts_at = starts_at or timezone.now() - datetime.timedelta(days=days_ago)
    return ActivityFactory(starts_at=starts_at, hours=hours, payment=payment, level=level, **fields)


def register(activity, people, *, actor, hours=None, role=AttendanceRole.PARTICIPANT):
    """Record that these people came (the staff register, with the payments hook)."""
    lines = [
        AttendanceLine(
            cocreator_id=person.pk,
            status=AttendanceStatus.ATTENDED,
            hours=Decimal(hours) if hours is not None else None,
            role=role,
        )
        for person in people
    ]
    return attendance_record_session(activity=activity, lines=lines, actor=actor)


# --- Claims --------------------------------------------------------------------------------------


def claim(
    activity=None,
    status=ClaimStatus.DRAFT,
    payment="0.00",
    *expenses,
    person=None,
    method=PaymentMethod.PAYROLL,
    **fields,
) -> Claim:
    """A claim for `activity` (a paid session a week ago unless given) in `status`, paying
    `payment`, with a parking expense (and its receipt's name) of each amount in `expenses`.
    A draft has no way to be paid yet; otherwise `method` (a donation goes to a charity)."""
    method = "" if status == ClaimStatus.DRAFT else method
    fields.setdefault("payment_amount", Decimal(payment))
    fields.setdefault("charity", CHARITY if method == PaymentMethod.DONATION else "")
    made = Claim.objects.create(
        cocreator=person or CoCreatorFactory(),
        activity=activity or past_session(),
        status=status,
        method=method,
        **fields,
    )
    for amount in expenses:
        Expense.objects.create(
            claim=made,
            kind=ExpenseKind.PARKING,
            amount=Decimal(amount),
            receipt="receipts/parking.png",
            receipt_name="parking.png",
        )
    return made


def claim_of(person, activity=None, **fields) -> Claim:
    """A draft (unless told) for a session that pays expenses (unless given), with no way to be
    paid yet (unless told): as a person starts one."""
    return claim(
        activity or past_session(payment=ActivityPayment.EXPENSES),
        fields.pop("status", ClaimStatus.DRAFT),
        person=person,
        method=fields.pop("method", ""),
        **fields,
    )


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
    """A claim sent for approval: the payment, and each expense amount given. The person has
    chosen `method` (unless they chose before, or `choose_it` is False)."""
    person = person or CoCreatorFactory()
    if choose_it and not PaymentChoice.objects.filter(cocreator=person).exists():
        choose(person, method, charity=CHARITY if method == PaymentMethod.DONATION else "")
    fields["hours"] = Decimal(fields.get("hours", "2.00"))
    fields.setdefault("submitted_at", timezone.now() - datetime.timedelta(days=1))
    return claim(
        activity,
        fields.pop("status", ClaimStatus.SUBMITTED),
        payment,
        *expenses,
        person=person,
        method=method,
        **fields,
    )


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


# --- Claims that reached finance -----------------------------------------------------------------


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
    each export made at `exported_at`, as the approval package's export run writes them."""
    session_at = session_at or exported_at - datetime.timedelta(days=10)
    made = claim(
        ActivityFactory(title=title, starts_at=session_at),
        ClaimStatus.PAID,
        payment or "0.00",
        person=cocreator,
        hours=Decimal("3.00"),
        paid_at=exported_at,
    )
    for kind, amount in ((ExportKind.PAYROLL, payment), (ExportKind.EXPENSES, expenses)):
        if amount:
            export = PaymentExport.objects.create(
                kind=kind, created_at=exported_at, claims_count=1, total=amount
            )
            PaymentExportLine.objects.create(export=export, claim=made, kind=kind, amount=amount)
    return made


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
    return claim(
        ActivityFactory(title=title, starts_at=paid_at - datetime.timedelta(days=7)),
        ClaimStatus.PAID,
        amount,
        person=cocreator,
        method=method,
        charity=charity,
        hours=Decimal("2.00"),
        paid_at=paid_at,
    )


# --- Receipts ------------------------------------------------------------------------------------


def png(name="receipt.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="receipt.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def stored_receipts() -> set[str]:
    """Every file under receipts/ in the (in-memory) storage."""
    names: set[str] = set()

    def walk(path):
        folders, files = default_storage.listdir(path)
        names.update(f"{path}/{name}" for name in files)
        for folder in folders:
            walk(f"{path}/{folder}")

    if default_storage.exists("receipts"):
        walk("receipts")
    return names
