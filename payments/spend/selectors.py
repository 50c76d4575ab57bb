"""What involvement payments and expenses cost in a period: the staff spend page, its CSV and the
steering report's totals.

A claim counts in the period its session was held in (the activity's start), whatever day it was
approved or paid, so a period's spend is "claims for sessions held then". Committed means
submitted or approved but not yet paid; paid means marked paid. Drafts and claims returned for
changes are not spend yet. A claim whose person declined payment adds no involvement payment
(their expenses still count).

Every figure is a sum in the database: two queries for a whole page, however many claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from activities.models import ActivityFormat, EngagementLevel
from cocreation.lib.periods import Period

from ..models import Claim, ClaimStatus, Expense, PaymentMethod
from ..money import pence

COMMITTED = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
PAID = (ClaimStatus.PAID,)
COUNTED = (*COMMITTED, *PAID)
NO_PROJECT = "Not part of a project"
ZERO = Decimal("0.00")
# Wide enough for any total: a column's own max_digits would refuse a large sum.
TOTAL_FIELD = DecimalField(max_digits=14, decimal_places=2)
# A person who declined payment is owed no involvement payment, whatever a claim says.
PAYABLE = ~Q(method=PaymentMethod.DECLINED)


def _money_sum(name: str, **filters) -> Coalesce:
    return Coalesce(
        Sum(name, output_field=TOTAL_FIELD, **filters), Value(ZERO), output_field=TOTAL_FIELD
    )


@dataclass
class SpendFigures:
    """Involvement payments and expenses, committed and paid, and the claims behind them."""

    payments_committed: Decimal = ZERO
    payments_paid: Decimal = ZERO
    expenses_committed: Decimal = ZERO
    expenses_paid: Decimal = ZERO
    claims_committed: int = 0
    claims_paid: int = 0

    @property
    def total_committed(self) -> Decimal:
        return pence(self.payments_committed + self.expenses_committed)

    @property
    def total_paid(self) -> Decimal:
        return pence(self.payments_paid + self.expenses_paid)

    @property
    def total(self) -> Decimal:
        return pence(self.total_committed + self.total_paid)

    @property
    def claims(self) -> int:
        return self.claims_committed + self.claims_paid

    def add(self, other: SpendFigures) -> None:
        self.payments_committed = pence(self.payments_committed + other.payments_committed)
        self.payments_paid = pence(self.payments_paid + other.payments_paid)
        self.expenses_committed = pence(self.expenses_committed + other.expenses_committed)
        self.expenses_paid = pence(self.expenses_paid + other.expenses_paid)
        self.claims_committed += other.claims_committed
        self.claims_paid += other.claims_paid


@dataclass
class SpendRow:
    """One line of a breakdown: a project, an activity type or an engagement level."""

    label: str
    figures: SpendFigures = field(default_factory=SpendFigures)


@dataclass
class Spend:
    """A period's spend three ways, and in total. Each breakdown adds up to the total."""

    period: Period
    by_project: list[SpendRow]
    by_type: list[SpendRow]
    by_level: list[SpendRow]
    total: SpendFigures

    @property
    def breakdowns(self) -> list[tuple[str, str, list[SpendRow]]]:
        """(key, heading, rows) for each breakdown, in the order the page and the CSV show them."""
        return [
            ("project", "By project", self.by_project),
            ("type", "By activity type (in person, online or hybrid)", self.by_type),
            ("level", "By engagement level", self.by_level),
        ]


def _held_in(period: Period, prefix: str = "") -> Q:
    start, end = period.bounds()
    return Q(
        **{f"{prefix}activity__starts_at__gte": start, f"{prefix}activity__starts_at__lt": end}
    )


