"""Reads for the staff approval pages: claims by status, one claim's review, what is ready to
export, an export's lines and CSV, budgets, and the dashboard's counts. Each page's queries stay
the same however many rows there are."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from activities.models import Project

from ..choices import current_choice, current_method
from ..models import (
    Claim,
    ClaimStatus,
    Expense,
    ExportKind,
    Payee,
    PaymentExport,
    PaymentExportLine,
    PaymentMethod,
    ProjectBudget,
)
from ..money import claim_totals, money_text, pence
from .parts import Parts, can_mark_paid, claim_parts

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=12, decimal_places=2)
PER_PAGE = 25


# --- The claims list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str
    status: str


TABS = (
    Tab("waiting", "Waiting for approval", ClaimStatus.SUBMITTED),
    Tab("returned", "Returned for changes", ClaimStatus.RETURNED),
    Tab("approved", "Approved, not yet paid", ClaimStatus.APPROVED),
    Tab("paid", "Paid", ClaimStatus.PAID),
)
TAB_BY_SLUG = {tab.slug: tab for tab in TABS}
# Oldest first while something is still to do; newest first once it is done.
TAB_ORDER = {
    "waiting": ("submitted_at", "pk"),
    "returned": ("-returned_at", "-pk"),
    "approved": ("approved_at", "pk"),
    "paid": ("-paid_at", "-pk"),
}


def waiting_second(claims: QuerySet | None = None) -> QuerySet:
    """Submitted claims with one approval, waiting for a second approver."""
    claims = Claim.objects.all() if claims is None else claims
    return claims.filter(status=ClaimStatus.SUBMITTED, approved_at__isnull=False)


def claim_counts() -> dict[str, int]:
    """How many claims are in each tab, and how many wait for a second approver: one query."""
    counts = Claim.objects.aggregate(
        **{tab.slug: Count("pk", filter=Q(status=tab.status)) for tab in TABS},
        second=Count("pk", filter=Q(status=ClaimStatus.SUBMITTED, approved_at__isnull=False)),
    )
    return {key: value or 0 for key, value in counts.items()}


def claims_in_tab(slug: str) -> QuerySet:
    """The claims in one tab, with what each row shows (its expenses for the totals)."""
    tab = TAB_BY_SLUG[slug]
    return (
        Claim.objects.filter(status=tab.status)
        .select_related("cocreator", "activity__project", "approved_by")
        .prefetch_related("expenses")
        .order_by(*TAB_ORDER[slug])
    )


def claim_rows(claims) -> list[dict]:
    """A page of claims as the list shows them, each with its totals."""
    return [{"claim": claim, "totals": claim_totals(claim)} for claim in claims]


def claim_reference(claim_id: int) -> str:
    """The claim's number as finance and the person see it."""
    return f"CLAIM-{claim_id:06d}"


# --- One claim ----------------------------------------------------------------------------------


def second_approval_needed(total: Decimal) -> bool:
    """Over PAYMENTS_SECOND_APPROVAL_OVER, a second, different member of staff approves too."""
    return total > Decimal(settings.PAYMENTS_SECOND_APPROVAL_OVER)


def approval_refusal(claim: Claim, user) -> str:
    """Why this member of staff may not approve this claim now, in plain English ("" if they
    may). Nobody approves their own claim, nor one they sent for the person (someone else
    checks what staff claimed on a person's behalf), and the second approver is someone else."""
    if claim.status != ClaimStatus.SUBMITTED:
        return (
            f"This claim is not waiting for approval: it is {claim.get_status_display().lower()}."
        )
    if claim.cocreator.user_id is not None and claim.cocreator.user_id == user.pk:
        return (
            "This is your own claim. You cannot approve your own claim: someone else in the "
            "team must."
        )
    if claim.assisted and claim.submitted_by_id == user.pk:
        return (
            "You sent this claim for them. You cannot approve a claim you sent for someone: "
            "someone else in the team must."
        )
    if claim.approved_at is not None and claim.approved_by_id == user.pk:
        return (
            "You gave this claim its first approval. A different member of staff must give "
            "the second."
        )
    return ""


def claim_history(claim: Claim, lines: list[PaymentExportLine]) -> list[dict]:
    """What happened to a claim, oldest first: made, sent, returned, approved, exported, paid."""
    events = [{"at": claim.created_at, "what": "Claim made", "by": None}]
    if claim.submitted_at:
        what = "Sent for approval by staff for them" if claim.assisted else "Sent for approval"
        events.append({"at": claim.submitted_at, "what": what, "by": claim.submitted_by})
    if claim.returned_at:
        events.append(
            {
                "at": claim.returned_at,
                "what": "Returned for changes",
                "by": claim.returned_by,
                "note": claim.returned_reason,
            }
        )
    if claim.approved_at:
        events.append({"at": claim.approved_at, "what": "Approved", "by": claim.approved_by})
    if claim.second_approved_at:
        events.append(
            {
                "at": claim.second_approved_at,
                "what": "Second approval",
                "by": claim.second_approved_by,
            }
        )
    for line in lines:
        export = line.export
        events.append(
            {
                "at": export.created_at,
                "what": f"{money_text(line.amount)} put on {export.get_kind_display().lower()} export "
                f"number {export.pk}",
                "by": export.created_by,
                "export": export,
            }
        )
        if export.paid_at:
            events.append(
                {
                    "at": export.paid_at,
                    "what": f"Export number {export.pk} marked paid by finance",
                    "by": export.paid_by,
                    "export": export,
                }
            )
    if claim.paid_at:
        events.append({"at": claim.paid_at, "what": "Marked as paid", "by": claim.paid_by})
    return sorted(events, key=lambda e: e["at"])


