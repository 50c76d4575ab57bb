"""Approving, returning and paying claims; making exports for finance and marking them paid;
payroll numbers and project budgets.

Each service locks the rows it changes (`select_for_update`) before it looks at them, so two
members of staff pressing the same button at once cannot both act: the second waits, then finds
the claim already moved on and is told so. A claim is put on at most one export of each kind,
ever: the database refuses a second line (`claim_exported_once_per_kind`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from activities.models import Project
from community.audit import audit_record
from community.models import AuditAction, AuditEvent, CoCreator, User

from ..choices import current_choices
from ..models import (
    Claim,
    ClaimStatus,
    ExportKind,
    Payee,
    PaymentExport,
    PaymentExportLine,
    PaymentMethod,
    ProjectBudget,
)
from ..money import claim_totals, pence
from .notices import claim_paid_send, claim_returned_send
from .parts import can_mark_paid, claim_parts, paid_by_exports
from .selectors import approval_refusal, claim_parts_now, ready_for, second_approval_needed

# Audit events name the part of the person's record that changed, never the values.
CLAIMS_FIELD = "payment_claims"


class ClaimRefused(Exception):
    """What staff asked for cannot be done; the message says why, in plain English."""


def _locked(claim: Claim) -> Claim:
    """The claim's row, locked for this transaction and read fresh."""
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("cocreator", "activity")
        .get(pk=claim.pk)
    )


def _audit(actor: User, cocreator_id: int, field: str = CLAIMS_FIELD) -> None:
    audit_record(actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator_id, fields=[field])


def _audit_each(actor: User, action: str, claims: list[Claim]) -> None:
    """One audit event on each person's record whose claims a run touched, in one query."""
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, action=action, cocreator_id=cocreator_id, fields=[CLAIMS_FIELD])
        for cocreator_id in sorted({c.cocreator_id for c in claims})
    )


@dataclass(frozen=True)
class Approved:
    claim: Claim
    # Over the limit, the first approval leaves the claim waiting for a second approver.
    waiting_second: bool


@transaction.atomic
def claim_approve(*, claim: Claim, actor: User) -> Approved:
    """Approve a claim waiting for approval.

    Nobody approves their own claim, nor one they sent for the person (`approval_refusal`).
    Over PAYMENTS_SECOND_APPROVAL_OVER (the payment and the
    expenses together) the first approval leaves it waiting, and a different member of staff
    gives the second. Raises `ClaimRefused` (and changes nothing) otherwise.
    """
    claim = _locked(claim)
    refusal = approval_refusal(claim, actor)
    if refusal:
        raise ClaimRefused(refusal)
    now = timezone.now()
    needs_second = second_approval_needed(claim_totals(claim)["total"])
    if claim.approved_at is None:
        claim.approved_at, claim.approved_by = now, actor
        fields = ["approved_at", "approved_by"]
        if not needs_second:
            claim.status = ClaimStatus.APPROVED
            fields.append("status")
    else:
        claim.second_approved_at, claim.second_approved_by = now, actor
        claim.status = ClaimStatus.APPROVED
        fields = ["second_approved_at", "second_approved_by", "status"]
    claim.save(update_fields=[*fields, "updated_at"])
    _audit(actor, claim.cocreator_id)
    return Approved(claim=claim, waiting_second=claim.status == ClaimStatus.SUBMITTED)


