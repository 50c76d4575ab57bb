"""Demo payments: rates (with an older pair that ended, so a rate change shows in past claims),
paid and volunteer sessions, people's choices (payroll, voucher, donation, declined) and payroll
numbers, claims in every state with mileage and fares (each fare with a tiny receipt), a past
payroll export and expenses export marked paid, and budgets for three projects. The demo
co-creator (cocreator@example.org) has a draft claim and a paid one.

The rates follow NHS England's pattern for patient and public voice partners: an involvement
payment by the half day (up to 4 hours) or the full day, paid through payroll, and expenses for
everyone ("Working with our patient and public voice (PPV) partners: reimbursing expenses and
paying involvement payments", NHS England, version 3, October 2021). We could not confirm that
policy's own figures, so £75 a half day and £150 a day are the demo's own, in line with it.

Written directly and in bulk, as activities' booking demo is: no messages go to the demo people,
and loading takes about twenty queries. Every amount comes from `payments.money` (the rate valid
on the session's day by `rate_for`, `mileage_amount`, `pence`): the rules
`claims.services.claims_draft_for_attendance` uses. Idempotent: when the demo rates are there it
adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Case, DateTimeField, Q, Value, When
from django.utils import timezone

from activities.demo.data import DEMO_COCREATOR_EMAIL, DEMO_STAFF_EMAIL
from activities.models import (
    Activity,
    ActivityPayment,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
)
from community.models import CoCreator, User

from .models import (
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
    ProjectBudget,
)
from .money import mileage_amount, pence, rate_for
from .notice import NOTICE_VERSION
from .permissions import manage_payments_permission

# (name, up to hours, amount, current): the pair in use, and the pair it replaced.
RATES = (
    ("Half day (up to 4 hours)", Decimal("4.00"), Decimal("75.00"), True),
    ("Full day (over 4 hours)", None, Decimal("150.00"), True),
    (
        "Half day (up to 4 hours), until the last rate change",
        Decimal("4.00"),
        Decimal("60.00"),
        False,
    ),
    ("Full day (over 4 hours), until the last rate change", None, Decimal("120.00"), False),
)
RATE_NAMES = [name for name, *_ in RATES]
COVERED = "Travel by public transport, or 45p a mile by car; parking; childcare or care cover."
CHARITY = "Mind in the community"
RETURNED_REASON = "Please add a photo of the bus ticket for the fare, or take the fare off."
# A 1 by 1 pixel PNG: a receipt the receipt checks accept, small enough for the demo.
RECEIPT_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5d6f5b00000000049454e44ae426082"
)
# Claims for the newest sessions stay in these states, in this order, so each state is there.
OPEN_STATES = (
    ClaimStatus.DRAFT,
    ClaimStatus.SUBMITTED,
    "one approval",  # submitted, over the limit, first approval given
    ClaimStatus.RETURNED,
    ClaimStatus.APPROVED,
    ClaimStatus.SUBMITTED,
    ClaimStatus.APPROVED,
    ClaimStatus.DRAFT,
)
REGISTER_TAKEN = datetime.timedelta(hours=3)  # after a session starts
RECENT_DAYS = 14  # claims for sessions this recent are not paid yet
WINDOW_DAYS = 240  # sessions this far back are paid sessions with claims
BUDGETS = (Decimal("4000.00"), Decimal("2500.00"), Decimal("1500.00"))


@dataclass
class DemoPaymentsSummary:
    rates: int = 0
    paid_sessions: int = 0
    claims: int = 0
    exports: int = 0
    budgets: int = 0

    def line(self) -> str:
        return (
            f"Demo payments: {self.rates} rates, {self.paid_sessions} paid sessions, "
            f"{self.claims} claims, {self.exports} exports marked paid, {self.budgets} budgets."
        )


def _month_start(day: datetime.date, months_back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _method(index: int) -> str:
    """Most people are paid through payroll; some take a voucher or a donation, some decline."""
    if index % 9 == 4:
        return PaymentMethod.DECLINED
    if index % 7 == 3:
        return PaymentMethod.VOUCHER
    if index % 11 == 5:
        return PaymentMethod.DONATION
    return PaymentMethod.PAYROLL


def _rates(today: datetime.date, staff: User) -> list[PaymentRate]:
    change = _month_start(today, 4)
    first = datetime.date(change.year - 2, change.month, 1)
    rows = [
        PaymentRate(
            name=name,
            up_to_hours=up_to,
            amount=amount,
            valid_from=change if current else first,
            valid_to=None if current else change - datetime.timedelta(days=1),
            created_by=staff,
        )
        for name, up_to, amount, current in RATES
    ]
    return PaymentRate.objects.bulk_create(rows)


def _receipt(number: int) -> tuple[str, int]:
    name = default_storage.save(f"receipts/demo/receipt-{number}.png", ContentFile(RECEIPT_PNG))
    return name, len(RECEIPT_PNG)


@transaction.atomic
def build_demo_payments(*, now: datetime.datetime | None = None) -> DemoPaymentsSummary:
    """Add the demo payments unless they are there already. The demo's member of staff manages
    payments (`payments.manage_payments`), so they see the approval, export and rates pages'
    buttons."""
    staff = User.objects.filter(email=DEMO_STAFF_EMAIL).first()
    if staff is None:
        return DemoPaymentsSummary()
    staff.user_permissions.add(manage_payments_permission())
    if PaymentRate.objects.filter(name__in=RATE_NAMES).exists():
        return DemoPaymentsSummary()
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    since = now - datetime.timedelta(days=WINDOW_DAYS)
    rates = _rates(today, staff)

    # Which sessions are paid: the deeper levels (NHS England pays the top level of involvement),
    # and two the demo co-creator came to. One-way information sessions are volunteering.
    alex = CoCreator.objects.filter(email=DEMO_COCREATOR_EMAIL).first()
    alex_sessions = list(
        Attendance.objects.filter(
            cocreator=alex,
            status=AttendanceStatus.ATTENDED,
            activity__starts_at__gte=since,
            activity__starts_at__lt=now,
        )
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .order_by("-activity__starts_at")
        .values_list("activity_id", "activity__starts_at")[:10]
    )
    recent = now - datetime.timedelta(days=RECENT_DAYS)
    alex_draft = alex_sessions[0][0] if alex_sessions else None
    alex_paid = next((pk for pk, starts in alex_sessions[1:] if starts < recent), None)
    in_window = Activity.objects.filter(starts_at__gte=since).exclude(
        status=ActivityStatus.CANCELLED
    )
    paid_sessions = in_window.filter(
        Q(level__gte=EngagementLevel.COLLABORATE)
        | Q(pk__in=[pk for pk in (alex_draft, alex_paid) if pk])
    ).update(payment=ActivityPayment.PAID, expenses_covered=COVERED)
    in_window.filter(level=EngagementLevel.INFORM).update(payment=ActivityPayment.VOLUNTEER)

    came = list(
        Attendance.objects.filter(
            activity__payment=ActivityPayment.PAID,
            activity__starts_at__gte=since,
            activity__starts_at__lt=now,
            status=AttendanceStatus.ATTENDED,
        )
        .order_by("-activity__starts_at", "pk")
        .values(
            "cocreator_id",
            "activity_id",
            "hours",
            "role",
            "activity__starts_at",
            "activity__level",
            "activity__project_id",
        )
    )

    # Choices, and payroll numbers for those paid through payroll.
    people = sorted({row["cocreator_id"] for row in came} | ({alex.pk} if alex else set()))
    methods = {pk: _method(i) for i, pk in enumerate(people)}
    if alex is not None:
        methods[alex.pk] = PaymentMethod.PAYROLL
    PaymentChoice.objects.bulk_create(
        PaymentChoice(
            cocreator_id=pk,
            method=method,
            charity=CHARITY if method == PaymentMethod.DONATION else "",
            notice_version=NOTICE_VERSION,
            chosen_at=since,
            chosen_by=staff if i % 4 == 0 else None,
            assisted=i % 4 == 0,
        )
        for i, (pk, method) in enumerate(methods.items())
    )
    Payee.objects.bulk_create(
        Payee(cocreator_id=pk, payroll_reference=f"PPV{40000 + pk}", updated_by=staff)
        for pk, method in methods.items()
        if method == PaymentMethod.PAYROLL
    )

    # A claim for everyone who came and did not decline, the newest few left open.
    plans = []
    open_states = iter(OPEN_STATES)
    for row in came:
        method = methods[row["cocreator_id"]]
        if method == PaymentMethod.DECLINED:
            continue
        starts = row["activity__starts_at"]
        if alex is not None and row["cocreator_id"] == alex.pk:
            state = {alex_draft: ClaimStatus.DRAFT, alex_paid: ClaimStatus.PAID}.get(
                row["activity_id"], ClaimStatus.PAID if starts < recent else ClaimStatus.DRAFT
            )
        elif starts >= recent:
            state = next(open_states, ClaimStatus.SUBMITTED)
        else:
            state = next(open_states, ClaimStatus.PAID)
        plans.append((row, method, state))

    day_rates = {}

    def rate_on(row):
        day = timezone.localdate(row["activity__starts_at"])
        valid = day_rates.setdefault(
            day,
            [r for r in rates if r.valid_from <= day and (r.valid_to is None or r.valid_to >= day)],
        )
        return rate_for(
            day=day,
            level=row["activity__level"],
            role=row["role"],
            hours=row["hours"],
            rates=valid,
        )

    exported_at = now - datetime.timedelta(days=7)
    paid_at = now - datetime.timedelta(days=5)
    claims, made_at, expenses, receipts = [], [], [], 0
    limit = Decimal(settings.PAYMENTS_SECOND_APPROVAL_OVER)
    for i, (row, method, state) in enumerate(plans):
        starts = row["activity__starts_at"]
        rate = rate_on(row)
        amount = pence(rate.amount) if rate is not None else Decimal("0.00")
        one_approval = state == "one approval"
        status = ClaimStatus.SUBMITTED if one_approval else state
        submitted = min(starts + datetime.timedelta(days=2), now)
        approved = min(starts + datetime.timedelta(days=5), now)
        is_open = status == ClaimStatus.DRAFT
        claim = Claim(
            cocreator_id=row["cocreator_id"],
            activity_id=row["activity_id"],
            status=status,
            hours=row["hours"],
            rate=rate,
            payment_amount=amount,
            method="" if is_open else method,
            charity=CHARITY if method == PaymentMethod.DONATION and not is_open else "",
            submitted_at=None if is_open else submitted,
            submitted_by=staff if not is_open and i % 5 == 0 else None,
            assisted=not is_open and i % 5 == 0,
        )
        if status == ClaimStatus.RETURNED:
            claim.returned_reason, claim.returned_at, claim.returned_by = (
                RETURNED_REASON,
                approved,
                staff,
            )
        if one_approval or status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
            claim.approved_at, claim.approved_by = approved, staff
        if status == ClaimStatus.PAID:
            claim.paid_at, claim.paid_by = paid_at, staff
        claims.append(claim)
        made_at.append(min(starts + REGISTER_TAKEN, now))

        # Expenses: mileage for some, a fare with its receipt for others, and care cover that
        # takes one claim over the limit for a second approval. An approved or paid claim stays
        # within the limit, as the demo has one member of staff to approve.
        if one_approval:
            receipts += 1
            expenses.append(
                (claim, ExpenseKind.CARE, None, Decimal("90.00"), "Childminder", _receipt(receipts))
            )
        elif status == ClaimStatus.RETURNED or i % 5 == 1:
            receipts += 1
            fare = pence(Decimal("3.40") + Decimal(i % 7) * Decimal("0.80"))
            if amount + fare <= limit:
                expenses.append(
                    (claim, ExpenseKind.FARE, None, fare, "Bus there and back", _receipt(receipts))
                )
        elif i % 3 == 0:
            miles = Decimal(6 + i % 19)
            if amount + mileage_amount(miles) <= limit:
                expenses.append(
                    (claim, ExpenseKind.MILEAGE, miles, mileage_amount(miles), "", None)
                )
    Claim.objects.bulk_create(claims)
    # Each claim was made when its session's register was taken, not today (auto_now_add).
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(
        created_at=Case(
            *(When(pk=c.pk, then=Value(made)) for c, made in zip(claims, made_at, strict=True)),
            output_field=DateTimeField(),
        )
    )
    Expense.objects.bulk_create(
        Expense(
            claim=claim,
            kind=kind,
            miles=miles,
            amount=amount,
            description=description,
            receipt=receipt[0] if receipt else "",
            receipt_name="receipt.png" if receipt else "",
            receipt_content_type="image/png" if receipt else "",
            receipt_size=receipt[1] if receipt else None,
            added_by=staff if claim.assisted else None,
        )
        for claim, kind, miles, amount, description, receipt in expenses
    )

    # A past run of each export, marked paid: payroll holds the paid claims of people paid
    # through payroll, accounts payable every paid claim's expenses.
    spent: dict[int, Decimal] = {}
    for claim, _, _, amount, _, _ in expenses:
        spent[id(claim)] = spent.get(id(claim), Decimal("0.00")) + amount
    paid = [c for c in claims if c.status == ClaimStatus.PAID]
    lines = {
        ExportKind.PAYROLL: [
            (c, c.payment_amount)
            for c in paid
            if c.method == PaymentMethod.PAYROLL and c.payment_amount > 0
        ],
        ExportKind.EXPENSES: [(c, pence(spent[id(c)])) for c in paid if spent.get(id(c))],
    }
    exports = PaymentExport.objects.bulk_create(
        PaymentExport(
            kind=kind,
            created_by=staff,
            created_at=exported_at,
            claims_count=len(rows),
            total=pence(sum((amount for _, amount in rows), Decimal("0.00"))),
            paid_at=paid_at,
            paid_by=staff,
        )
        for kind, rows in lines.items()
        if rows
    )
    by_kind = {export.kind: export for export in exports}
    PaymentExportLine.objects.bulk_create(
        PaymentExportLine(export=by_kind[kind], claim=claim, kind=kind, amount=amount)
        for kind, rows in lines.items()
        for claim, amount in rows
    )

    # Budgets for the three projects with the most claims.
    counts: dict[int, int] = {}
    for row, _, _ in plans:
        project_id = row["activity__project_id"]
        if project_id:
            counts[project_id] = counts.get(project_id, 0) + 1
    busiest = sorted(counts, key=lambda pk: (-counts[pk], pk))[: len(BUDGETS)]
    budgets = ProjectBudget.objects.bulk_create(
        ProjectBudget(project_id=pk, amount=amount, updated_by=staff)
        for pk, amount in zip(busiest, BUDGETS, strict=False)
    )
    return DemoPaymentsSummary(
        rates=len(rates),
        paid_sessions=paid_sessions,
        claims=len(claims),
        exports=len(exports),
        budgets=len(budgets),
    )
