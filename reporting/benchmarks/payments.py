"""Payments' URLs in the benchmark: entries (with functions finding real ids) and reasons to skip.

Kept apart from `registry.py` and `lookups.py` so each payments feature package has a section of
its own; `registry.ENTRIES` and `registry.SKIP` take these in.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count
from django.utils import timezone

from activities.models import Activity, Attendance, Project
from community.models import CoCreator, CoCreatorStatus
from payments.claims.services import EDITABLE, receipt_storage_name
from payments.models import (
    Claim,
    ClaimStatus,
    Expense,
    ExpenseKind,
    ExportKind,
    PaymentExport,
    PaymentExportLine,
    PaymentMethod,
    PaymentRate,
    ReferenceLetter,
)
from payments.permissions import MANAGE_PAYMENTS, manage_payments_permission
from payments.statements.selectors import statement_years
from payments.statements.tax_years import tax_year_of

from .lookups import Kwargs, Lookups  # noqa: F401 (each section's finders take and give these)
from .registry import COCREATOR, POST_ONLY, STAFF_ONLY, Bench  # noqa: F401 (registry reads this file last)

# --- rates ---


def _payments_permission(user) -> None:
    """Rates are kept only with the payments permission, which the demo gives its staff member
    but another benchmark user may not hold (without it the pages answer 403); the grant is
    undone with the rest of the run."""
    if user is not None and not user.has_perm(MANAGE_PAYMENTS):
        user.user_permissions.add(manage_payments_permission())


def rates_manager(lookups: Lookups, user) -> Kwargs:
    """No ids: the rates list and the add form, opened with the payments permission."""
    _payments_permission(user)
    return {}


def busiest_rate(lookups: Lookups, user) -> Kwargs:
    """The rate the most claims used (its page asks only for an end date); one is added for the
    run when there is none."""
    _payments_permission(user)

    def find():
        rate = PaymentRate.objects.annotate(n=Count("claims")).order_by("-n", "pk").first()
        if rate is None:
            rate = PaymentRate.objects.create(
                name="Half day (up to 4 hours)",
                up_to_hours=Decimal("4"),
                amount=Decimal("40.00"),
                valid_from=timezone.localdate(),
            )
        return rate.pk

    return {"pk": lookups.once("payments-rate", find)}


RATES_ENTRIES: tuple = (
    Bench("payments:rate-list", rates_manager, STAFF_ONLY),
    Bench("payments:rate-add", rates_manager, STAFF_ONLY),
    Bench("payments:rate-edit", busiest_rate, STAFF_ONLY),
)
RATES_SKIP: dict[str, str] = {}

# --- claims ---

_RECEIPT = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a receipt made for the run


def _claims_person(lookups: Lookups) -> int | None:
    """The current person with the most claims (with the most attendance when nobody has one)."""

    def find():
        current = Claim.objects.exclude(cocreator__status=CoCreatorStatus.LEFT)
        row = (
            current.values("cocreator").annotate(n=Count("pk")).order_by("-n", "cocreator").first()
        )
        if row:
            return row["cocreator"]
        row = (
            Attendance.objects.exclude(cocreator__status=CoCreatorStatus.LEFT)
            .values("cocreator")
            .annotate(n=Count("pk"))
            .order_by("-n", "cocreator")
            .first()
        )
        return row["cocreator"] if row else None

    return lookups.once("claims-person", find)


def _claim_made_for(person_id: int) -> Claim | None:
    """A draft claim for the person on a past session they have none for (the run is rolled
    back, so nothing stays)."""
    activity = (
        Activity.objects.filter(starts_at__lt=timezone.now())
        .exclude(claims__cocreator_id=person_id)
        .order_by("-starts_at")
        .first()
    )
    if activity is None:
        return None
    return Claim.objects.create(
        cocreator_id=person_id, activity=activity, payment_amount=Decimal("40.00")
    )


def _receipt_on(lookups: Lookups, claim: Claim) -> Expense:
    """An expense of the claim with a receipt (one is stored for the run when it has none)."""
    expense = claim.expenses.exclude(receipt="").order_by("pk").first()
    if expense is None:
        name = default_storage.save(receipt_storage_name("png"), ContentFile(_RECEIPT))
        lookups.file_made(name)
        expense = Expense.objects.create(
            claim=claim,
            kind=ExpenseKind.PARKING,
            amount=Decimal("3.50"),
            receipt=name,
            receipt_name="benchmark-receipt.png",
            receipt_content_type="image/png",
            receipt_size=len(_RECEIPT),
        )
    return expense


def claims_person(lookups: Lookups, user) -> Kwargs:
    """The current person with the most claims: the fullest staff payments page."""
    found = _claims_person(lookups)
    return None if found is None else {"cocreator_pk": found}


def claim_to_edit(lookups: Lookups, user) -> Kwargs:
    """The open claim (draft or returned) with the most expenses (one is made if none is open)."""

    def find():
        claim = (
            Claim.objects.filter(status__in=EDITABLE)
            .exclude(cocreator__status=CoCreatorStatus.LEFT)
            .annotate(n=Count("expenses"))
            .order_by("-n", "pk")
            .first()
        )
        if claim is None and (person := _claims_person(lookups)) is not None:
            claim = _claim_made_for(person)
        return claim.pk if claim else None

    found = lookups.once("claims-open", find)
    return None if found is None else {"pk": found}


def claim_receipt(lookups: Lookups, user) -> Kwargs:
    """A receipt on the open claim timed above."""
    found = claim_to_edit(lookups, user)
    if found is None:
        return None
    expense = lookups.once(
        "claims-receipt", lambda: _receipt_on(lookups, Claim.objects.get(pk=found["pk"])).pk
    )
    return {"pk": found["pk"], "expense_pk": expense}


def _own_claim(user) -> Claim | None:
    person = None if user is None else CoCreator.objects.filter(user=user).first()
    if person is None:
        return None
    claim = (
        Claim.objects.filter(cocreator=person)
        .annotate(n=Count("expenses"))
        .order_by("-n", "-pk")
        .first()
    )
    return claim or _claim_made_for(person.pk)


def own_claim(lookups: Lookups, user) -> Kwargs:
    """The signed-in co-creator's claim with the most expenses (one is made if they have none)."""
    claim = _own_claim(user)
    return None if claim is None else {"pk": claim.pk}