def spend_for(period: Period) -> Spend:
    """Involvement payments and expenses for sessions held in the period, by project, activity
    type and engagement level, each committed and paid. Two queries."""
    keys = ("activity__project_id", "activity__project__title", "activity__format")
    claims = (
        Claim.objects.filter(_held_in(period), status__in=COUNTED)
        .values(*keys, "activity__level", "status")
        .annotate(payments=_money_sum("payment_amount", filter=PAYABLE), claims=Count("pk"))
        .order_by()
    )
    expenses = (
        Expense.objects.filter(_held_in(period, "claim__"), claim__status__in=COUNTED)
        .values(*(f"claim__{k}" for k in keys), "claim__activity__level", "claim__status")
        .annotate(amount=_money_sum("amount"))
        .order_by()
    )
    cells: dict[tuple, SpendFigures] = {}

    def cell(project_id, title, kind, level) -> SpendFigures:
        return cells.setdefault((project_id, title or "", kind, level), SpendFigures())

    for row in claims:
        figures = cell(
            row["activity__project_id"],
            row["activity__project__title"],
            row["activity__format"],
            row["activity__level"],
        )
        if row["status"] in PAID:
            figures.payments_paid = pence(figures.payments_paid + row["payments"])
            figures.claims_paid += row["claims"]
        else:
            figures.payments_committed = pence(figures.payments_committed + row["payments"])
            figures.claims_committed += row["claims"]
    for row in expenses:
        figures = cell(
            row["claim__activity__project_id"],
            row["claim__activity__project__title"],
            row["claim__activity__format"],
            row["claim__activity__level"],
        )
        if row["claim__status"] in PAID:
            figures.expenses_paid = pence(figures.expenses_paid + row["amount"])
        else:
            figures.expenses_committed = pence(figures.expenses_committed + row["amount"])

    projects: dict[int | None, SpendRow] = {}
    types = {kind: SpendRow(str(label)) for kind, label in ActivityFormat.choices}
    levels = {level: SpendRow(f"{level}: {label}") for level, label in EngagementLevel.choices}
    total = SpendFigures()
    for (project_id, title, kind, level), figures in cells.items():
        projects.setdefault(project_id, SpendRow(title or NO_PROJECT)).figures.add(figures)
        types.setdefault(kind, SpendRow(kind)).figures.add(figures)
        levels.setdefault(level, SpendRow(str(level))).figures.add(figures)
        total.add(figures)
    by_project = sorted(
        projects.items(), key=lambda item: (item[0] is None, item[1].label.lower(), item[0] or 0)
    )
    return Spend(
        period=period,
        by_project=[row for _, row in by_project],
        by_type=list(types.values()),
        by_level=list(levels.values()),
        total=total,
    )


@dataclass(frozen=True)
class PaidTotals:
    """What was paid for one period's sessions: for the steering report."""

    payments: Decimal
    expenses: Decimal
    claims: int
    people: int


def paid_totals(periods: list[Period]) -> dict[Period, PaidTotals]:
    """Each period's paid involvement payments and expenses, claims paid and different people
    paid, for sessions held in it. Two queries for any number of periods."""
    periods = list(dict.fromkeys(periods))
    if not periods:
        return {}
    paid = Claim.objects.filter(status__in=PAID)
    claims = paid.aggregate(
        **{
            f"payments_{i}": _money_sum("payment_amount", filter=_held_in(p) & PAYABLE)
            for i, p in enumerate(periods)
        },
        **{f"claims_{i}": Count("pk", filter=_held_in(p)) for i, p in enumerate(periods)},
        **{
            f"people_{i}": Count("cocreator", filter=_held_in(p), distinct=True)
            for i, p in enumerate(periods)
        },
    )
    expenses = Expense.objects.filter(claim__status__in=PAID).aggregate(
        **{
            f"expenses_{i}": _money_sum("amount", filter=_held_in(p, "claim__"))
            for i, p in enumerate(periods)
        }
    )
    return {
        p: PaidTotals(
            payments=pence(claims[f"payments_{i}"]),
            expenses=pence(expenses[f"expenses_{i}"]),
            claims=claims[f"claims_{i}"],
            people=claims[f"people_{i}"],
        )
        for i, p in enumerate(periods)
    }
