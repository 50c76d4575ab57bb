"""A tax-year statement is the person's lines of the exports made in that UK tax year (6 April to
5 April, UK time), and their vouchers and donations given in it: it adds up to the exports
exactly, every amount a Decimal with pence, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from payments.approval.services import export_make
from payments.models import (
    ClaimStatus,
    Expense,
    ExpenseKind,
    ExportKind,
    Payee,
    PaymentChoice,
    PaymentExportLine,
    PaymentMethod,
)
from payments.notice import NOTICE_VERSION
from payments.statements.selectors import statement_for, statement_years
from payments.statements.tax_years import TaxYear, tax_year_asked, tax_year_of
from tests.community.factories import CoCreatorFactory

from .factories import exported_claim, given_claim, uk

pytestmark = pytest.mark.django_db

YEAR = TaxYear(2025)


@pytest.fixture
def person():
    return CoCreatorFactory(full_name="Priya Shah")


# --- Tax years ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "start_year"),
    [
        (uk(2026, 4, 5, 23, 59), 2025),
        (uk(2026, 4, 6, 0, 0), 2026),
        # 00:30 on 6 April in BST is still 5 April in UTC: the UK day counts.
        (uk(2026, 4, 6, 0, 30), 2026),
        (uk(2025, 4, 6, 0, 0), 2025),
        (uk(2026, 1, 1), 2025),
        (datetime.date(2026, 4, 5), 2025),
        (datetime.date(2026, 4, 6), 2026),
    ],
)
def test_a_day_falls_in_the_tax_year_starting_6_april(moment, start_year):
    assert tax_year_of(moment) == TaxYear(start_year)


def test_utc_midnight_on_6_april_is_already_the_new_tax_year_in_uk_time():
    moment = datetime.datetime(2026, 4, 5, 23, 30, tzinfo=datetime.UTC)  # 00:30 BST, 6 April
    assert tax_year_of(moment) == TaxYear(2026)


def test_a_tax_year_is_named_by_its_start_year():
    assert YEAR.label == "2025 to 2026"
    assert YEAR.slug == "2025"
    assert YEAR.span == "6 April 2025 to 5 April 2026"
    start, end = YEAR.bounds()
    assert start == uk(2025, 4, 6, 0, 0) and end == uk(2026, 4, 6, 0, 0)


def test_a_url_may_not_name_a_year_after_this_one():
    today = datetime.date(2026, 4, 5)
    assert tax_year_asked(2025, today) == TaxYear(2025)
    assert tax_year_asked(2026, today) is None
    assert tax_year_asked(1999, today) is None


# --- What a statement holds --------------------------------------------------------------------


def test_the_statement_adds_up_to_the_persons_export_lines_for_the_year(person):
    exported_claim(person, exported_at=uk(2025, 5, 1), payment=Decimal("40.00"))
    exported_claim(
        person, exported_at=uk(2025, 9, 14), payment=Decimal("75.50"), expenses=Decimal("12.35")
    )
    exported_claim(person, exported_at=uk(2026, 3, 2), payment=None, expenses=Decimal("4.20"))
    exported_claim(person, exported_at=uk(2026, 5, 1), payment=Decimal("99.00"))  # next year
    exported_claim(CoCreatorFactory(), exported_at=uk(2025, 6, 1), payment=Decimal("60.00"))
    statement = statement_for(cocreator=person, tax_year=YEAR)
    start, end = YEAR.bounds()
    lines = PaymentExportLine.objects.filter(
        claim__cocreator=person, export__created_at__gte=start, export__created_at__lt=end
    )
    for key, kind in (("payroll", ExportKind.PAYROLL), ("expenses", ExportKind.EXPENSES)):
        expected = lines.filter(kind=kind).aggregate(total=Sum("amount"))["total"]
        assert statement.section(key).total == expected
    assert statement.totals == {
        "payroll": Decimal("115.50"),
        "expenses": Decimal("16.55"),
        "vouchers": Decimal("0.00"),
        "donations": Decimal("0.00"),
    }
    assert len(statement.section("payroll").lines) == 2
    assert len(statement.section("expenses").lines) == 2


def test_the_statement_adds_up_to_real_export_runs(person, staff_member):
    """Through the approval package's own export run, as finance gets it."""
    Payee.objects.create(cocreator=person, payroll_reference="P123")
    PaymentChoice.objects.create(
        cocreator=person, method=PaymentMethod.PAYROLL, notice_version=NOTICE_VERSION
    )
    claim = exported_claim(person, exported_at=timezone.now(), payment=None)
    claim.status, claim.payment_amount, claim.paid_at = ClaimStatus.APPROVED, Decimal("40"), None
    claim.save()
    Expense.objects.create(claim=claim, kind=ExpenseKind.PARKING, amount=Decimal("5.50"))
    payroll = export_make(kind=ExportKind.PAYROLL, actor=staff_member)
    expenses = export_make(kind=ExportKind.EXPENSES, actor=staff_member)
    statement = statement_for(cocreator=person, tax_year=tax_year_of(payroll.created_at))
    assert statement.section("payroll").total == payroll.total == Decimal("40.00")
    assert statement.section("expenses").total == expenses.total == Decimal("5.50")
    # A second run lists nothing again, and the statement does not change.
    assert export_make(kind=ExportKind.PAYROLL, actor=staff_member) is None
    again = statement_for(cocreator=person, tax_year=tax_year_of(payroll.created_at))
    assert again.totals == statement.totals