def claim_review(claim: Claim, user) -> dict:
    """Everything the review page shows about one claim, for this member of staff."""
    # Read once, for the totals, the history and the claim's parts.
    prefetch_related_objects(
        [claim],
        Prefetch("expenses", queryset=Expense.objects.select_related("added_by")),
        Prefetch(
            "export_lines",
            queryset=PaymentExportLine.objects.select_related(
                "export__created_by", "export__paid_by"
            ),
        ),
    )
    expenses, lines = list(claim.expenses.all()), list(claim.export_lines.all())
    totals = claim_totals(claim)
    choice = current_choice(claim.cocreator_id)
    current_method = choice.method if choice else None
    parts = claim_parts(claim, current_method=current_method, expenses=totals["expenses"])
    payee = Payee.objects.filter(cocreator_id=claim.cocreator_id).first()
    waiting = claim.status == ClaimStatus.SUBMITTED
    return {
        "claim": claim,
        "reference": claim_reference(claim.pk),
        "expenses": expenses,
        "totals": totals,
        "history": claim_history(claim, lines),
        "parts": parts,
        "choice": choice,
        "choice_changed": choice is not None and claim.method and choice.method != claim.method,
        "payroll_reference": payee.payroll_reference if payee else "",
        "needs_second": second_approval_needed(totals["total"]),
        "limit": pence(settings.PAYMENTS_SECOND_APPROVAL_OVER),
        "waiting": waiting,
        "waiting_second": waiting and claim.approved_at is not None,
        "approval_refusal": approval_refusal(claim, user) if waiting else "",
        "can_return": waiting or (claim.status == ClaimStatus.APPROVED and not lines),
        "can_mark_paid": can_mark_paid(claim, parts),
    }


def claim_parts_now(claim: Claim) -> Parts:
    """Where each part of a claim is, read fresh (for the services, after locking it)."""
    choice = current_choice(claim.cocreator_id)
    expenses = sum((e.amount for e in claim.expenses.all()), ZERO)
    return claim_parts(claim, current_method=choice.method if choice else None, expenses=expenses)


# --- Ready to export ---------------------------------------------------------------------------


def _exported(kind: str):
    return Exists(PaymentExportLine.objects.filter(claim=OuterRef("pk"), kind=kind))


def _has_reference():
    return Exists(
        Payee.objects.filter(cocreator=OuterRef("cocreator")).exclude(payroll_reference="")
    )


def payroll_candidates() -> QuerySet:
    """Approved payroll claims with a payment, not on a payroll export yet, whose person still
    chooses payroll (a later voucher, donation or "no, thank you" keeps them off it)."""
    return (
        Claim.objects.filter(
            status=ClaimStatus.APPROVED, method=PaymentMethod.PAYROLL, payment_amount__gt=0
        )
        .annotate(current_method=current_method())
        .filter(current_method=PaymentMethod.PAYROLL)
        .exclude(_exported(ExportKind.PAYROLL))
    )


def payroll_ready() -> QuerySet:
    """Payroll candidates whose person has a payroll number: these go on the next export."""
    return payroll_candidates().filter(_has_reference())


def payroll_needing_reference() -> QuerySet:
    """Payroll candidates held back until staff add the person's payroll number."""
    return payroll_candidates().exclude(_has_reference())


def expenses_ready() -> QuerySet:
    """Approved claims with expenses not on an accounts-payable export yet, whatever the method."""
    return (
        Claim.objects.filter(status=ClaimStatus.APPROVED)
        .filter(Exists(Expense.objects.filter(claim=OuterRef("pk"))))
        .exclude(_exported(ExportKind.EXPENSES))
    )


def ready_for(kind: str) -> QuerySet:
    return payroll_ready() if kind == ExportKind.PAYROLL else expenses_ready()


