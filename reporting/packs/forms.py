"""The form staff fill in to publish a period's governance pack."""

from django import forms


class PackPublishForm(forms.Form):
    narrative = forms.CharField(
        label="Narrative for the steering group",
        help_text=(
            "Plain text. Say what the figures show, what went well and what needs attention. "
            "Do not name or describe anyone. It cannot be changed after publishing."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        strip=True,
        error_messages={"required": "Write the narrative for the steering group"},
    )
    # The fingerprint of the figures on the page (services.report_fingerprint), so publishing can
    # refuse when the figures it would freeze are not the ones checked.
    digest = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        error_messages={"required": "Check the figures again, then publish"},
    )
    confirm = forms.BooleanField(
        label="I have checked the figures",
        help_text="The pack is a frozen copy: once published it never changes.",
        error_messages={"required": "Confirm that you have checked the figures"},
    )
