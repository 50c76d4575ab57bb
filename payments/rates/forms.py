"""Forms for payment rates: a whole rate (new, or not yet used by any claim), and the end date
alone (a rate a claim has used). Forms validate; the views pass what they cleaned to services."""

from decimal import Decimal

from django import forms

from activities.models import AttendanceRole, EngagementLevel
from cocreation.lib.forms import NHSDateField

from ..forms import PoundsField


def _end_date_field() -> NHSDateField:
    return NHSDateField(
        label="Last day",
        required=False,
        help_text=(
            "The last day this rate applies to sessions. Leave this empty if it has no end "
            "date yet. For example, 31 3 2027"
        ),
    )


class RateForm(forms.Form):
    """Everything about one rate."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="How staff will know it, for example: Half day (up to 4 hours).",
        error_messages={
            "required": "Enter a name for the rate, like Half day (up to 4 hours)",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    level = forms.TypedChoiceField(
        label="Engagement level",
        choices=[("", "Any level"), *EngagementLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="A rate for one level is used before a rate for any level.",
        error_messages={"invalid_choice": "Choose an engagement level, or any level"},
    )
    role = forms.ChoiceField(
        label="Role in the session",
        choices=[("", "Any role"), *AttendanceRole.choices],
        required=False,
        help_text="A rate for one role is used before a rate for any role.",
        error_messages={"invalid_choice": "Choose a role, or any role"},
    )
    up_to_hours = forms.DecimalField(
        label="For sessions up to (hours)",
        required=False,
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=(
            "For example, 4 for a half day. Leave this empty for sessions of any length, or for "
            "the rate for sessions longer than the other bands."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the hours as a number, like 4 or 3.5",
            "min_value": "The hours must be more than 0",
            "max_digits": "The hours must be under 100",
            "max_whole_digits": "The hours must be under 100",
            "max_decimal_places": "Enter the hours to at most 2 decimal places, like 3.5",
        },
    )
    amount = PoundsField(
        label="Amount in pounds",
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.00"),
        help_text="Pounds and pence for one session, for example 40.00.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}),
        error_messages={
            "required": "Enter the amount, like 40.00",
            "invalid": "Enter the amount as a number of pounds and pence, like 40.00",
            "min_value": "The amount must be £0.00 or more",
            "max_digits": "The amount must be less than £1,000,000",
            "max_whole_digits": "The amount must be less than £1,000,000",
            "max_decimal_places": "Enter the amount in pounds and pence, like 40.00",
        },
    )
    valid_from = NHSDateField(
        label="First day",
        help_text="The first day this rate applies to sessions. For example, 1 4 2026",
        error_messages={"required": "Enter the first day the rate applies"},
    )
    valid_to = _end_date_field()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start is not None and end is not None and end < start:
            self.add_error("valid_to", "The last day must be the same as or after the first day")
        return cleaned

    def values(self) -> dict:
        """What the services take, from the cleaned data."""
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields} | {"role": data.get("role") or ""}


class RateEndForm(forms.Form):
    """A rate a claim has used: only its end date may be set."""

    valid_to = _end_date_field()

    def values(self) -> dict:
        return {"valid_to": self.cleaned_data.get("valid_to")}


def rate_initial(rate) -> dict:
    """A rate's values as the forms show them."""
    return {
        "name": rate.name,
        "level": rate.level,
        "role": rate.role,
        "up_to_hours": rate.up_to_hours,
        "amount": rate.amount,
        "valid_from": rate.valid_from,
        "valid_to": rate.valid_to,
    }