def own_receipt(lookups: Lookups, user) -> Kwargs:
    """A receipt on the signed-in co-creator's claim (one is stored for the run if none)."""
    claim = _own_claim(user)
    if claim is None:
        return None
    return {"pk": claim.pk, "expense_pk": _receipt_on(lookups, claim).pk}


CLAIMS_ENTRIES: tuple = (
    Bench("payments:my-claim", own_claim, (COCREATOR,)),
    Bench("payments:my-receipt", own_receipt, (COCREATOR,)),
    Bench("payments:person-payments", claims_person, STAFF_ONLY),
    Bench("payments:person-choice", claims_person, STAFF_ONLY),
    Bench("payments:person-claim-start", claims_person, STAFF_ONLY),
    Bench("payments:claim-edit", claim_to_edit, STAFF_ONLY),
    Bench("payments:claim-receipt", claim_receipt, STAFF_ONLY),
)
CLAIMS_SKIP: dict[str, str] = {
    "payments:my-expense-remove": POST_ONLY,
    "payments:my-claim-submit": POST_ONLY,
    "payments:claim-expense-remove": POST_ONLY,
    "payments:claim-submit": POST_ONLY,
}

# --- approval ---


def claim_to_review(lookups: Lookups, user) -> Kwargs:
    """The claim waiting for approval with the most expenses (the fullest review page); any
    claim when none waits; one is made for the run when there is none at all."""

    def find():
        claims = Claim.objects.annotate(n=Count("expenses"))
        claim = (
            claims.filter(status=ClaimStatus.SUBMITTED).order_by("-n", "pk").first()
            or claims.order_by("-n", "pk").first()
        )
        if claim is None and (person := _claims_person(lookups)) is not None:
            claim = _claim_made_for(person)
        return claim.pk if claim else None

    found = lookups.once("approval-claim", find)
    return None if found is None else {"pk": found}


