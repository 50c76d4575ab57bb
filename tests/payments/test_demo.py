"""The demo's payments: rates with a change, paid and volunteer sessions, choices of every kind,
claims in every state, a past export of each kind marked paid, budgets; the demo co-creator's
draft and paid claims; safe to load twice."""

from decimal import Decimal

from django.core.files.storage import default_storage
from django.db.models import Sum
from django.utils import timezone

from activities.demo.data import DEMO_STAFF_EMAIL
from activities.models import Activity, ActivityPayment
from community.models import User
from payments.choices import current_choices
from payments.demo import RETURNED_REASON
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
    ProjectBudget,
)
from payments.money import claim_totals
from tests.conftest import client_for, seed_demo_output


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            PaymentRate,
            PaymentChoice,
            Payee,
            Claim,
            Expense,
            PaymentExport,
            PaymentExportLine,
            ProjectBudget,
        )
    }


def test_the_summary_says_what_was_made(seeded):
    assert "Demo payments: 4 rates" in seeded
    assert "Demo payments: 0 rates" in seed_demo_output()


def test_loading_twice_adds_nothing(seeded):
    before = _counts()
    seed_demo_output()
    assert _counts() == before


def test_the_rates_are_a_half_day_and_a_full_day_and_an_older_pair_that_ended(seeded):
    current = PaymentRate.objects.filter(valid_to__isnull=True)
    assert sorted(current.values_list("amount", flat=True)) == [Decimal("75.00"), Decimal("150.00")]
    assert current.get(up_to_hours=Decimal("4.00")).amount == Decimal("75.00")
    ended = PaymentRate.objects.filter(valid_to__isnull=False)
    assert ended.count() == 2
    assert all(r.valid_to < current.first().valid_from for r in ended)


def test_claims_before_and_after_the_change_keep_the_rate_of_their_day(seeded):
    ended = set(Claim.objects.values_list("rate__valid_to", flat=True))
    assert None in ended and len(ended) == 2  # claims on both sides of the change
    for claim in Claim.objects.select_related("activity", "rate"):
        day = timezone.localdate(claim.activity.starts_at)
        assert claim.rate.valid_from <= day
        assert claim.rate.valid_to is None or day <= claim.rate.valid_to
        assert claim.payment_amount == claim.rate.amount


def test_sessions_are_paid_volunteering_or_expenses_only(seeded):
    kinds = set(Activity.objects.values_list("payment", flat=True))
    assert kinds == {ActivityPayment.PAID, ActivityPayment.VOLUNTEER, ActivityPayment.EXPENSES}
    upcoming_paid = Activity.objects.filter(payment=ActivityPayment.PAID).exclude(
        expenses_covered=""
    )
    assert upcoming_paid.exists()


def test_people_chose_every_way_and_payroll_people_have_numbers(seeded):
    methods = set(PaymentChoice.objects.values_list("method", flat=True))
    assert methods == set(PaymentMethod.values)
    payroll = PaymentChoice.objects.filter(method=PaymentMethod.PAYROLL)
    assert Payee.objects.count() == payroll.count()
    assert not Payee.objects.filter(payroll_reference="").exists()


def test_there_are_claims_in_every_state(seeded):
    assert set(Claim.objects.values_list("status", flat=True)) == set(ClaimStatus.values)
    one_approval = Claim.objects.filter(
        status=ClaimStatus.SUBMITTED, approved_by__isnull=False, second_approved_by__isnull=True
    )
    assert one_approval.count() == 1
    assert claim_totals(one_approval.get())["total"] > Decimal("150.00")
    returned = Claim.objects.get(status=ClaimStatus.RETURNED)
    assert returned.returned_reason == RETURNED_REASON
    # Nobody approves over the limit alone: every approved or paid claim is within it.
    for claim in Claim.objects.filter(status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID]):
        assert claim_totals(claim)["total"] <= Decimal("150.00")


def test_expenses_have_mileage_and_fares_with_a_receipt_in_storage(seeded):
    assert Expense.objects.filter(kind=ExpenseKind.MILEAGE, miles__gt=0).exists()
    fares = Expense.objects.filter(kind=ExpenseKind.FARE)
    assert fares.exists()
    for expense in Expense.objects.exclude(kind=ExpenseKind.MILEAGE):
        assert expense.receipt and default_storage.exists(expense.receipt.name)
        assert expense.receipt_size == default_storage.size(expense.receipt.name)
    for expense in Expense.objects.filter(kind=ExpenseKind.MILEAGE):
        assert expense.amount == (expense.miles * Decimal("0.45")).quantize(Decimal("0.01"))


def test_a_past_export_of_each_kind_is_marked_paid_and_adds_up(seeded):
    exports = PaymentExport.objects.all()
    assert set(exports.values_list("kind", flat=True)) == set(ExportKind.values)
    for export in exports:
        assert export.paid_at is not None
        lines = export.lines.all()
        assert export.claims_count == lines.count()
        assert export.total == lines.aggregate(total=Sum("amount"))["total"]
        assert not lines.exclude(claim__status=ClaimStatus.PAID).exists()
    payroll = PaymentExportLine.objects.filter(kind=ExportKind.PAYROLL)
    assert not payroll.exclude(claim__method=PaymentMethod.PAYROLL).exists()
    # Nobody who declined is on a payroll export.
    choices = current_choices(payroll.values_list("claim__cocreator_id", flat=True))
    assert all(c.method == PaymentMethod.PAYROLL for c in choices.values())
    declined = PaymentChoice.objects.filter(method=PaymentMethod.DECLINED)
    assert not Claim.objects.filter(cocreator__in=declined.values("cocreator")).exists()


def test_the_demo_staff_member_manages_payments_and_sees_the_approve_button(seeded, settings):
    settings.STAFF_MFA_REQUIRED = False  # as in the local demo
    staff = User.objects.get(email=DEMO_STAFF_EMAIL)
    assert staff.has_perm("payments.manage_payments")
    waiting = Claim.objects.filter(
        status=ClaimStatus.SUBMITTED, approved_at__isnull=True, assisted=False
    ).first()
    html = client_for(staff).get(f"/staff/payments/claims/{waiting.pk}/").content.decode()
    assert f"/staff/payments/claims/{waiting.pk}/approve/" in html


def test_each_claim_was_made_before_it_was_sent(seeded):
    for claim in Claim.objects.exclude(submitted_at=None).select_related("activity"):
        assert claim.activity.starts_at <= claim.created_at <= claim.submitted_at


def test_three_projects_have_budgets(seeded):
    assert ProjectBudget.objects.count() == 3


def test_the_demo_co_creator_has_a_draft_claim_and_a_paid_one(seeded):
    mine = Claim.objects.filter(cocreator__email="cocreator@example.org")
    assert mine.filter(status=ClaimStatus.DRAFT).exists()
    assert mine.filter(status=ClaimStatus.PAID).exists()
    assert PaymentChoice.objects.get(cocreator__email="cocreator@example.org").method == (
        PaymentMethod.PAYROLL
    )


def test_every_amount_is_a_decimal_with_pence(seeded):
    for claim in Claim.objects.prefetch_related("expenses")[:50]:
        for amount in claim_totals(claim).values():
            assert isinstance(amount, Decimal) and amount.as_tuple().exponent == -2
