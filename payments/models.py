"""Involvement payments and expenses, after NHS England's pattern for patient and public voice
partners: rates as data, a claim per person per paid session, expenses with receipts, approval
(a second approver over a limit), exports to payroll and accounts payable made once per claim,
the person's own choice to be paid, take a voucher or donation, or decline, with the benefits and
tax notice they saw; budgets per project; reference letters.

Every amount is a `Decimal` with pence (`DecimalField(decimal_places=2)`), never a float.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from activities.models import Activity, AttendanceRole, EngagementLevel, Project
from community.models import CoCreator

PENCE = Decimal("0.01")


class PaymentMethod(models.TextChoices):
    """How a person wants to be recognised for paid involvement."""

    PAYROLL = "payroll", "Paid through the trust's payroll"
    VOUCHER = "voucher", "A shopping voucher instead"
    DONATION = "donation", "A donation to a charity instead"
    DECLINED = "declined", "No payment, thank you"


class PaymentChoice(models.Model):
    """A person's choice, kept as a history: the newest row is the one that counts.

    `notice_version` is the benefits and tax notice they were shown (payments/notice.py).
    """

    cocreator = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="payment_choices"
    )
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    charity = models.CharField(
        "charity", max_length=200, blank=True, help_text="For a donation: which charity."
    )
    notice_version = models.CharField(max_length=20)
    chosen_at = models.DateTimeField(default=timezone.now)
    # Who recorded it: the person themself, or staff on their behalf (assisted).
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assisted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-chosen_at", "-pk"]
        indexes = [models.Index(fields=["cocreator", "-chosen_at"])]

    def __str__(self):
        return f"{self.get_method_display()} (#{self.cocreator_id})"


class Payee(models.Model):
    """What finance needs to pay a person through payroll, kept by staff."""

    cocreator = models.OneToOneField(CoCreator, on_delete=models.CASCADE, related_name="payee")
    payroll_reference = models.CharField(
        "payroll or supplier number",
        max_length=40,
        blank=True,
        help_text="The number finance gave this person. Never a National Insurance number here.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.payroll_reference or f"Payee #{self.cocreator_id}"


class PaymentRate(models.Model):
    """One payment band, valid between two dates. A changed rate is a new row: past claims keep
    the rate (and amount) they were made with.

    A rate applies to an activity's engagement level and a person's role in it, or to any; of
    the rates that apply on the day, the most specific wins, then the smallest band whose
    `up_to_hours` covers the hours attended (a half day up to 4 hours, a full day beyond).
    """

    name = models.CharField(max_length=100, help_text="For example: half day (up to 4 hours).")
    level = models.PositiveSmallIntegerField(
        "engagement level",
        choices=EngagementLevel.choices,
        null=True,
        blank=True,
        help_text="Leave empty for any level.",
    )
    role = models.CharField(
        "role in the session",
        max_length=20,
        choices=AttendanceRole.choices,
        blank=True,
        help_text="Leave empty for any role.",
    )
    up_to_hours = models.DecimalField(
        "for sessions up to (hours)",
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave empty for any length.",
    )
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    valid_from = models.DateField("from")
    valid_to = models.DateField("until", null=True, blank=True, help_text="Leave empty if open.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "level", "role", "up_to_hours", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_rate_amount_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="payment_rate_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(up_to_hours__isnull=True) | Q(up_to_hours__gt=0),
                name="payment_rate_band_positive",
            ),
        ]

    def __str__(self):
        return f"{self.name}: £{self.amount}"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"


class Claim(models.Model):
    """One person's claim for one session: the involvement payment (from the rate on the day)
    and their expenses. Made as a draft when attendance is recorded for a paid session, or by the
    person (or staff for them) for expenses; submitted, approved, exported once, paid."""

    cocreator = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="claims")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="claims")
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    hours = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0.00"))
    rate = models.ForeignKey(
        PaymentRate, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    payment_amount = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    # From the person's choice when the claim was submitted; blank before.
    method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    charity = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Made or submitted by staff on the person's behalf.
    assisted = models.BooleanField(default=False)
    returned_reason = models.TextField(blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Over PAYMENTS_SECOND_APPROVAL_OVER a second, different member of staff approves too.
    second_approved_at = models.DateTimeField(null=True, blank=True)
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            (
                "manage_payments",
                "Can keep payment rates and budgets, approve claims and export payments",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cocreator", "activity"], name="one_claim_per_person_per_activity"
            ),
            models.CheckConstraint(
                condition=Q(payment_amount__gte=0), name="claim_payment_not_negative"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="claim_hours_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["cocreator", "status"]),
        ]

    def __str__(self):
        return f"Claim #{self.pk}: #{self.cocreator_id} at #{self.activity_id}"


class ExpenseKind(models.TextChoices):
    MILEAGE = "mileage", "Travel by car, van or motorbike (mileage)"
    FARE = "fare", "Travel fare (bus, train, tram or taxi)"
    PARKING = "parking", "Parking"
    CARE = "care", "Childcare or care cover"
    SUBSISTENCE = "subsistence", "Food and drink"


class Expense(models.Model):
    """One expense on a claim. Mileage is miles times PAYMENTS_MILEAGE_RATE; everything else
    needs a receipt, checked by its content as impact documents are."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=20, choices=ExpenseKind.choices)
    description = models.CharField(max_length=200, blank=True)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    receipt = models.FileField(max_length=300, blank=True)
    receipt_name = models.CharField(max_length=150, blank=True)
    receipt_content_type = models.CharField(max_length=100, blank=True)
    receipt_size = models.PositiveIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(miles__isnull=True) | Q(miles__gt=0), name="expense_miles_positive"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: £{self.amount}"


class ExportKind(models.TextChoices):
    PAYROLL = "payroll", "Payroll: involvement payments"
    EXPENSES = "expenses", "Accounts payable: expenses"


class PaymentExport(models.Model):
    """One run of an export to finance. Its lines are the claims it holds; a claim is on at most
    one export of each kind, ever (the database refuses a second)."""

    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    claims_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))
    # Finance confirmed the run was paid.
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} export #{self.pk}"


class PaymentExportLine(models.Model):
    export = models.ForeignKey(PaymentExport, on_delete=models.PROTECT, related_name="lines")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="export_lines")
    # The export's kind, copied so the database can hold a claim to one line of each kind.
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["export", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="claim_exported_once_per_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="export_line_amount_positive"),
        ]

    def __str__(self):
        return f"£{self.amount} for claim #{self.claim_id}"


class ProjectBudget(models.Model):
    """What a project may spend on involvement payments and expenses."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="payment_budget")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative")
        ]

    def __str__(self):
        return f"£{self.amount} for {self.project}"


class ReferenceLetter(models.Model):
    """A reference letter staff drafted from a person's record and edited; kept so nothing
    written is lost, and made into a PDF on request."""

    cocreator = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="reference_letters"
    )
    addressed_to = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return f"Reference letter for #{self.cocreator_id}"
