"""Claims through their services: drafts from a paid session's register (rate by the day and the
hours, nobody who declined, a later rate change alters nothing), the choice and what it does to
open claims, starting a claim, expenses (mileage, receipts) and submitting. Money is a Decimal
with pence, never a float."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from activities.models import ActivityPayment, AttendanceRole
from community.models import AuditEvent, Message
from impact.documents import check_upload
from payments.claims.services import (
    ChoiceNeeded,
    ClaimRefused,
    claim_start,
    claim_submit,
    claims_draft_for_attendance,
    expense_add,
    expense_remove,
    payment_choice_record,
)
from payments.models import (
    Claim,
    ClaimStatus,
    ExpenseKind,
    ExportKind,
    PaymentChoice,
    PaymentExport,
    PaymentExportLine,
    PaymentMethod,
)
from payments.notice import NOTICE_VERSION
from tests.community.factories import CoCreatorFactory

from .factories import claim_of, past_session, png, rate, register, stored_receipts

pytestmark = pytest.mark.django_db


def choose(person, method=PaymentMethod.PAYROLL, charity=""):
    return payment_choice_record(cocreator=person, method=method, charity=charity, actor=None)


def add_receipt_expense(claim, amount="4.50", kind=ExpenseKind.FARE, **kwargs):
    upload = png()
    return expense_add(
        claim=claim,
        kind=kind,
        amount=Decimal(amount),
        receipt=upload,
        checked=check_upload(upload),
        actor=None,
        **kwargs,
    )


# --- Drafts from the register -------------------------------------------------------------------


def test_a_paid_sessions_register_makes_a_draft_with_the_rate_of_its_day_and_hours(staff_member):
    session = past_session(days_ago=10, hours=6)
    day = timezone.localdate(session.starts_at)
    rate(
        "30.00",
        valid_from=day - datetime.timedelta(days=400),
        valid_to=day - datetime.timedelta(days=1),
    )
    half = rate("40.00", up_to_hours="4", valid_from=day - datetime.timedelta(days=30))
    full = rate("75.00", up_to_hours=None, valid_from=day - datetime.timedelta(days=30))
    short, long_ = CoCreatorFactory(), CoCreatorFactory()
    register(session, [short], actor=staff_member, hours="3")
    register(session, [long_], actor=staff_member, hours="6")

    short_claim = Claim.objects.get(cocreator=short)
    long_claim = Claim.objects.get(cocreator=long_)
    assert (short_claim.status, short_claim.rate, short_claim.hours) == (
        ClaimStatus.DRAFT,
        half,
        Decimal("3.00"),
    )
    assert short_claim.payment_amount == Decimal("40.00")
    assert long_claim.rate == full and long_claim.payment_amount == Decimal("75.00")
    for claim in (short_claim, long_claim):
        claim.refresh_from_db()
        assert isinstance(claim.payment_amount, Decimal) and isinstance(claim.hours, Decimal)
        assert claim.payment_amount.as_tuple().exponent == -2


def test_a_more_specific_rate_for_the_role_wins(staff_member):
    session = past_session()
    rate("40.00")
    lead = rate("60.00", role=AttendanceRole.LEAD)
    person = CoCreatorFactory()
    register(session, [person], actor=staff_member, role=AttendanceRole.LEAD)
    claim = Claim.objects.get(cocreator=person)
    assert claim.rate == lead and claim.payment_amount == Decimal("60.00")


def test_someone_who_declined_gets_no_claim_and_no_message(staff_member):
    session = past_session()
    rate("40.00")
    declined, paid = CoCreatorFactory(), CoCreatorFactory()
    choose(declined, PaymentMethod.DECLINED)
    register(session, [declined, paid], actor=staff_member)
    assert list(Claim.objects.values_list("cocreator", flat=True)) == [paid.pk]
    assert not Message.objects.filter(cocreator=declined, kind="claim_ready").exists()


def test_an_expenses_only_or_volunteer_session_makes_no_draft(staff_member):
    rate("40.00")
    person = CoCreatorFactory()
    for payment in (ActivityPayment.EXPENSES, ActivityPayment.VOLUNTEER):
        register(past_session(payment=payment), [person], actor=staff_member)
    assert not Claim.objects.exists()


def test_a_rate_changed_after_the_session_does_not_alter_its_claim(staff_member):
    session = past_session(days_ago=20)
    day = timezone.localdate(session.starts_at)
    old = rate("40.00", valid_from=day - datetime.timedelta(days=100))
    person = CoCreatorFactory()
    register(session, [person], actor=staff_member)
    # The rate goes up from today: a new row, the old one ends yesterday.
    old.valid_to = timezone.localdate() - datetime.timedelta(days=1)
    old.save()
    rate("55.00", valid_from=timezone.localdate())
    register(session, [person], actor=staff_member)  # the register recorded again
    claim = Claim.objects.get(cocreator=person)
    assert claim.rate == old and claim.payment_amount == Decimal("40.00")


def test_a_submitted_claim_does_not_follow_the_register(staff_member):
    session = past_session()
    rate("40.00")
    rate("75.00", up_to_hours=None)
    person = CoCreatorFactory()
    register(session, [person], actor=staff_member, hours="2")
    Claim.objects.update(status=ClaimStatus.SUBMITTED)
    register(session, [person], actor=staff_member, hours="6")
    claim = Claim.objects.get()
    assert claim.hours == Decimal("2.00") and claim.payment_amount == Decimal("40.00")


def test_each_new_claim_is_told_once(staff_member, django_capture_on_commit_callbacks):
    session = past_session(title="Carers' forum")
    rate("40.00")
    person = CoCreatorFactory()
    register(session, [person], actor=staff_member, hours="2")
    register(session, [person], actor=staff_member, hours="3")
    claim = Claim.objects.get()
    messages = Message.objects.filter(cocreator=person, kind="claim_ready")
    assert list(messages.values_list("key", flat=True)) == [f"claim-ready:{claim.pk}"]
    assert messages.get().context["activity_title"] == "Carers' forum"


def test_the_hook_can_be_called_again_with_nothing_to_do(staff_member):
    session = past_session()
    rate("40.00")
    person = CoCreatorFactory()
    register(session, [person], actor=staff_member)
    assert claims_draft_for_attendance(activity=session, cocreator_ids=[person.pk]) == []


# --- The choice -------------------------------------------------------------------------------


def test_a_choice_is_a_new_row_with_the_notice_version_and_who_chose(cocreator):
    person = CoCreatorFactory()
    first = payment_choice_record(cocreator=person, method=PaymentMethod.VOUCHER, actor=cocreator)
    second = payment_choice_record(
        cocreator=person, method=PaymentMethod.DONATION, charity=" Mind ", actor=cocreator
    )
    assert PaymentChoice.objects.filter(cocreator=person).count() == 2
    assert first.notice_version == NOTICE_VERSION == second.notice_version
    assert (second.chosen_by, second.charity, second.assisted) == (cocreator, "Mind", False)
    assert not AuditEvent.objects.filter(cocreator_id=person.pk, fields=["payment_choice"]).exists()


def test_a_donation_needs_a_charity_and_nothing_is_written():
    person = CoCreatorFactory()
    with pytest.raises(ClaimRefused):
        payment_choice_record(cocreator=person, method=PaymentMethod.DONATION, actor=None)
    assert not PaymentChoice.objects.exists()


def test_staff_recording_a_choice_is_assisted_and_audited(staff_member):
    person = CoCreatorFactory()
    choice = payment_choice_record(
        cocreator=person, method=PaymentMethod.PAYROLL, actor=staff_member, assisted=True
    )
    assert choice.assisted and choice.chosen_by == staff_member
    event = AuditEvent.objects.get(cocreator_id=person.pk, fields=["payment_choice"])
    assert event.actor == staff_member


def test_declining_takes_the_payment_off_every_claim_not_sent_to_payroll_and_keeps_expenses(
    staff_member,
):
    rate("40.00")
    person = CoCreatorFactory()
    sessions = {name: past_session() for name in ("draft", "returned", "waiting", "half", "done")}
    register(list(sessions.values())[0], [person], actor=staff_member)
    for session in list(sessions.values())[1:]:
        register(session, [person], actor=staff_member)
    claims = {name: Claim.objects.get(activity=session) for name, session in sessions.items()}
    add_receipt_expense(claims["draft"], "3.20")
    add_receipt_expense(claims["waiting"], "2.00")
    choose(person, PaymentMethod.PAYROLL)
    claim_submit(claim=claims["waiting"], actor=None)
    Claim.objects.filter(pk=claims["returned"].pk).update(status=ClaimStatus.RETURNED)
    # One approver of two has approved "half"; "done" is approved.
    Claim.objects.filter(pk=claims["half"].pk).update(
        status=ClaimStatus.SUBMITTED, approved_at=timezone.now(), method=PaymentMethod.PAYROLL
    )
    Claim.objects.filter(pk=claims["done"].pk).update(status=ClaimStatus.APPROVED)

    def state():
        rows = Claim.objects.in_bulk([c.pk for c in claims.values()])
        return {
            name: (rows[c.pk].status, rows[c.pk].payment_amount, rows[c.pk].method)
            for name, c in claims.items()
        }

    choose(person, PaymentMethod.DECLINED)
    # Approved or half-approved claims with nothing left to pay go back to the person.
    assert state() == {
        "draft": (ClaimStatus.DRAFT, Decimal("0.00"), ""),
        "returned": (ClaimStatus.RETURNED, Decimal("0.00"), ""),
        "waiting": (ClaimStatus.SUBMITTED, Decimal("0.00"), PaymentMethod.DECLINED),
        "half": (ClaimStatus.DRAFT, Decimal("0.00"), ""),
        "done": (ClaimStatus.DRAFT, Decimal("0.00"), ""),
    }
    assert claims["draft"].expenses.get().amount == Decimal("3.20")

    choose(person, PaymentMethod.VOUCHER)  # back from declined: from the rate again
    assert state() == {
        "draft": (ClaimStatus.DRAFT, Decimal("40.00"), ""),
        "returned": (ClaimStatus.RETURNED, Decimal("40.00"), ""),
        "waiting": (ClaimStatus.SUBMITTED, Decimal("40.00"), PaymentMethod.VOUCHER),
        "half": (ClaimStatus.DRAFT, Decimal("40.00"), ""),
        "done": (ClaimStatus.DRAFT, Decimal("40.00"), ""),
    }
    assert Claim.objects.get(pk=claims["draft"].pk).rate is not None


def test_a_claim_waiting_with_nothing_left_to_pay_after_declining_goes_back_to_the_person():
    person = CoCreatorFactory()
    choose(person, PaymentMethod.PAYROLL)
    claim = claim_of(person, payment_amount=Decimal("40.00"))
    claim_submit(claim=claim, actor=None)
    choose(person, PaymentMethod.DECLINED)
    claim.refresh_from_db()
    assert (claim.status, claim.payment_amount, claim.submitted_at, claim.method) == (
        ClaimStatus.DRAFT,
        Decimal("0.00"),
        None,
        "",
    )


def test_a_new_way_to_be_paid_reaches_claims_waiting_and_approved_ones_not_yet_exported():
    person = CoCreatorFactory()
    choose(person, PaymentMethod.PAYROLL)
    waiting = claim_of(person, payment_amount=Decimal("40.00"))
    claim_submit(claim=waiting, actor=None)
    approved = claim_of(
        person,
        payment_amount=Decimal("40.00"),
        status=ClaimStatus.APPROVED,
        method=PaymentMethod.PAYROLL,
    )
    choose(person, PaymentMethod.DONATION, charity="Mind")
    waiting.refresh_from_db()
    approved.refresh_from_db()
    assert (waiting.method, waiting.charity, waiting.payment_amount) == (
        PaymentMethod.DONATION,
        "Mind",
        Decimal("40.00"),
    )
    assert (approved.status, approved.method, approved.charity) == (
        ClaimStatus.APPROVED,
        PaymentMethod.DONATION,
        "Mind",
    )


def test_declining_after_approval_keeps_the_claim_off_payroll_and_a_rise_needs_approval_again(
    staff_member,
):
    rate("40.00")
    person = CoCreatorFactory()
    choose(person, PaymentMethod.PAYROLL)
    session = past_session()
    register(session, [person], actor=staff_member)
    claim = Claim.objects.get(activity=session)
    add_receipt_expense(claim, "2.00")
    claim_submit(claim=claim, actor=None)
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.APPROVED, approved_at=timezone.now(), approved_by=staff_member
    )
    choose(person, PaymentMethod.DECLINED)
    claim.refresh_from_db()
    # Less to pay: the approval stands, for the expenses only.
    assert (claim.status, claim.payment_amount, claim.method, claim.approved_by) == (
        ClaimStatus.APPROVED,
        Decimal("0.00"),
        PaymentMethod.DECLINED,
        staff_member,
    )
    choose(person, PaymentMethod.PAYROLL)
    claim.refresh_from_db()
    # More to pay than was approved: it waits to be approved again.
    assert (claim.status, claim.payment_amount, claim.approved_at, claim.approved_by) == (
        ClaimStatus.SUBMITTED,
        Decimal("40.00"),
        None,
        None,
    )


def test_a_claim_already_on_a_payroll_export_is_not_changed_by_a_new_choice():
    person = CoCreatorFactory()
    choose(person, PaymentMethod.PAYROLL)
    claim = claim_of(
        person,
        payment_amount=Decimal("40.00"),
        status=ClaimStatus.APPROVED,
        method=PaymentMethod.PAYROLL,
    )
    export = PaymentExport.objects.create(kind=ExportKind.PAYROLL)
    PaymentExportLine.objects.create(
        export=export, claim=claim, kind=ExportKind.PAYROLL, amount=Decimal("40.00")
    )
    choose(person, PaymentMethod.DECLINED)
    claim.refresh_from_db()
    assert (claim.status, claim.payment_amount, claim.method) == (
        ClaimStatus.APPROVED,
        Decimal("40.00"),
        PaymentMethod.PAYROLL,
    )


# --- Starting a claim -------------------------------------------------------------------------


def test_starting_a_claim_for_an_expenses_only_session(staff_member):
    session = past_session(payment=ActivityPayment.EXPENSES)
    person = CoCreatorFactory()
    register(session, [person], actor=staff_member)
    claim = claim_start(cocreator=person, activity=session, actor=None)
    assert (claim.status, claim.payment_amount, claim.rate) == (
        ClaimStatus.DRAFT,
        Decimal("0.00"),
        None,
    )
    assert claim.hours == Decimal("2.00")


def test_starting_a_claim_for_a_paid_session_takes_the_rate_unless_declined(staff_member):
    rate("40.00")
    paid_person, declined = CoCreatorFactory(), CoCreatorFactory()
    choose(declined, PaymentMethod.DECLINED)
    session = past_session()
    register(session, [paid_person, declined], actor=staff_member)
    Claim.objects.all().delete()  # as if the register was recorded before it was paid
    assert claim_start(cocreator=paid_person, activity=session, actor=None).payment_amount == (
        Decimal("40.00")
    )
    assert claim_start(cocreator=declined, activity=session, actor=None).payment_amount == (
        Decimal("0.00")
    )


@pytest.mark.parametrize(
    "case", ["not attended", "too long ago", "volunteering", "already claimed", "future"]
)
def test_a_session_that_cannot_be_claimed_for_is_refused(case, staff_member):
    person = CoCreatorFactory()
    session = past_session(
        payment=ActivityPayment.VOLUNTEER if case == "volunteering" else ActivityPayment.EXPENSES,
        days_ago=100 if case == "too long ago" else 7,
    )
    if case != "not attended":
        register(session, [person], actor=staff_member)
    if case == "already claimed":
        claim_start(cocreator=person, activity=session, actor=None)
    if case == "future":
        session.starts_at = timezone.now() + datetime.timedelta(days=2)
        session.ends_at = session.starts_at + datetime.timedelta(hours=2)
        session.save()
    before = Claim.objects.count()
    with pytest.raises(ClaimRefused):
        claim_start(cocreator=person, activity=session, actor=None)
    assert Claim.objects.count() == before


def test_staff_starting_a_claim_is_assisted_and_audited(staff_member):
    session = past_session(payment=ActivityPayment.EXPENSES)
    person = CoCreatorFactory()
    register(session, [person], actor=staff_member)
    claim = claim_start(cocreator=person, activity=session, actor=staff_member, assisted=True)
    assert claim.assisted
    assert AuditEvent.objects.filter(cocreator_id=person.pk, fields=["claims"]).exists()


# --- Expenses ---------------------------------------------------------------------------------


def test_mileage_is_miles_times_the_rate_with_no_receipt(settings):
    settings.PAYMENTS_MILEAGE_RATE = Decimal("0.45")
    claim = claim_of(CoCreatorFactory())
    expense = expense_add(claim=claim, kind=ExpenseKind.MILEAGE, miles=Decimal("12.5"), actor=None)
    expense.refresh_from_db()
    assert expense.amount == Decimal("5.63")  # 5.625 rounded half up
    assert isinstance(expense.amount, Decimal) and not expense.receipt


def test_other_expenses_need_an_amount_and_a_receipt_which_is_stored_under_a_new_name():
    claim = claim_of(CoCreatorFactory())
    with pytest.raises(ClaimRefused):
        expense_add(claim=claim, kind=ExpenseKind.PARKING, amount=Decimal("3.00"), actor=None)
    expense = add_receipt_expense(claim, "3.00", kind=ExpenseKind.PARKING)
    assert expense.receipt.name.startswith("receipts/") and expense.receipt.name.endswith(".png")
    assert "receipt" not in expense.receipt.name.rsplit("/", 1)[-1]
    assert (expense.receipt_name, expense.receipt_content_type) == ("receipt.png", "image/png")
    assert default_storage.exists(expense.receipt.name)


def test_money_as_a_float_is_refused():
    claim = claim_of(CoCreatorFactory())
    with pytest.raises(TypeError):
        expense_add(claim=claim, kind=ExpenseKind.MILEAGE, miles=12.5, actor=None)
    with pytest.raises(TypeError):
        expense_add(claim=claim, kind=ExpenseKind.FARE, amount=4.5, actor=None)


def test_a_claim_no_longer_open_refuses_an_expense_and_keeps_no_file():
    claim = claim_of(CoCreatorFactory(), status=ClaimStatus.SUBMITTED)
    before = stored_receipts()
    with pytest.raises(ClaimRefused):
        add_receipt_expense(claim)
    assert not claim.expenses.exists()
    assert stored_receipts() == before


def test_removing_an_expense_deletes_its_receipt_after_commit(django_capture_on_commit_callbacks):
    claim = claim_of(CoCreatorFactory())
    expense = add_receipt_expense(claim)
    name = expense.receipt.name
    with django_capture_on_commit_callbacks(execute=True):
        expense_remove(expense=expense, actor=None)
    assert not claim.expenses.exists()
    assert not default_storage.exists(name)


# --- Submitting -------------------------------------------------------------------------------


def test_submitting_needs_a_choice_first():
    person = CoCreatorFactory()
    claim = claim_of(person, payment_amount=Decimal("40.00"))
    with pytest.raises(ChoiceNeeded):
        claim_submit(claim=claim, actor=None)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT


def test_a_claim_with_nothing_to_pay_cannot_be_submitted():
    person = CoCreatorFactory()
    choose(person)
    claim = claim_of(person)
    with pytest.raises(ClaimRefused, match="nothing to pay"):
        claim_submit(claim=claim, actor=None)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT


def test_submitting_copies_the_choice(cocreator):
    person = CoCreatorFactory()
    choose(person, PaymentMethod.DONATION, charity="Mind")
    claim = claim_of(person, payment_amount=Decimal("40.00"))
    claim_submit(claim=claim, actor=cocreator)
    claim.refresh_from_db()
    assert (claim.status, claim.method, claim.charity) == (
        ClaimStatus.SUBMITTED,
        PaymentMethod.DONATION,
        "Mind",
    )
    assert claim.submitted_by == cocreator and claim.submitted_at is not None
    assert not claim.assisted


def test_someone_who_declined_submits_their_expenses_only():
    person = CoCreatorFactory()
    claim = claim_of(person, payment_amount=Decimal("40.00"))
    add_receipt_expense(claim, "4.50")
    choose(person, PaymentMethod.DECLINED)
    claim_submit(claim=claim, actor=None)
    claim.refresh_from_db()
    assert claim.payment_amount == Decimal("0.00") and claim.method == PaymentMethod.DECLINED
    assert claim.expenses.get().amount == Decimal("4.50")


def test_a_submitted_claim_cannot_be_submitted_again():
    person = CoCreatorFactory()
    choose(person)
    claim = claim_of(person, payment_amount=Decimal("40.00"))
    claim_submit(claim=claim, actor=None)
    with pytest.raises(ClaimRefused):
        claim_submit(claim=claim, actor=None)


def test_staff_submitting_for_a_person_is_assisted_and_audited(staff_member):
    person = CoCreatorFactory()
    choose(person)
    claim = claim_of(person, payment_amount=Decimal("40.00"))
    claim_submit(claim=claim, actor=staff_member, assisted=True)
    claim.refresh_from_db()
    assert claim.assisted and claim.submitted_by == staff_member
    assert AuditEvent.objects.filter(cocreator_id=person.pk, fields=["claims"]).exists()
