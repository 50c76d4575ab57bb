"""Forms for the "to contact" list: which day, and marking a row done."""

from django import forms


class DayForm(forms.Form):
    day = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter the day as year-month-day, for example 2026-03-24"},
    )


class DoneForm(forms.Form):
    outcome = forms.CharField(
        label="What happened (optional)",
        max_length=300,
        required=False,
        error_messages={"max_length": "What happened must be 300 characters or fewer"},
    )
