"""Forms for the plan tracker: a progress update on a key action."""

from django import forms
from django.utils import timezone

from cocreation.lib.forms import NHSDateField

from .models import ActionStatus, KeyAction


class KeyActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="What is the action's status now?",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status now"},
    )
    owner = forms.CharField(
        label="Owner",
        help_text="The person or team leading this action. Leave it empty if nobody leads it yet.",
        max_length=KeyAction._meta.get_field("owner").max_length,
        required=False,
        error_messages={"max_length": "Owner must be 150 characters or fewer"},
    )
    written_on = NHSDateField(label="Date of update", help_text="For example, 15 3 2026")
    text = forms.CharField(
        label="Update",
        help_text="What has happened since the last update, and what happens next.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the update"},
    )

    def __init__(self, *args, action: KeyAction, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial", {"status": action.status, "owner": action.owner, "written_on": today}
        )
        super().__init__(*args, **kwargs)
        # Read today's date for each form, not once when the server starts.
        self.fields["written_on"].max_date = today
