"""A person's statement of what they were paid in a UK tax year, made from the exports.

Involvement payments and expenses are on a statement when the export to finance that holds
them was made in the year (its `created_at`, UK time): the statement is the person's lines of
those exports and nothing else, so its totals are the exports' own. Vouchers and donations,
which never go to payroll, are there when the claim was marked paid in the year.
Every amount is a Decimal with pence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from cocreation.lib.dates import in_uk

from ..models import Claim, ClaimStatus, ExportKind, PaymentExportLine, PaymentMethod
from ..money import pence
from .tax_years import TaxYear, tax_year_of

ZERO = Decimal("0.00")
# Given instead of payment: never on a payroll export.
GIVEN = (PaymentMethod.VOUCHER, PaymentMethod.DONATION)


@dataclass(frozen=True)
class SectionKind:
    key: str
    title: str
    # What the date of each line is: when it went to finance, or when it was given.
    dated: str
    about: str


PAYROLL = SectionKind(
    key="payroll",
    title="Involvement payments",
    dated="Sent to payroll",
    about="Payments for your time, paid through the trust's payroll.",
)
EXPENSES = SectionKind(
    key="expenses",
    title="Expenses repaid",
    dated="Sent for payment",
    about=(
        "Repayments of what taking part cost you, such as travel, parking or care cover. "
        "They are not payment for your time."
    ),
)
VOUCHERS = SectionKind(
    key="vouchers",
    title="Vouchers",
    dated="Given",
    about="Shopping vouchers you chose instead of payment.",
)
DONATIONS = SectionKind(
    key="donations",
    title="Donations to charity",
    dated="Given",
    about="Donations to a charity you chose instead of payment.",
)
SECTION_KINDS = (PAYROLL, EXPENSES, VOUCHERS, DONATIONS)
_BY_EXPORT_KIND = {ExportKind.PAYROLL: PAYROLL, ExportKind.EXPENSES: EXPENSES}
_BY_METHOD = {PaymentMethod.VOUCHER: VOUCHERS, PaymentMethod.DONATION: DONATIONS}


@dataclass(frozen=True)
class StatementLine:
    session_date: datetime.date
    session_title: str
    dated: datetime.date  # the export's day, or the day it was given (UK)
    amount: Decimal
    charity: str = ""


@dataclass
class StatementSection:
    kind: SectionKind
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.kind.key

    @property
    def title(self) -> str:
        return self.kind.title

    @property
    def total(self) -> Decimal:
        return pence(sum((line.amount for line in self.lines), ZERO))


@dataclass
class Statement:
    cocreator: object
    tax_year: TaxYear
    sections: list[StatementSection]

    def section(self, key: str) -> StatementSection:
        return next(s for s in self.sections if s.key == key)

    @property
    def is_empty(self) -> bool:
        return not any(s.lines for s in self.sections)

    @property
    def totals(self) -> dict[str, Decimal]:
        return {s.key: s.total for s in self.sections}


@dataclass
class YearSummary:
    """One tax year on the list of a person's statements: the year and each section's total."""

    tax_year: TaxYear
    totals: dict[str, Decimal]

    @property
    def rows(self) -> list[tuple[SectionKind, Decimal]]:
        return [(kind, self.totals[kind.key]) for kind in SECTION_KINDS]


def _day(moment: datetime.datetime) -> datetime.date:
    return in_uk(moment).date()


def _export_lines(cocreator):
    return PaymentExportLine.objects.filter(claim__cocreator=cocreator)


def _given_claims(cocreator):
    return Claim.objects.filter(
        cocreator=cocreator,
        status=ClaimStatus.PAID,
        method__in=GIVEN,
        paid_at__isnull=False,
        payment_amount__gt=0,
    )


def statement_for(*, cocreator, tax_year: TaxYear) -> Statement:
    """The person's statement for one tax year (empty sections when nothing is in it). Two
    queries, whatever the number of lines."""
    start, end = tax_year.bounds()
    sections = {kind.key: StatementSection(kind=kind) for kind in SECTION_KINDS}
    lines = (
        _export_lines(cocreator)
        .filter(export__created_at__gte=start, export__created_at__lt=end)
        .select_related("export", "claim__activity")
        .only(
            "kind",
            "amount",
            "export__created_at",
            "claim__activity__title",
            "claim__activity__starts_at",
        )
        .order_by("claim__activity__starts_at", "export__created_at", "pk")
    )
    for line in lines:
        activity = line.claim.activity
        sections[_BY_EXPORT_KIND[line.kind].key].lines.append(
            StatementLine(
                session_date=_day(activity.starts_at),
                session_title=activity.title,
                dated=_day(line.export.created_at),
                amount=pence(line.amount),
            )
        )
    given = (
        _given_claims(cocreator)
        .filter(paid_at__gte=start, paid_at__lt=end)
        .select_related("activity")
        .only(
            "method",
            "charity",
            "payment_amount",
            "paid_at",
            "activity__title",
            "activity__starts_at",
        )
        .order_by("activity__starts_at", "paid_at", "pk")
    )
    for claim in given:
        sections[_BY_METHOD[claim.method].key].lines.append(
            StatementLine(
                session_date=_day(claim.activity.starts_at),
                session_title=claim.activity.title,
                dated=_day(claim.paid_at),
                amount=pence(claim.payment_amount),
                charity=claim.charity,
            )
        )
    return Statement(cocreator=cocreator, tax_year=tax_year, sections=list(sections.values()))


def statement_years(cocreator) -> list[YearSummary]:
    """The tax years the person has anything in, newest first, with each section's total.
    Two queries, whatever the number of claims."""
    totals: dict[TaxYear, dict[str, Decimal]] = {}

    def add(moment, key, amount):
        year = totals.setdefault(tax_year_of(moment), {k.key: ZERO for k in SECTION_KINDS})
        year[key] = pence(year[key] + amount)

    for kind, amount, made in _export_lines(cocreator).values_list(
        "kind", "amount", "export__created_at"
    ):
        add(made, _BY_EXPORT_KIND[kind].key, amount)
    for method, amount, paid_at in _given_claims(cocreator).values_list(
        "method", "payment_amount", "paid_at"
    ):
        add(paid_at, _BY_METHOD[method].key, amount)
    return [
        YearSummary(tax_year=year, totals=totals[year]) for year in sorted(totals, reverse=True)
    ]
