"""Reads for the claims pages: a person's claims grouped by what happens next, one claim with its
totals, the portal home's section and the staff record's. Each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from community.models import CoCreator

from ..choices import current_choice
from ..models import Claim, ClaimStatus, Expense, Payee, PaymentMethod
from ..money import claim_totals, pence
from ..notice import notice_is_current
from .services import EDITABLE

# The groups of the person's page, in order: (key, heading, statuses).
GROUPS = (
    ("to-finish", "Claims to finish", (ClaimStatus.DRAFT, ClaimStatus.RETURNED)),
    ("waiting", "Waiting for approval", (ClaimStatus.SUBMITTED,)),
    ("approved", "Approved, not yet paid", (ClaimStatus.APPROVED,)),
    ("paid", "Paid", (ClaimStatus.PAID,)),
)


@dataclass
class ClaimRow:
    claim: Claim
    payment: Decimal
    expenses: Decimal
    total: Decimal
    review_url: str | None = None

    @property
    def editable(self) -> bool:
        return self.claim.status in EDITABLE


def _rows(claims) -> list[ClaimRow]:
    return [ClaimRow(claim=c, **claim_totals(c)) for c in claims]


def person_claims(cocreator: CoCreator):
    """The person's claims with their session and expenses (two queries when read)."""
    return (
        Claim.objects.filter(cocreator=cocreator)
        .select_related("activity")
        .prefetch_related(Prefetch("expenses", queryset=Expense.objects.order_by("added_at", "pk")))
        .order_by("-activity__starts_at", "-pk")
    )


def claims_grouped(cocreator: CoCreator) -> list[dict]:
    """The person's claims in the page's groups (to finish, waiting, approved, paid), each with
    its rows and their totals; empty groups included, so the page can say so."""
    rows = _rows(person_claims(cocreator))
    return [
        {
            "key": key,
            "heading": heading,
            "rows": [row for row in rows if row.claim.status in statuses],
        }
        for key, heading, statuses in GROUPS
    ]


def choice_summary(cocreator: CoCreator) -> dict:
    """The person's current choice (or None), in words, and whether the notice has changed
    since they made it."""
    choice = current_choice(cocreator)
    return {
        "choice": choice,
        "declined": choice is not None and choice.method == PaymentMethod.DECLINED,
        "notice_changed": choice is not None and not notice_is_current(choice),
    }


def claim_detail(claim: Claim) -> dict:
    """One claim's expenses and totals, for its page."""
    expenses = list(claim.expenses.select_related("added_by").order_by("added_at", "pk"))
    spent = pence(sum((e.amount for e in expenses), Decimal("0.00")))
    payment = pence(claim.payment_amount)
    return {
        "claim": claim,
        "expenses": expenses,
        "payment": payment,
        "expenses_total": spent,
        "total": payment + spent,
        "editable": claim.status in EDITABLE,
        "mileage_rate_pence": f"{(Decimal(settings.PAYMENTS_MILEAGE_RATE) * 100).normalize():f}",
    }


def review_url(claim: Claim) -> str:
    """The staff review page of a claim (the approval package's)."""
    return reverse("payments:claim-review", args=[claim.pk])


def payroll_reference_url(cocreator: CoCreator) -> str:
    """Where staff with the payments permission change the person's payroll number (the
    approval package's page)."""
    return reverse("payments:payroll-reference", args=[cocreator.pk])


def staff_person_payments(cocreator: CoCreator) -> dict:
    """The staff page of a person's payments: their choice, payroll number and claims."""
    rows = _rows(person_claims(cocreator))
    for row in rows:
        row.review_url = review_url(row.claim)
    return {
        **choice_summary(cocreator),
        "payee": Payee.objects.filter(cocreator=cocreator).first(),
        "payroll_reference_url": payroll_reference_url(cocreator),
        "rows": rows,
    }


def portal_payments_section(cocreator: CoCreator) -> dict:
    """The portal home's "Payments and expenses" section: the choice and claims to finish."""
    counts = Claim.objects.filter(cocreator=cocreator).aggregate(
        to_finish=Count("pk", filter=Q(status__in=EDITABLE)),
        returned=Count("pk", filter=Q(status=ClaimStatus.RETURNED)),
    )
    return {**choice_summary(cocreator), **counts}


def record_payments_section(cocreator: CoCreator) -> dict:
    """The staff record's "Payments and expenses" section: the choice and claims by status."""
    by_status = dict(
        Claim.objects.filter(cocreator=cocreator)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "cocreator": cocreator,
        **choice_summary(cocreator),
        "counts": [
            (label, by_status[value]) for value, label in ClaimStatus.choices if value in by_status
        ],
    }