@transaction.atomic
def claim_return(*, claim: Claim, actor: User, reason: str) -> Claim:
    """Send a claim back to the person for changes, with the reason; they are told once.

    A claim waiting for approval can be returned, and so can an approved one that is on no
    export yet. Its approvals are cleared: once changed and sent again it is approved afresh.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ClaimRefused("Enter the reason for returning the claim")
    claim = _locked(claim)
    on_export = claim.export_lines.exists()
    if claim.status == ClaimStatus.APPROVED and on_export:
        raise ClaimRefused("This claim is already on an export, so it cannot be returned.")
    if claim.status not in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED):
        raise ClaimRefused(
            f"Only a claim sent for approval can be returned: this one is "
            f"{claim.get_status_display().lower()}."
        )
    claim.status = ClaimStatus.RETURNED
    claim.returned_reason, claim.returned_at, claim.returned_by = reason, timezone.now(), actor
    claim.approved_at = claim.approved_by = None
    claim.second_approved_at = claim.second_approved_by = None
    claim.save(
        update_fields=[
            "status",
            "returned_reason",
            "returned_at",
            "returned_by",
            "approved_at",
            "approved_by",
            "second_approved_at",
            "second_approved_by",
            "updated_at",
        ]
    )
    claim_returned_send(claim=claim)
    _audit(actor, claim.cocreator_id)
    return claim


def _paid(claim: Claim, actor: User, now) -> None:
    claim.status, claim.paid_at, claim.paid_by = ClaimStatus.PAID, now, actor
    claim.save(update_fields=["status", "paid_at", "paid_by", "updated_at"])
    claim_paid_send(claim=claim)


@transaction.atomic
def claim_mark_paid(*, claim: Claim, actor: User) -> Claim:
    """Mark an approved claim paid when no export is left to wait for: a voucher or donation
    given, or every part already on exports finance has paid. The person is told once."""
    claim = _locked(claim)
    if claim.status != ClaimStatus.APPROVED:
        raise ClaimRefused(
            f"Only an approved claim can be marked paid: this one is "
            f"{claim.get_status_display().lower()}."
        )
    if not can_mark_paid(claim, claim_parts_now(claim)):
        raise ClaimRefused(
            "Part of this claim is still to go on an export, or is on one finance has not "
            "paid yet. It is marked paid when that export is."
        )
    _paid(claim, actor, timezone.now())
    _audit(actor, claim.cocreator_id)
    return claim


# --- Exports ------------------------------------------------------------------------------------


@transaction.atomic
def export_make(*, kind: str, actor: User) -> PaymentExport | None:
    """One run of an export: every claim ready for it now, each put on it once, in one go.

    The claims are locked, then what is ready is read again, so a run made at the same moment
    by someone else is not listed twice (and the database would refuse it if it were). Returns
    None, making nothing, when no claim is ready.
    """
    if kind not in ExportKind.values:
        raise ClaimRefused("Choose which export to make.")
    ids = list(ready_for(kind).order_by("pk").values_list("pk", flat=True))
    # Lock in order of id (two runs never wait on each other crosswise), then read again.
    list(Claim.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    claims = list(
        ready_for(kind)
        .filter(pk__in=ids)
        .select_related("cocreator")
        .prefetch_related("expenses")
        .order_by("pk")
    )
    if kind == ExportKind.PAYROLL:
        # The person's choice now, as payments.choices reads it: never someone who declined or
        # asked for a voucher or donation since.
        choices = current_choices(c.cocreator_id for c in claims)
        claims = [
            c
            for c in claims
            if c.method == PaymentMethod.PAYROLL
            and getattr(choices.get(c.cocreator_id), "method", None) == PaymentMethod.PAYROLL
        ]
    amounts = {
        claim.pk: (
            pence(claim.payment_amount)
            if kind == ExportKind.PAYROLL
            else claim_totals(claim)["expenses"]
        )
        for claim in claims
    }
    claims = [claim for claim in claims if amounts[claim.pk] > 0]
    if not claims:
        return None
    export = PaymentExport.objects.create(
        kind=kind,
        created_by=actor,
        claims_count=len(claims),
        total=sum((amounts[c.pk] for c in claims), Decimal("0.00")),
    )
    PaymentExportLine.objects.bulk_create(
        PaymentExportLine(export=export, claim=claim, kind=kind, amount=amounts[claim.pk])
        for claim in claims
    )
    _audit_each(actor, AuditAction.EXPORT, claims)
    return export


@transaction.atomic
def export_mark_paid(*, export: PaymentExport, actor: User) -> list[Claim]:
    """Finance paid a run: mark it paid, and each claim on it paid when no other part of it is
    still to export or pay (a voucher or donation is marked paid by hand when given). Each
    person whose claim is paid is told once. Returns the claims marked paid.
    """
    export = PaymentExport.objects.select_for_update().get(pk=export.pk)
    if export.paid_at is not None:
        raise ClaimRefused("This export is already marked paid.")
    now = timezone.now()
    export.paid_at, export.paid_by = now, actor
    export.save(update_fields=["paid_at", "paid_by"])
    claim_ids = list(export.lines.order_by("claim_id").values_list("claim_id", flat=True))
    claims = (
        Claim.objects.select_for_update(of=("self",))
        .filter(pk__in=claim_ids, status=ClaimStatus.APPROVED)
        .select_related("cocreator", "activity")
        .prefetch_related("expenses", "export_lines__export")
        .order_by("pk")
    )
    claims = list(claims)
    choices = current_choices(c.cocreator_id for c in claims)
    paid = []
    for claim in claims:
        choice = choices.get(claim.cocreator_id)
        parts = claim_parts(
            claim,
            current_method=choice.method if choice else None,
            expenses=claim_totals(claim)["expenses"],
        )
        if paid_by_exports(claim, parts):
            _paid(claim, actor, now)
            paid.append(claim)
    _audit_each(actor, AuditAction.CHANGE, paid)
    return paid


# --- Payroll numbers and budgets ----------------------------------------------------------------


@transaction.atomic
def payroll_reference_set(*, cocreator: CoCreator, actor: User, reference: str) -> Payee:
    """Keep the payroll or supplier number finance gave a person (audited on their record)."""
    payee, _ = Payee.objects.select_for_update().get_or_create(cocreator=cocreator)
    reference = (reference or "").strip()
    if payee.payroll_reference != reference:
        payee.payroll_reference, payee.updated_by = reference, actor
        payee.save(update_fields=["payroll_reference", "updated_by", "updated_at"])
        _audit(actor, cocreator.pk, "payroll_reference")
    return payee


@transaction.atomic
def budget_set(*, project: Project, actor: User, amount: Decimal) -> ProjectBudget:
    """Set what a project may spend on involvement payments and expenses."""
    if isinstance(amount, float):
        raise TypeError("Money is a Decimal, never a float.")
    amount = pence(amount)
    if amount < 0:
        raise ClaimRefused("The budget must be £0.00 or more")
    budget, _ = ProjectBudget.objects.select_for_update().update_or_create(
        project=project, defaults={"amount": amount, "updated_by": actor}
    )
    return budget