def test_every_amount_is_a_decimal_with_pence(person):
    exported_claim(person, exported_at=uk(2025, 5, 1), payment=Decimal("40"), expenses=Decimal("3"))
    given_claim(person, paid_at=uk(2025, 6, 1), amount=Decimal("25"))
    statement = statement_for(cocreator=person, tax_year=YEAR)
    amounts = [line.amount for s in statement.sections for line in s.lines]
    amounts += list(statement.totals.values())
    for year in statement_years(person):
        amounts += list(year.totals.values())
    assert amounts
    for amount in amounts:
        assert type(amount) is Decimal
        assert amount.as_tuple().exponent == -2


def test_an_export_on_5_april_and_one_on_6_april_are_in_different_years(person):
    exported_claim(person, exported_at=uk(2026, 4, 5, 23, 30), payment=Decimal("10.00"))
    exported_claim(person, exported_at=uk(2026, 4, 6, 0, 30), payment=Decimal("20.00"))
    assert statement_for(cocreator=person, tax_year=YEAR).section("payroll").total == Decimal(
        "10.00"
    )
    later = statement_for(cocreator=person, tax_year=TaxYear(2026))
    assert later.section("payroll").total == Decimal("20.00")


def test_the_export_date_counts_not_the_session_date(person):
    # A March session exported in April is on the next year's statement.
    exported_claim(
        person,
        exported_at=uk(2026, 4, 20),
        session_at=uk(2026, 3, 20),
        payment=Decimal("40.00"),
        title="Late spring group",
    )
    assert statement_for(cocreator=person, tax_year=YEAR).is_empty
    (line,) = statement_for(cocreator=person, tax_year=TaxYear(2026)).section("payroll").lines
    assert line.session_title == "Late spring group"
    assert line.session_date == datetime.date(2026, 3, 20)
    assert line.dated == datetime.date(2026, 4, 20)


def test_vouchers_and_donations_given_are_in_their_own_sections(person):
    given_claim(person, paid_at=uk(2025, 7, 1), method=PaymentMethod.VOUCHER)
    given_claim(
        person,
        paid_at=uk(2025, 8, 1),
        method=PaymentMethod.DONATION,
        amount=Decimal("30.00"),
        charity="Mind",
    )
    statement = statement_for(cocreator=person, tax_year=YEAR)
    assert statement.section("vouchers").total == Decimal("25.00")
    (donation,) = statement.section("donations").lines
    assert (donation.amount, donation.charity) == (Decimal("30.00"), "Mind")
    assert statement.section("payroll").lines == []


def test_a_voucher_not_yet_paid_is_not_on_the_statement(person):
    claim = given_claim(person, paid_at=uk(2025, 7, 1))
    claim.status = ClaimStatus.APPROVED
    claim.save()
    assert statement_for(cocreator=person, tax_year=YEAR).is_empty


def test_the_years_list_is_newest_first_with_totals(person):
    exported_claim(person, exported_at=uk(2024, 5, 1), payment=Decimal("10.00"))
    exported_claim(person, exported_at=uk(2025, 5, 1), payment=Decimal("20.00"))
    given_claim(person, paid_at=uk(2026, 4, 6, 9), amount=Decimal("5.00"))
    years = statement_years(person)
    assert [y.tax_year.start_year for y in years] == [2026, 2025, 2024]
    assert years[0].totals["vouchers"] == Decimal("5.00")
    assert years[1].totals["payroll"] == Decimal("20.00")


def test_a_statement_takes_the_same_queries_for_2_or_20_claims(person):
    other = CoCreatorFactory()
    for n in range(2):
        exported_claim(person, exported_at=uk(2025, 5, 1 + n), expenses=Decimal("1.00"))
    for n in range(20):
        exported_claim(other, exported_at=uk(2025, 5, 1 + n), expenses=Decimal("1.00"))
        given_claim(other, paid_at=uk(2025, 6, 1 + n))

    def queries(who):
        with CaptureQueriesContext(connection) as captured:
            statement_for(cocreator=who, tax_year=YEAR)
            statement_years(who)
        return len(captured)

    assert queries(person) == queries(other) == 4