def export_run(lookups: Lookups, user) -> Kwargs:
    """The export run with the most lines (its page and its CSV); when there is none, an approved
    claim is put on one made now (the run is rolled back)."""

    def find():
        export = PaymentExport.objects.annotate(n=Count("lines")).order_by("-n", "-pk").first()
        if export is not None:
            return export.pk
        person = _claims_person(lookups)
        claim = _claim_made_for(person) if person is not None else None
        if claim is None:
            return None
        Claim.objects.filter(pk=claim.pk).update(
            status=ClaimStatus.APPROVED, method=PaymentMethod.PAYROLL
        )
        export = PaymentExport.objects.create(
            kind=ExportKind.PAYROLL, claims_count=1, total=claim.payment_amount
        )
        PaymentExportLine.objects.create(
            export=export, claim=claim, kind=ExportKind.PAYROLL, amount=claim.payment_amount
        )
        return export.pk

    found = lookups.once("approval-export", find)
    return None if found is None else {"pk": found}


def payroll_number_person(lookups: Lookups, user) -> Kwargs:
    """The person with the most claims, whose payroll number is kept with the payments
    permission (granted for the run, as for the rates)."""
    _payments_permission(user)
    found = _claims_person(lookups)
    return None if found is None else {"cocreator_pk": found}


def budget_project(lookups: Lookups, user) -> Kwargs:
    """The project with the most claims (any project when none has one), its budget set with the
    payments permission."""
    _payments_permission(user)

    def find():
        projects = Project.objects.annotate(n=Count("activities__claims"))
        return projects.order_by("-n", "pk").values_list("pk", flat=True).first()

    found = lookups.once("approval-project", find)
    return None if found is None else {"project_pk": found}


APPROVAL_ENTRIES: tuple = (
    Bench("payments:claim-review", claim_to_review, STAFF_ONLY),
    Bench("payments:export-detail", export_run, STAFF_ONLY),
    Bench("payments:export-csv", export_run, STAFF_ONLY),
    Bench("payments:payroll-reference", payroll_number_person, STAFF_ONLY),
    Bench("payments:budget-edit", budget_project, STAFF_ONLY),
)
APPROVAL_SKIP: dict[str, str] = {
    "payments:claim-approve": POST_ONLY,
    "payments:claim-return": POST_ONLY,
    "payments:claim-paid": POST_ONLY,
    "payments:export-make": POST_ONLY,
    "payments:export-paid": POST_ONLY,
}

# --- statements and recognition ---


def _busiest_current_person(lookups: Lookups):
    """The person still in the community with the most attendance: the fullest certificate."""

    def find():
        row = (
            Attendance.objects.exclude(cocreator__status=CoCreatorStatus.LEFT)
            .values("cocreator")
            .annotate(n=Count("pk"))
            .order_by("-n", "cocreator")
            .first()
        )
        if row:
            return row["cocreator"]
        person = CoCreator.objects.exclude(status=CoCreatorStatus.LEFT).order_by("pk").first()
        return person.pk if person else None

    found = lookups.once("payments-busiest-person", find)
    return CoCreator.objects.filter(pk=found).first() if found else None


def _statement_year(person) -> int | None:
    """The newest tax year on the person's statements; when they have none, a claim of theirs
    is put on an export made now (the run is rolled back), so there is one to time."""
    years = statement_years(person)
    if years:
        return years[0].tax_year.start_year
    activity = (
        Activity.objects.filter(starts_at__lt=timezone.now())
        .exclude(claims__cocreator=person)
        .order_by("-starts_at")
        .first()
    )
    if activity is None:
        return None
    amount = Decimal("40.00")
    claim = Claim.objects.create(
        cocreator=person,
        activity=activity,
        status=ClaimStatus.APPROVED,
        payment_amount=amount,
        method=PaymentMethod.PAYROLL,
    )
    export = PaymentExport.objects.create(
        kind=ExportKind.PAYROLL, claims_count=1, total=amount, created_at=timezone.now()
    )
    PaymentExportLine.objects.create(
        export=export, claim=claim, kind=ExportKind.PAYROLL, amount=amount
    )
    return tax_year_of(export.created_at).start_year


