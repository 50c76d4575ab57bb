"""Forms for telling people about a change: the staff edit form with a reason, and cancelling."""

from django import forms

from ..forms.staff.activity import ActivityForm
from ..models import ActivityStatus
from .services import activity_snapshot, changes_in_words, needs_notice, people_to_tell

REASON_HELP = (
    "Only needed when you change the time, place or joining link and people are booked or "
    "waiting. We send your reason to each of them, so write it in plain English."
)


def _after(form, before: dict) -> dict:
    """The snapshot the form's cleaned data would make (fields with errors stay as they were)."""
    data = form.cleaned_data
    after = dict(before)
    for name in ("starts_at", "ends_at", "format", "setting", "venue", "joining_link"):
        if name in data:
            after[name] = data[name]
    if "locality" in data:
        after["locality_id"] = data["locality"].pk if data["locality"] else None
    return after


class ActivityChangeForm(ActivityForm):
    """The staff edit form, asking why when a change of time, place or joining link must be told."""

    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=1000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Taken before the form changes the instance (in `_post_clean`).
        self.before = activity_snapshot(self.instance)
        self.told = needs_notice(self.instance)

    def clean(self):
        cleaned = super().clean()
        if not self.told:
            return cleaned
        count = people_to_tell(self.instance).count()
        people = "1 person is" if count == 1 else f"{count} people are"
        if cleaned.get("status") == ActivityStatus.CANCELLED:
            self.add_error(
                "status",
                f"{people} booked or waiting. To cancel, use \u201cCancel this activity\u201d "
                "so that they are told",
            )
        words = changes_in_words(self.before, _after(self, self.before))
        if words and not (cleaned.get("change_reason") or "").strip():
            self.add_error(
                "change_reason",
                f"Enter the reason for the change: {people} booked or waiting, and we tell "
                "them why",
            )
        return cleaned


class ActivityCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        max_length=1000,
        help_text="We send this to everyone booked or waiting, so write it in plain English.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for cancelling"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for cancelling", code="required")
        return reason