def _expenses_sum():
    return Coalesce(
        Subquery(
            Expense.objects.filter(claim=OuterRef("pk"))
            .order_by()
            .values("claim")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )


def ready_summary(kind: str) -> dict:
    """How many claims are ready for the next export of this kind and their total: one query."""
    claims = ready_for(kind)
    if kind == ExportKind.PAYROLL:
        found = claims.aggregate(count=Count("pk"), total=Sum("payment_amount"))
    else:
        found = (
            claims.annotate(expenses_total=_expenses_sum())
            .order_by()
            .aggregate(count=Count("pk"), total=Sum("expenses_total"))
        )
    return {"count": found["count"] or 0, "total": pence(found["total"] or ZERO)}


NEEDS_REFERENCE_SHOWN = 20


def needing_reference() -> dict:
    """People whose approved payroll claims wait for a payroll number (the first few listed)."""
    claims = payroll_needing_reference().select_related("cocreator", "activity")
    rows = list(claims.order_by("approved_at", "pk")[:NEEDS_REFERENCE_SHOWN])
    count = len(rows)
    if count == NEEDS_REFERENCE_SHOWN:
        count = payroll_needing_reference().count()
    return {"claims": rows, "count": count, "cut": count > len(rows)}


def exports_page() -> dict:
    """The exports page: each kind's claims ready, and the payroll claims held back."""
    return {
        "kinds": [
            {
                "kind": ExportKind.PAYROLL,
                "label": "Payroll export",
                "what": "involvement payments through the trust's payroll",
                "button": "Make the payroll export",
                **ready_summary(ExportKind.PAYROLL),
            },
            {
                "kind": ExportKind.EXPENSES,
                "label": "Expenses export",
                "what": "expenses, paid through accounts payable",
                "button": "Make the expenses export",
                **ready_summary(ExportKind.EXPENSES),
            },
        ],
        "needs_reference": needing_reference(),
    }


def export_runs() -> QuerySet:
    """Every export run, newest first."""
    return PaymentExport.objects.select_related("created_by", "paid_by").order_by(
        "-created_at", "-pk"
    )


def export_lines(export: PaymentExport) -> QuerySet:
    """One run's lines, in order, with what each line and its CSV row show."""
    return (
        export.lines.select_related(
            "claim__cocreator__payee",
            "claim__activity__project",
            "claim__approved_by",
            "claim__second_approved_by",
        )
        .annotate(claim_status=F("claim__status"))
        .order_by("pk")
    )


# --- Budgets ------------------------------------------------------------------------------------

COMMITTED = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)


def budget_projects() -> QuerySet:
    """Every project with a budget or any claim, by title."""
    has_claim = Exists(Claim.objects.filter(activity__project=OuterRef("pk")))
    return (
        Project.objects.filter(Q(payment_budget__isnull=False) | has_claim)
        .select_related("payment_budget")
        .order_by("title", "pk")
    )


def _sums_by_project(project_ids) -> dict[int | None, dict[str, Decimal]]:
    """Committed and paid money (payments and expenses) for each project: two queries."""
    found: dict[int | None, dict[str, Decimal]] = {}

    def add(rows, project_key):
        for row in rows:
            sums = found.setdefault(row[project_key], {"committed": ZERO, "paid": ZERO})
            sums["committed"] += pence(row["committed"] or ZERO)
            sums["paid"] += pence(row["paid"] or ZERO)

    claims = Claim.objects.filter(activity__project_id__in=project_ids)
    add(
        claims.order_by()
        .values("activity__project_id")
        .annotate(
            committed=Sum("payment_amount", filter=Q(status__in=COMMITTED)),
            paid=Sum("payment_amount", filter=Q(status=ClaimStatus.PAID)),
        ),
        "activity__project_id",
    )
    expenses = Expense.objects.filter(claim__activity__project_id__in=project_ids)
    add(
        expenses.order_by()
        .values("claim__activity__project_id")
        .annotate(
            committed=Sum("amount", filter=Q(claim__status__in=COMMITTED)),
            paid=Sum("amount", filter=Q(claim__status=ClaimStatus.PAID)),
        ),
        "claim__activity__project_id",
    )
    return found


def budget_rows(projects) -> list[dict]:
    """A page of projects with their budget, committed, paid and what is left."""
    projects = list(projects)
    sums = _sums_by_project([p.pk for p in projects])
    rows = []
    for project in projects:
        budget = getattr(project, "payment_budget", None)
        committed = sums.get(project.pk, {}).get("committed", ZERO)
        paid = sums.get(project.pk, {}).get("paid", ZERO)
        amount = budget.amount if budget is not None else None
        left = pence(amount - committed - paid) if amount is not None else None
        rows.append(
            {
                "project": project,
                "budget": amount,
                "committed": committed,
                "paid": paid,
                "left": left,
                "over": left is not None and left < 0,
                "over_by": -left if left is not None and left < 0 else None,
            }
        )
    return rows


def project_budget(project: Project) -> ProjectBudget | None:
    return ProjectBudget.objects.filter(project=project).first()


# --- The staff dashboard ------------------------------------------------------------------------


def dashboard_panel(user) -> dict:
    """Counts for the dashboard's payments panel (no names): one query."""
    counts = Claim.objects.aggregate(
        waiting=Count("pk", filter=Q(status=ClaimStatus.SUBMITTED, approved_at__isnull=True)),
        second=Count("pk", filter=Q(status=ClaimStatus.SUBMITTED, approved_at__isnull=False)),
        ready=Count(
            "pk",
            filter=Q(status=ClaimStatus.APPROVED)
            & (Q(pk__in=payroll_ready().values("pk")) | Q(pk__in=expenses_ready().values("pk"))),
        ),
    )
    return {key: value or 0 for key, value in counts.items()}