def own_statement_year(lookups: Lookups, user) -> Kwargs:
    """The signed-in co-creator's newest statement year (one is made if they have none)."""
    person = None if user is None else CoCreator.objects.filter(user=user).first()
    year = _statement_year(person) if person is not None else None
    return None if year is None else {"year": year}


def person_statement_year(lookups: Lookups, user) -> Kwargs:
    """The person with the most lines on exports, and their newest statement year."""

    def find():
        row = (
            PaymentExportLine.objects.values("claim__cocreator")
            .annotate(n=Count("pk"))
            .order_by("-n", "claim__cocreator")
            .first()
        )
        if row:
            return row["claim__cocreator"]
        person = _busiest_current_person(lookups)
        return person.pk if person else None

    found = lookups.once("payments-busiest-payee", find)
    person = CoCreator.objects.filter(pk=found).first() if found else None
    year = _statement_year(person) if person is not None else None
    return None if year is None else {"cocreator_pk": person.pk, "year": year}


def person_to_recognise(lookups: Lookups, user) -> Kwargs:
    """The current person with the most attendance (the longest certificate and draft)."""
    person = _busiest_current_person(lookups)
    return None if person is None else {"cocreator_pk": person.pk}


def reference_letter(lookups: Lookups, user) -> Kwargs:
    """A reference letter (one is written for the busiest person when there is none)."""

    def find():
        letter = ReferenceLetter.objects.order_by("-pk").first()
        if letter is None:
            person = _busiest_current_person(lookups)
            if person is None:
                return None
            letter = ReferenceLetter.objects.create(
                cocreator=person, addressed_to="Benchmark College", body="A reference."
            )
        return letter.pk

    return {"pk": found} if (found := lookups.once("payments-letter", find)) else None


STATEMENTS_ENTRIES: tuple = (
    Bench("payments:portal-statement-pdf", own_statement_year, (COCREATOR,)),
    Bench("payments:portal-statement-csv", own_statement_year, (COCREATOR,)),
    Bench("payments:person-statement-pdf", person_statement_year, STAFF_ONLY),
    Bench("payments:person-statement-csv", person_statement_year, STAFF_ONLY),
    Bench("payments:person-certificate", person_to_recognise, STAFF_ONLY),
    Bench("payments:reference-letter-add", person_to_recognise, STAFF_ONLY),
    Bench("payments:reference-letter-edit", reference_letter, STAFF_ONLY),
    Bench("payments:reference-letter-pdf", reference_letter, STAFF_ONLY),
)
STATEMENTS_SKIP: dict[str, str] = {}

# --- spend ---
from .lookups import last_period  # noqa: E402 (this section's own import)


def spend_period(kind: str):
    """The last whole quarter or financial year (the page itself, without parameters, is timed
    for staff with no entry)."""

    def kwargs(lookups: Lookups, user) -> Kwargs:
        return {"slug": last_period(kind).slug}

    kwargs.__name__ = f"spend_last_{kind}"
    return kwargs


SPEND_ENTRIES: tuple = (
    Bench("payments:spend-csv", spend_period("quarter"), STAFF_ONLY, label="quarter"),
    Bench("payments:spend-csv", spend_period("year"), STAFF_ONLY, label="year"),
)
SPEND_SKIP: dict[str, str] = {}


def entries() -> tuple:
    return (*RATES_ENTRIES, *CLAIMS_ENTRIES, *APPROVAL_ENTRIES, *STATEMENTS_ENTRIES, *SPEND_ENTRIES)


def skips() -> dict[str, str]:
    return {**RATES_SKIP, **CLAIMS_SKIP, **APPROVAL_SKIP, **STATEMENTS_SKIP, **SPEND_SKIP}
