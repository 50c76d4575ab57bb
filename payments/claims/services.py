"""Claims: made from attendance, expenses added, submitted (by the person or staff for them); and
the person's choice of how to be paid, with the benefits and tax notice they read.

Staff acting for a person (`assisted=True`) is noted on the claim or choice and audited on the
person's record. A claim changes only while it is a draft or returned for changes (`EDITABLE`).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from activities.models import Activity, ActivityPayment, Attendance, AttendanceStatus
from community.audit import audit_record
from community.models import AuditAction, CoCreator, User
from impact.documents import CheckedDocument

from ..choices import current_choice, current_choices
from ..models import (
    Claim,
    ClaimStatus,
    Expense,
    ExpenseKind,
    ExportKind,
    PaymentChoice,
    PaymentExportLine,
    PaymentMethod,
)
from ..money import mileage_amount, pence, rate_for, rates_on
from ..notice import NOTICE_VERSION
from .notices import claim_ready_send

# A claim still open to change by the person (or staff for them).
EDITABLE = (ClaimStatus.DRAFT, ClaimStatus.RETURNED)
# Activities whose attendance can be claimed for.
CLAIMABLE_PAYMENTS = (ActivityPayment.PAID, ActivityPayment.EXPENSES)
# How far back a person may start a claim for a session they came to.
CLAIM_WINDOW_MONTHS = 3
ZERO = Decimal("0.00")


class ClaimRefused(ValueError):
    """A change to a claim we will not make; the message is shown to the person as it is."""


class ChoiceNeeded(ClaimRefused):
    """The person must choose how to be paid (having read the notice) before submitting."""


def _audit(actor: User | None, cocreator_id: int, field: str) -> None:
    audit_record(actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator_id, fields=[field])


def _payment_for(*, activity: Activity, attendance: Attendance | None, declined: bool, rates=None):
    """The rate and payment for a person's attendance at a session: none for an activity that is
    not paid, for someone who declined, or when no rate applies on the day."""
    if declined or attendance is None or activity.payment != ActivityPayment.PAID:
        return None, ZERO
    day = timezone.localdate(activity.starts_at)
    rate = rate_for(
        day=day, level=activity.level, role=attendance.role, hours=attendance.hours, rates=rates
    )
    return rate, (pence(rate.amount) if rate is not None else ZERO)


# --- Draft claims from a paid session's register --------------------------------------------------


@transaction.atomic
def claims_draft_for_attendance(*, activity, cocreator_ids) -> list[Claim]:
    """After a paid session's register: a draft claim for each person who attended and has not
    declined payment, hours from attendance and the rate valid on the session's day.

    A draft (or returned) claim follows later changes to the register (hours, role); a claim
    already submitted is left as it is. Nobody who declined is given a claim here (they may still
    claim expenses themselves). Each new claim's person is told once that it is ready (key
    `claim-ready:<claim id>`), in this transaction. Returns the claims made or changed.
    """
    if activity.payment != ActivityPayment.PAID:
        return []
    rates = list(rates_on(timezone.localdate(activity.starts_at)))
    attended = {
        a.cocreator_id: a
        for a in activity.attendances.filter(
            cocreator_id__in=cocreator_ids, status=AttendanceStatus.ATTENDED
        )
    }
    choices = current_choices(attended)
    existing = {c.cocreator_id: c for c in activity.claims.filter(cocreator_id__in=cocreator_ids)}
    touched, made = [], []
    for cocreator_id, attendance in attended.items():
        claim = existing.get(cocreator_id)
        choice = choices.get(cocreator_id)
        declined = choice is not None and choice.method == PaymentMethod.DECLINED
        if claim is None and declined:
            continue
        if claim is not None and claim.status not in EDITABLE:
            continue
        rate, amount = _payment_for(
            activity=activity, attendance=attendance, declined=declined, rates=rates
        )
        if claim is None:
            claim = Claim.objects.create(
                cocreator_id=cocreator_id,
                activity=activity,
                hours=attendance.hours,
                rate=rate,
                payment_amount=amount,
            )
            made.append(claim)
        elif (claim.hours, claim.rate_id, claim.payment_amount) != (
            attendance.hours,
            rate.pk if rate else None,
            amount,
        ):
            claim.hours, claim.rate, claim.payment_amount = attendance.hours, rate, amount
            claim.save(update_fields=["hours", "rate", "payment_amount", "updated_at"])
        else:
            continue
        touched.append(claim)
    for claim in made:
        claim_ready_send(claim=claim)
    return touched


# --- The person's choice -----------------------------------------------------------------------


def _claims_follow_choice(*, choice: PaymentChoice, payment_changes: bool) -> int:
    """The person's claims not yet sent to payroll, after a new choice.

    Every claim that is not paid and has no payroll export line follows the choice: the payment
    is nothing for someone who declined (their expenses stay) and from the rate on the day for
    someone who did not (`payment_changes`, when they moved to or from "no payment"); a claim
    sent for approval takes the new way to be paid. A payment that goes up loses any approval
    given to the smaller one (it waits to be approved again), so nobody is paid more than was
    approved; one left with nothing to pay goes back to the person as a draft. So someone who
    declines is never paid through payroll, whenever they decide. Returns how many changed.
    """
    declined = choice.method == PaymentMethod.DECLINED
    on_payroll = PaymentExportLine.objects.filter(claim=OuterRef("pk"), kind=ExportKind.PAYROLL)
    # Lock the claims (in order of id), then read them with their expenses counted: PostgreSQL
    # allows no FOR UPDATE with the GROUP BY that counting makes.
    ids = list(
        Claim.objects.select_for_update()
        .filter(
            status__in=(*EDITABLE, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED),
            cocreator_id=choice.cocreator_id,
        )
        .exclude(Exists(on_payroll))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    claims = list(
        Claim.objects.filter(pk__in=ids)
        .select_related("activity")
        .annotate(expenses_count=Count("expenses"))
        .order_by("pk")
    )
    attendances = {
        a.activity_id: a
        for a in Attendance.objects.filter(
            cocreator_id=choice.cocreator_id,
            activity_id__in=[c.activity_id for c in claims],
            status=AttendanceStatus.ATTENDED,
        )
    }
    changed = 0
    for claim in claims:
        fields = set()
        sent = claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
        if payment_changes:
            rate, amount = _payment_for(
                activity=claim.activity,
                attendance=attendances.get(claim.activity_id),
                declined=declined,
            )
            if (claim.rate_id, claim.payment_amount) != (rate.pk if rate else None, amount):
                if sent and amount > claim.payment_amount and claim.approved_at is not None:
                    _approvals_clear(claim)
                    fields |= _APPROVAL_FIELDS | {"status"}
                claim.rate, claim.payment_amount = rate, amount
                fields |= {"rate", "payment_amount"}
        if sent:
            if (claim.method, claim.charity) != (choice.method, choice.charity):
                claim.method, claim.charity = choice.method, choice.charity
                fields |= {"method", "charity"}
            if claim.payment_amount <= 0 and not claim.expenses_count:
                _approvals_clear(claim)
                claim.status, claim.submitted_at, claim.submitted_by = ClaimStatus.DRAFT, None, None
                claim.method, claim.charity = "", ""
                fields |= _APPROVAL_FIELDS | {
                    "status",
                    "submitted_at",
                    "submitted_by",
                    "method",
                    "charity",
                }
        if fields:
            claim.save(update_fields=[*sorted(fields), "updated_at"])
            changed += 1
    return changed


_APPROVAL_FIELDS = {"approved_at", "approved_by", "second_approved_at", "second_approved_by"}


def _approvals_clear(claim: Claim) -> None:
    """Back to waiting for approval, with no approval given."""
    claim.status = ClaimStatus.SUBMITTED
    claim.approved_at = claim.approved_by = None
    claim.second_approved_at = claim.second_approved_by = None


@transaction.atomic
def payment_choice_record(
    *,
    cocreator: CoCreator,
    method: str,
    charity: str = "",
    actor: User | None,
    assisted: bool = False,
) -> PaymentChoice:
    """Record how a person wants to be paid, having read the notice as it is now (NOTICE_VERSION).

    The choice is a new row: the history stays. It counts for the person's claims not yet
    approved (`_claims_follow_choice`): choosing "no payment" takes the payment off them
    (expenses stay); choosing to be paid again puts it back from the rate on the day.
    Staff recording it for the person (`assisted`) is audited on their record.
    """
    if method not in PaymentMethod.values:
        raise ClaimRefused("Choose how you would like to be paid.")
    charity = charity.strip() if method == PaymentMethod.DONATION else ""
    if method == PaymentMethod.DONATION and not charity:
        raise ClaimRefused("Enter the name of the charity.")
    before = current_choice(cocreator)
    choice = PaymentChoice.objects.create(
        cocreator=cocreator,
        method=method,
        charity=charity,
        notice_version=NOTICE_VERSION,
        chosen_by=actor if actor is not None and actor.is_authenticated else None,
        assisted=assisted,
    )
    was_declined = before is not None and before.method == PaymentMethod.DECLINED
    declined = method == PaymentMethod.DECLINED
    _claims_follow_choice(choice=choice, payment_changes=declined != was_declined)
    if assisted:
        _audit(actor, cocreator.pk, "payment_choice")
    return choice


# --- Starting a claim --------------------------------------------------------------------------


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def claim_window_start(today: datetime.date | None = None) -> datetime.datetime:
    """The earliest moment a session may have started and still be claimed for from now on."""
    today = today or timezone.localdate()
    first = _months_before(today, CLAIM_WINDOW_MONTHS)
    return datetime.datetime.combine(
        first, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def claimable_attendances(cocreator: CoCreator):
    """The sessions a person came to in the last three months that are paid or pay expenses and
    that they have no claim for yet, newest first (with their activity)."""
    return (
        Attendance.objects.filter(
            cocreator=cocreator,
            status=AttendanceStatus.ATTENDED,
            activity__payment__in=CLAIMABLE_PAYMENTS,
            activity__starts_at__gte=claim_window_start(),
            activity__starts_at__lte=timezone.now(),
        )
        .exclude(activity__claims__cocreator=cocreator)
        .select_related("activity")
        .order_by("-activity__starts_at", "-pk")
    )


@transaction.atomic
def claim_start(
    *, cocreator: CoCreator, activity: Activity, actor: User | None, assisted: bool = False
) -> Claim:
    """Start a draft claim for a session the person came to (to claim expenses, or a payment
    that no register made a claim for). A paid session's payment comes from the rate on the
    day, unless the person declined payment. Raises `ClaimRefused` for a session they cannot
    claim for. Staff starting it for the person (`assisted`) is audited on their record.
    """
    attendance = claimable_attendances(cocreator).filter(activity=activity).first()
    if attendance is None:
        if Claim.objects.filter(cocreator=cocreator, activity=activity).exists():
            raise ClaimRefused("There is already a claim for this session.")
        raise ClaimRefused(
            "You can only claim for a session you came to in the last 3 months that pays "
            "expenses or an involvement payment."
        )
    choice = current_choice(cocreator)
    declined = choice is not None and choice.method == PaymentMethod.DECLINED
    rate, amount = _payment_for(activity=activity, attendance=attendance, declined=declined)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                cocreator=cocreator,
                activity=activity,
                hours=attendance.hours,
                rate=rate,
                payment_amount=amount,
                assisted=assisted,
            )
    except IntegrityError:
        raise ClaimRefused("There is already a claim for this session.") from None
    if assisted:
        _audit(actor, cocreator.pk, "claims")
    return claim


# --- Expenses ----------------------------------------------------------------------------------


def _locked_editable(claim: Claim) -> Claim:
    """The claim, locked for this transaction, or `ClaimRefused` when it can no longer change."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status not in EDITABLE:
        raise ClaimRefused(
            f"This claim is {locked.get_status_display().lower()}, so it cannot be changed."
        )
    return locked


