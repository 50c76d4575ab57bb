"""The reference letter form: who it is to, and the letter (prefilled with a draft)."""

from django import forms

from ..models import ReferenceLetter


class ReferenceLetterForm(forms.Form):
    addressed_to = forms.CharField(
        label="Who the letter is to (optional)",
        help_text="For example, the employer, college or course the reference is for.",
        max_length=ReferenceLetter._meta.get_field("addressed_to").max_length,
        required=False,
        error_messages={"max_length": "Who the letter is to must be 200 characters or fewer"},
    )
    body = forms.CharField(
        label="The letter",
        help_text=(
            "We wrote a first draft from their record. Change anything, and fill in the part "
            "in square brackets."
        ),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 18}),
        error_messages={
            "required": "Write the letter",
            "max_length": "The letter must be 20,000 characters or fewer",
        },
    )
