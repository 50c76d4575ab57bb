"""Forms for the payment choice, expenses, starting a claim and submitting one."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from cocreation.lib.dates import date_text
from impact.documents import MAX_BYTES, DocumentRefused, check_upload

from ..forms import PoundsField
from ..models import ExpenseKind, PaymentMethod

# The choices in the person's words (the model's labels are the staff's).
METHOD_CHOICES = [
    (PaymentMethod.PAYROLL, "Pay me money (through the trust's payroll)"),
    (PaymentMethod.VOUCHER, "Give me a shopping voucher instead"),
    (PaymentMethod.DONATION, "Give the money to a charity instead"),
    (PaymentMethod.DECLINED, "No payment, thank you (I can still claim expenses)"),
]
# Everything but mileage, which has a form of its own.
KIND_CHOICES = [
    (ExpenseKind.FARE, "A fare: bus, train, tram or taxi"),
    (ExpenseKind.PARKING, "Parking"),
    (ExpenseKind.CARE, "Childcare or care cover"),
    (ExpenseKind.SUBSISTENCE, "Food and drink"),
]
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)


class PaymentChoiceForm(forms.Form):
    """How the person would like to be paid, after reading the notice."""

    method = forms.ChoiceField(
        label="How would you like to be paid?",
        choices=METHOD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you would like to be paid",
            "invalid_choice": "Choose one of the options shown",
        },
    )
    charity = forms.CharField(
        label="Which charity?",
        help_text="Only if you chose to give the money to a charity.",
        max_length=200,
        required=False,
        error_messages={"max_length": "The charity's name must be 200 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("method") == PaymentMethod.DONATION and not data.get("charity", "").strip():
            self.add_error("charity", "Enter the name of the charity")
        return data


class StaffPaymentChoiceForm(PaymentChoiceForm):
    """The same, recorded by staff for the person, who must have been given the notice."""

    method = forms.ChoiceField(
        label="How would they like to be paid?",
        choices=[(value, label) for value, label in PaymentMethod.choices],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how they would like to be paid",
            "invalid_choice": "Choose one of the options shown",
        },
    )
    charity = forms.CharField(
        label="Which charity?",
        help_text="Only for a donation.",
        max_length=200,
        required=False,
        error_messages={"max_length": "The charity's name must be 200 characters or fewer"},
    )
    notice_given = forms.BooleanField(
        label="I have read this notice to the person or given it to them",
        error_messages={
            "required": "Confirm you have read the notice to the person or given it to them"
        },
    )


def _money_errors(what: str) -> dict:
    return {
        "invalid": f"Enter {what} in pounds and pence, like 4.50",
        "max_decimal_places": f"Enter {what} in pounds and pence, like 4.50",
        "max_digits": f"Enter {what} of less than £1,000,000",
        "max_whole_digits": f"Enter {what} of less than £1,000,000",
        "min_value": f"Enter {what} of at least 1p",
    }


def _number_input():
    # A text box that brings up the number keys: a number input would change a value as people
    # scroll past it, and drops what it cannot read instead of saying what is wrong.
    return forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})


def _description_field():
    return forms.CharField(
        label="What was it for?",
        help_text="For example: bus from Chatham and back.",
        max_length=200,
        required=False,
        error_messages={"max_length": "This must be 200 characters or fewer"},
    )


class MileageForm(forms.Form):
    """Mileage: the miles driven; the amount is worked out, and no receipt is needed."""

    FORM = "mileage"

    miles = forms.DecimalField(
        label="How many miles did you drive?",
        help_text="There and back. For example, 12 or 12.5.",
        max_digits=6,
        decimal_places=1,
        min_value=Decimal("0.1"),
        widget=_number_input(),
        error_messages={
            "required": "Enter how many miles you drove",
            "invalid": "Enter the miles as a number, like 12 or 12.5",
            "max_decimal_places": "Enter the miles to one decimal place at most, like 12.5",
            "max_digits": "Enter fewer than 100,000 miles",
            "max_whole_digits": "Enter fewer than 100,000 miles",
            "min_value": "Enter at least 0.1 miles",
        },
    )
    description = _description_field()

    kind = ExpenseKind.MILEAGE
    checked = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.FORM)
        super().__init__(*args, **kwargs)


class ReceiptExpenseForm(forms.Form):
    """Any other expense: what it was, how much, and a receipt checked by its content."""

    FORM = "receipt"

    kind = forms.ChoiceField(
        label="What was the expense?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the expense was",
            "invalid_choice": "Choose one of the kinds of expense shown (mileage has its own form)",
        },
    )
    amount = PoundsField(
        label="How much did it cost, in pounds?",
        help_text="For example, 4.50.",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=_number_input(),
        error_messages={"required": "Enter how much it cost", **_money_errors("the amount")},
    )
    description = _description_field()
    receipt = forms.FileField(
        label="Upload the receipt",
        help_text=(
            "A photo or scan of the receipt: a PDF or a picture (PNG, JPEG, GIF or WebP), "
            f"up to {MAX_MEGABYTES} MB."
        ),
        error_messages={
            "required": "Upload a photo or scan of the receipt",
            "empty": "The file is empty. Choose the file again and try again.",
        },
    )

    checked = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.FORM)
        super().__init__(*args, **kwargs)

    def clean_receipt(self):
        uploaded = self.cleaned_data["receipt"]
        try:
            self.checked = check_upload(uploaded)
        except DocumentRefused as refusal:
            raise ValidationError(str(refusal)) from None
        return uploaded


EXPENSE_FORMS = {form.FORM: form for form in (MileageForm, ReceiptExpenseForm)}


class StartClaimForm(forms.Form):
    """Which session to claim for, of those the person may claim for."""

    attendance = forms.ChoiceField(
        label="Which session is your claim for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the session your claim is for",
            "invalid_choice": "Choose one of the sessions shown",
        },
    )

    def __init__(self, *args, attendances=(), label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_activity = {str(a.activity_id): a for a in attendances}
        self.fields["attendance"].choices = [
            (key, f"{a.activity.title}, {date_text(a.activity.starts_at)}")
            for key, a in self.by_activity.items()
        ]
        if label:
            self.fields["attendance"].label = label
            self.fields["attendance"].error_messages["required"] = "Choose the session"

    def chosen_activity(self):
        return self.by_activity[self.cleaned_data["attendance"]].activity


class SubmitClaimForm(forms.Form):
    """No fields: carries the reason a claim could not be submitted, for the error summary."""