def receipt_storage_name(extension: str) -> str:
    """A fresh storage path for a receipt: receipts/<yyyy>/<mm>/<uuid4 hex>.<ext>."""
    now = timezone.now()
    return f"receipts/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension.lstrip('.').lower()}"


def expense_add(
    *,
    claim: Claim,
    kind: str,
    actor: User | None,
    miles: Decimal | None = None,
    amount: Decimal | None = None,
    description: str = "",
    receipt=None,
    checked: CheckedDocument | None = None,
    assisted: bool = False,
) -> Expense:
    """Add an expense to a claim still open to change.

    Mileage is the miles times the mileage rate and needs no receipt; anything else needs its
    amount and a receipt already checked by its content (`impact.documents.check_upload`),
    stored under a generated name. Raises `ClaimRefused`, and writes nothing, otherwise.
    """
    if isinstance(amount, float) or isinstance(miles, float):
        raise TypeError("Money is a Decimal, never a float.")
    if kind not in ExpenseKind.values:
        raise ClaimRefused("Choose what kind of expense it is.")
    if kind == ExpenseKind.MILEAGE:
        if miles is None or miles <= 0:
            raise ClaimRefused("Enter how many miles you travelled.")
        amount = mileage_amount(miles)
    else:
        miles = None
        if amount is None or amount <= 0:
            raise ClaimRefused("Enter how much it cost.")
        if receipt is None or checked is None:
            raise ClaimRefused("Upload a photo or scan of the receipt.")
        amount = pence(amount)
    name = ""
    if receipt is not None and checked is not None:
        name = default_storage.save(receipt_storage_name(checked.extension), receipt)
    try:
        with transaction.atomic():
            locked = _locked_editable(claim)
            expense = Expense.objects.create(
                claim=locked,
                kind=kind,
                description=description.strip(),
                miles=miles,
                amount=amount,
                receipt=name,
                receipt_name=checked.original_name if name else "",
                receipt_content_type=checked.content_type if name else "",
                receipt_size=checked.size if name else None,
                added_by=actor if actor is not None and actor.is_authenticated else None,
            )
            if assisted:
                _audit(actor, locked.cocreator_id, "claims")
    except Exception:
        if name:
            default_storage.delete(name)
        raise
    return expense


