"""Forms for the staff approval pages: a reason to return a claim, a payroll number, a budget."""

import re
from decimal import Decimal

from django import forms

from activities.models import Project
from cocreation.lib.pickers import PickerFormMixin, PickOneField

from ..forms import PoundsField
from ..models import ExportKind

# A National Insurance number: two letters, six digits, a letter (spaces allowed).
NI_NUMBER = re.compile(r"[A-Z]{2}\s*\d{2}\s*\d{2}\s*\d{2}\s*[A-D]", re.IGNORECASE)


class ReturnForm(forms.Form):
    """Why a claim goes back to the person: they read it, so it must say what to change."""

    reason = forms.CharField(
        label="Why are you returning this claim?",
        help_text=(
            "The person reads this, so say what to change in plain words. For example: "
            "“Please add the receipt for the parking.”"
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the reason for returning the claim",
            "max_length": "The reason must be 1000 characters or fewer",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for returning the claim")
        return reason


class ExportForm(forms.Form):
    """Which export to make (the button pressed)."""

    kind = forms.ChoiceField(
        choices=ExportKind.choices, error_messages={"required": "Choose which export to make"}
    )


class PayrollReferenceForm(forms.Form):
    """The payroll or supplier number finance gave a person."""

    payroll_reference = forms.CharField(
        label="Payroll or supplier number",
        help_text=(
            "The number finance gave this person, exactly as finance wrote it. Never a National "
            "Insurance number. Leave it empty to remove it."
        ),
        max_length=40,
        required=False,
        error_messages={
            "max_length": "The payroll or supplier number must be 40 characters or fewer"
        },
    )

    def clean_payroll_reference(self):
        reference = " ".join(self.cleaned_data["payroll_reference"].split())
        if NI_NUMBER.fullmatch(reference):
            raise forms.ValidationError(
                "This looks like a National Insurance number. Enter the payroll or supplier "
                "number finance gave, not a National Insurance number"
            )
        if reference and not re.fullmatch(r"[A-Za-z0-9 ./-]+", reference):
            raise forms.ValidationError(
                "The payroll or supplier number can only have letters, numbers, spaces, full "
                "stops, slashes and hyphens"
            )
        return reference


class BudgetForm(forms.Form):
    """What a project may spend on involvement payments and expenses, in pounds and pence."""

    amount = PoundsField(
        label="Budget for involvement payments and expenses, in pounds",
        help_text="For example, 2500.00. Enter 0 if the project has no money for this.",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.00"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}),
        error_messages={
            "required": "Enter the budget, in pounds",
            "invalid": "Enter the budget as a number of pounds, like 2500 or 2500.50",
            "min_value": "The budget must be £0.00 or more",
            "max_digits": "The budget must be less than £100,000,000",
            "max_whole_digits": "The budget must be less than £100,000,000",
            "max_decimal_places": "The budget can only have pence, 2 numbers after the point",
        },
    )

    def clean_amount(self):
        return self.cleaned_data["amount"].quantize(Decimal("0.01"))


class BudgetProjectForm(PickerFormMixin, forms.Form):
    """Which project to set a budget for, from those without one yet: searched on the server (a
    page of matches at most), never every project listed."""

    project = PickOneField(
        kind="projects",
        label="Set a budget for another project",
        search_label="Search for a project by its title",
        error_messages={
            "required": "Choose the project to set a budget for",
            "invalid_choice": "Choose a project from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(
            payment_budget__isnull=True
        ).order_by("title", "pk")
        # With nothing typed, the first page of them by title (the picker's page, not all).
        self.fields["project"].browse = "first by title"
