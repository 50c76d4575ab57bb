"""What is still to happen before a claim is paid: its parts and where each one is.

A claim has up to two parts. Its involvement payment goes through a payroll export when the
person is paid through payroll (and still chose that), or is given by hand (a voucher, a
donation, or nothing for someone who declined). Its expenses go through an accounts-payable
export. A claim is paid once every part that goes through an export is on one marked paid, and
any part given by hand has been given (staff say so with "Mark as paid").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..models import Claim, ClaimStatus, ExportKind, PaymentExportLine, PaymentMethod


@dataclass(frozen=True)
class Parts:
    """Where each part of one approved claim is."""

    payroll_line: PaymentExportLine | None
    expenses_line: PaymentExportLine | None
    # Parts that will go on an export but are not on one yet.
    payroll_to_export: bool
    expenses_to_export: bool
    # A voucher or a donation that staff give by hand.
    given_by_hand: bool

    @property
    def waiting_for_export(self) -> bool:
        """A part still to go on an export, or on one finance has not paid yet."""
        unpaid = [
            line
            for line in (self.payroll_line, self.expenses_line)
            if line is not None and line.export.paid_at is None
        ]
        return self.payroll_to_export or self.expenses_to_export or bool(unpaid)


def claim_parts(claim: Claim, *, current_method: str | None, expenses: Decimal) -> Parts:
    """Where each part of a claim is. `claim.export_lines` (with their exports) is read;
    `current_method` is the person's choice now (payments.choices), `expenses` the claim's."""
    lines = {line.kind: line for line in claim.export_lines.all()}
    payroll_line = lines.get(ExportKind.PAYROLL)
    expenses_line = lines.get(ExportKind.EXPENSES)
    has_payment = claim.payment_amount > 0
    through_payroll = (
        has_payment
        and claim.method == PaymentMethod.PAYROLL
        and current_method == PaymentMethod.PAYROLL
    )
    return Parts(
        payroll_line=payroll_line,
        expenses_line=expenses_line,
        payroll_to_export=payroll_line is None and through_payroll,
        expenses_to_export=expenses_line is None and expenses > 0,
        # A payroll claim whose person has since chosen a voucher or a donation is given by
        # hand too; someone who declined is given nothing.
        given_by_hand=(
            payroll_line is None
            and has_payment
            and not through_payroll
            and (current_method or claim.method)
            in (PaymentMethod.VOUCHER, PaymentMethod.DONATION, PaymentMethod.PAYROLL)
        ),
    )


def can_mark_paid(claim: Claim, parts: Parts) -> bool:
    """An approved claim with no export to wait for: staff may mark it paid by hand."""
    return claim.status == ClaimStatus.APPROVED and not parts.waiting_for_export


def paid_by_exports(claim: Claim, parts: Parts) -> bool:
    """An approved claim whose every part went through exports that are now paid."""
    return can_mark_paid(claim, parts) and not parts.given_by_hand