@transaction.atomic
def expense_remove(*, expense: Expense, actor: User | None, assisted: bool = False) -> None:
    """Remove an expense from a claim still open to change; its receipt goes after commit."""
    locked = _locked_editable(expense.claim)
    name = expense.receipt.name if expense.receipt else ""
    expense.delete()
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))
    if assisted:
        _audit(actor, locked.cocreator_id, "claims")


# --- Submitting --------------------------------------------------------------------------------


@transaction.atomic
def claim_submit(*, claim: Claim, actor: User | None, assisted: bool = False) -> Claim:
    """Send a claim for approval, with how the person chose to be paid (copied from their choice).

    Raises `ChoiceNeeded` when the person has not chosen (having read the notice), and
    `ClaimRefused` when the claim can no longer change or has nothing to pay. Someone who
    declined payment claims their expenses only. Staff submitting for the person (`assisted`) is
    noted on the claim and audited on their record.
    """
    locked = _locked_editable(claim)
    choice = current_choice(locked.cocreator)
    if choice is None:
        raise ChoiceNeeded(
            "Before you submit a claim, read about payments, tax and benefits and choose how "
            "you would like to be paid."
        )
    if choice.method == PaymentMethod.DECLINED:
        locked.rate, locked.payment_amount = None, ZERO
    expenses = sum((e.amount for e in locked.expenses.all()), ZERO)
    if locked.payment_amount <= 0 and expenses <= 0:
        raise ClaimRefused(
            "There is nothing to pay on this claim. Add an expense, such as a bus fare or "
            "mileage, before you submit it."
        )
    locked.method, locked.charity = choice.method, choice.charity
    locked.status = ClaimStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = actor if actor is not None and actor.is_authenticated else None
    locked.assisted = locked.assisted or assisted
    locked.save(
        update_fields=[
            "rate",
            "payment_amount",
            "method",
            "charity",
            "status",
            "submitted_at",
            "submitted_by",
            "assisted",
            "updated_at",
        ]
    )
    if assisted:
        _audit(actor, locked.cocreator_id, "claims")
    return locked
