"""Approving, returning and paying claims, and exports to finance: the rules, in the services."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from community.models import AuditAction, AuditEvent, Message, Role
from payments.approval import services
from payments.approval.services import ClaimRefused
from payments.models import (
    ClaimStatus,
    ExportKind,
    PaymentExport,
    PaymentExportLine,
    PaymentMethod,
    ProjectBudget,
)
from tests.activities.factories import ProjectFactory
from tests.community.factories import CoCreatorFactory, UserFactory

from .factories import approved, can_manage, choose, past_session, payee, submitted


@pytest.fixture
def approver(staff_member):
    return can_manage(staff_member)


@pytest.fixture
def second_approver(db):
    return can_manage(UserFactory(role=Role.STAFF, full_name="Sandy Second"))


def _refused(message, call, **kwargs):
    with pytest.raises(ClaimRefused, match=message):
        call(**kwargs)


# --- Approving ----------------------------------------------------------------------------------


def test_a_claim_under_the_limit_is_approved_by_one_person(approver):
    claim = submitted(payment="40.00", expenses=["12.50"])
    result = services.claim_approve(claim=claim, actor=approver)
    claim.refresh_from_db()
    assert not result.waiting_second
    assert claim.status == ClaimStatus.APPROVED
    assert claim.approved_by == approver and claim.approved_at is not None
    assert claim.second_approved_by is None


def test_a_claim_at_the_limit_needs_only_one_approval(approver, settings):
    settings.PAYMENTS_SECOND_APPROVAL_OVER = Decimal("150.00")
    claim = submitted(payment="140.00", expenses=["10.00"])
    assert not services.claim_approve(claim=claim, actor=approver).waiting_second


def test_nobody_approves_their_own_claim(approver):
    own = CoCreatorFactory(full_name="Sam Staff", user=approver)
    claim = submitted(own)
    _refused(
        "You cannot approve your own claim", services.claim_approve, claim=claim, actor=approver
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.approved_at is None


def test_over_the_limit_the_first_approval_leaves_it_waiting_for_a_second(approver, settings):
    settings.PAYMENTS_SECOND_APPROVAL_OVER = Decimal("150.00")
    # The payment and the expenses together are over the limit.
    claim = submitted(payment="140.00", expenses=["10.01"])
    result = services.claim_approve(claim=claim, actor=approver)
    claim.refresh_from_db()
    assert result.waiting_second
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.approved_by == approver


def test_the_second_approval_must_be_by_a_different_person(approver, second_approver):
    claim = submitted(payment="200.00")
    services.claim_approve(claim=claim, actor=approver)
    _refused(
        "A different member of staff must give the second",
        services.claim_approve,
        claim=claim,
        actor=approver,
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.second_approved_at is None
    result = services.claim_approve(claim=claim, actor=second_approver)
    claim.refresh_from_db()
    assert not result.waiting_second
    assert claim.status == ClaimStatus.APPROVED
    assert (claim.approved_by, claim.second_approved_by) == (approver, second_approver)


def test_the_claimant_cannot_give_the_second_approval_either(approver, second_approver):
    own = CoCreatorFactory(user=second_approver)
    claim = submitted(own, payment="200.00")
    services.claim_approve(claim=claim, actor=approver)
    _refused("your own claim", services.claim_approve, claim=claim, actor=second_approver)


def test_staff_who_sent_a_claim_for_someone_cannot_approve_it(approver, second_approver):
    claim = submitted(assisted=True, submitted_by=approver)
    _refused(
        "You cannot approve a claim you sent for someone",
        services.claim_approve,
        claim=claim,
        actor=approver,
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.approved_at is None
    # Someone else checks it.
    services.claim_approve(claim=claim, actor=second_approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.approved_by == second_approver


def test_the_sender_of_a_claim_for_someone_cannot_give_its_second_approval(
    approver, second_approver
):
    claim = submitted(payment="200.00", assisted=True, submitted_by=second_approver)
    services.claim_approve(claim=claim, actor=approver)
    _refused(
        "a claim you sent for someone", services.claim_approve, claim=claim, actor=second_approver
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.second_approved_at is None


def test_a_claim_already_approved_is_not_approved_again(approver, second_approver):
    claim = submitted()
    services.claim_approve(claim=claim, actor=approver)
    # Someone else pressed at the same moment, holding the page from before.
    _refused("not waiting for approval", services.claim_approve, claim=claim, actor=second_approver)
    claim.refresh_from_db()
    assert claim.approved_by == approver


def test_a_draft_or_returned_claim_cannot_be_approved(approver):
    for status in (ClaimStatus.DRAFT, ClaimStatus.RETURNED, ClaimStatus.PAID):
        claim = submitted(status=status)
        _refused("not waiting for approval", services.claim_approve, claim=claim, actor=approver)


def test_approving_is_audited_on_the_persons_record(approver):
    claim = submitted()
    services.claim_approve(claim=claim, actor=approver)
    event = AuditEvent.objects.get(cocreator_id=claim.cocreator_id, action=AuditAction.CHANGE)
    assert event.actor == approver and event.fields == ["payment_claims"]


# --- Returning ----------------------------------------------------------------------------------


def test_returning_needs_a_reason_and_changes_nothing_without_one(approver):
    claim = submitted()
    _refused("Enter the reason", services.claim_return, claim=claim, actor=approver, reason="  ")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not Message.objects.filter(kind="claim_returned").exists()


def test_a_returned_claim_tells_the_person_once_with_the_reason(approver):
    claim = submitted(CoCreatorFactory(full_name="Ada Emailer", prefers_email=True))
    services.claim_return(claim=claim, actor=approver, reason="Please add the parking receipt.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETURNED
    assert claim.returned_reason == "Please add the parking receipt."
    assert claim.returned_by == approver
    (message,) = Message.objects.filter(kind="claim_returned")
    assert message.cocreator_id == claim.cocreator_id
    assert message.key == f"claim-returned:{claim.pk}:{claim.returned_at:%Y%m%dT%H%M%S%f}"
    assert message.context["reason"] == "Please add the parking receipt."
    # A second press finds it returned already: refused, and nobody is told again.
    _refused(
        "Only a claim sent for approval",
        services.claim_return,
        claim=claim,
        actor=approver,
        reason="Again",
    )
    assert Message.objects.filter(kind="claim_returned").count() == 1


def test_returning_clears_the_approvals_so_it_is_approved_afresh(approver, second_approver):
    claim = submitted(payment="200.00")
    services.claim_approve(claim=claim, actor=approver)
    services.claim_return(claim=claim, actor=second_approver, reason="Wrong hours")
    claim.refresh_from_db()
    assert claim.approved_at is None and claim.approved_by is None


def test_an_approved_claim_on_an_export_cannot_be_returned(approver):
    claim = approved(payee(CoCreatorFactory()).cocreator)
    services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    _refused(
        "already on an export", services.claim_return, claim=claim, actor=approver, reason="No"
    )


# --- Exports ------------------------------------------------------------------------------------


def test_the_payroll_export_lists_each_ready_claim_once(approver):
    people = [payee(CoCreatorFactory()).cocreator for _ in range(3)]
    claims = [approved(p, payment="40.00") for p in people]
    export = services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    assert export.kind == ExportKind.PAYROLL and export.created_by == approver
    assert export.claims_count == 3
    assert export.total == Decimal("120.00") and isinstance(export.total, Decimal)
    assert set(export.lines.values_list("claim_id", flat=True)) == {c.pk for c in claims}
    # A second run lists nothing new, so nothing is made.
    assert services.export_make(kind=ExportKind.PAYROLL, actor=approver) is None
    assert PaymentExport.objects.count() == 1


def test_a_second_run_lists_only_claims_approved_since(approver):
    first = approved(payee(CoCreatorFactory()).cocreator)
    services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    later = approved(payee(CoCreatorFactory()).cocreator)
    export = services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    assert list(export.lines.values_list("claim_id", flat=True)) == [later.pk]
    assert PaymentExportLine.objects.filter(claim=first).count() == 1


def test_the_database_refuses_a_claim_on_two_exports_of_one_kind(approver):
    claim = approved(payee(CoCreatorFactory()).cocreator)
    services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    another = PaymentExport.objects.create(kind=ExportKind.PAYROLL)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentExportLine.objects.create(
            export=another, claim=claim, kind=ExportKind.PAYROLL, amount=Decimal("40.00")
        )


@pytest.mark.parametrize(
    "method", [PaymentMethod.DECLINED, PaymentMethod.VOUCHER, PaymentMethod.DONATION]
)
def test_someone_who_declined_or_chose_a_voucher_or_donation_is_never_on_a_payroll_export(
    approver, method
):
    person = payee(CoCreatorFactory()).cocreator
    claim = approved(person, method=method, payment="40.00", expenses=["5.00"])
    assert services.export_make(kind=ExportKind.PAYROLL, actor=approver) is None
    # Their expenses still go to accounts payable.
    export = services.export_make(kind=ExportKind.EXPENSES, actor=approver)
    assert list(export.lines.values_list("claim_id", "amount")) == [(claim.pk, Decimal("5.00"))]
    assert not PaymentExportLine.objects.filter(kind=ExportKind.PAYROLL).exists()


def test_someone_who_declined_after_their_claim_was_approved_is_not_on_the_payroll_export(
    approver,
):
    person = payee(CoCreatorFactory()).cocreator
    approved(person, method=PaymentMethod.PAYROLL)
    choose(person, PaymentMethod.DECLINED)  # their choice now
    assert services.export_make(kind=ExportKind.PAYROLL, actor=approver) is None


def test_a_claim_without_a_payroll_number_waits_off_the_payroll_export(approver):
    person = CoCreatorFactory()
    claim = approved(person)
    assert services.export_make(kind=ExportKind.PAYROLL, actor=approver) is None
    services.payroll_reference_set(cocreator=person, actor=approver, reference="PR42")
    export = services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    assert list(export.lines.values_list("claim_id", flat=True)) == [claim.pk]


def test_claims_not_approved_are_on_no_export(approver):
    person = payee(CoCreatorFactory()).cocreator
    for status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.RETURNED):
        submitted(person, status=status, activity=past_session(), expenses=["3.00"])
    for kind in ExportKind.values:
        assert services.export_make(kind=kind, actor=approver) is None


def test_a_claim_with_no_payment_is_not_on_the_payroll_export(approver):
    approved(payee(CoCreatorFactory()).cocreator, payment="0.00", expenses=["4.00"])
    assert services.export_make(kind=ExportKind.PAYROLL, actor=approver) is None
    assert services.export_make(kind=ExportKind.EXPENSES, actor=approver).total == Decimal("4.00")


def test_the_expenses_export_adds_up_each_claims_expenses_to_the_penny(approver):
    approved(payee(CoCreatorFactory()).cocreator, expenses=["0.10", "0.20", "12.45"])
    export = services.export_make(kind=ExportKind.EXPENSES, actor=approver)
    (line,) = export.lines.all()
    assert line.amount == Decimal("12.75") and isinstance(line.amount, Decimal)
    assert export.total == Decimal("12.75")


def test_making_an_export_is_audited_on_each_persons_record(approver):
    people = [payee(CoCreatorFactory()).cocreator for _ in range(2)]
    for person in people:
        approved(person)
    services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    audited = AuditEvent.objects.filter(action=AuditAction.EXPORT).values_list(
        "cocreator_id", flat=True
    )
    assert sorted(audited) == sorted(p.pk for p in people)


def test_an_unknown_kind_of_export_is_refused(approver):
    _refused("Choose which export", services.export_make, kind="cash", actor=approver)


# --- Paid ---------------------------------------------------------------------------------------


def test_marking_a_payroll_export_paid_pays_its_claims_and_tells_each_person_once(approver):
    claim = approved(payee(CoCreatorFactory(prefers_email=True)).cocreator)
    export = services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    paid = services.export_mark_paid(export=export, actor=approver)
    claim.refresh_from_db()
    export.refresh_from_db()
    assert paid == [claim]
    assert export.paid_by == approver and export.paid_at is not None
    assert claim.status == ClaimStatus.PAID and claim.paid_by == approver
    (message,) = Message.objects.filter(kind="claim_paid")
    assert message.key == f"claim-paid:{claim.pk}"
    _refused("already marked paid", services.export_mark_paid, export=export, actor=approver)
    assert Message.objects.filter(kind="claim_paid").count() == 1


def test_a_claim_with_expenses_still_to_export_is_not_paid_with_its_payroll_export(approver):
    claim = approved(payee(CoCreatorFactory()).cocreator, expenses=["8.00"])
    payroll = services.export_make(kind=ExportKind.PAYROLL, actor=approver)
    assert services.export_mark_paid(export=payroll, actor=approver) == []
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    expenses = services.export_make(kind=ExportKind.EXPENSES, actor=approver)
    assert services.export_mark_paid(export=expenses, actor=approver) == [claim]


def test_a_voucher_claim_is_marked_paid_by_hand_once_its_expenses_are_paid(approver):
    claim = approved(CoCreatorFactory(), method=PaymentMethod.VOUCHER, expenses=["6.00"])
    _refused("still to go on an export", services.claim_mark_paid, claim=claim, actor=approver)
    export = services.export_make(kind=ExportKind.EXPENSES, actor=approver)
    _refused("not\\s+paid yet", services.claim_mark_paid, claim=claim, actor=approver)
    # Paying the expenses does not say the voucher was given.
    assert services.export_mark_paid(export=export, actor=approver) == []
    services.claim_mark_paid(claim=claim, actor=approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert Message.objects.filter(kind="claim_paid", key=f"claim-paid:{claim.pk}").count() == 1


def test_a_donation_with_no_expenses_is_marked_paid_by_hand(approver):
    claim = approved(CoCreatorFactory(), method=PaymentMethod.DONATION)
    services.claim_mark_paid(claim=claim, actor=approver)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    _refused("Only an approved claim", services.claim_mark_paid, claim=claim, actor=approver)


def test_a_payroll_claim_still_to_export_cannot_be_marked_paid_by_hand(approver):
    claim = approved(payee(CoCreatorFactory()).cocreator)
    _refused("still to go on an export", services.claim_mark_paid, claim=claim, actor=approver)
    assert not Message.objects.filter(kind="claim_paid").exists()


def test_a_claim_waiting_for_approval_cannot_be_marked_paid(approver):
    _refused("Only an approved claim", services.claim_mark_paid, claim=submitted(), actor=approver)


# --- Payroll numbers and budgets ----------------------------------------------------------------


def test_a_payroll_number_is_kept_and_audited_only_when_it_changes(approver):
    person = CoCreatorFactory()
    kept = services.payroll_reference_set(cocreator=person, actor=approver, reference=" PR 77 ")
    assert kept.payroll_reference == "PR 77" and kept.updated_by == approver
    services.payroll_reference_set(cocreator=person, actor=approver, reference="PR 77")
    events = AuditEvent.objects.filter(cocreator_id=person.pk, fields=["payroll_reference"])
    assert events.count() == 1


def test_a_budget_is_a_decimal_with_pence_and_never_a_float(approver):
    project = ProjectFactory()
    budget = services.budget_set(project=project, actor=approver, amount=Decimal("2500.5"))
    budget.refresh_from_db()
    assert budget.amount == Decimal("2500.50") and isinstance(budget.amount, Decimal)
    services.budget_set(project=project, actor=approver, amount=Decimal("0"))
    assert ProjectBudget.objects.get(project=project).amount == Decimal("0.00")
    with pytest.raises(TypeError):
        services.budget_set(project=project, actor=approver, amount=12.5)
    _refused(
        "£0.00 or more", services.budget_set, project=project, actor=approver, amount=Decimal("-1")
    )
