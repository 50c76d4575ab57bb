"""Forms for repeating sessions: the first session and how it repeats, the dates to keep, and
changing this and the following sessions."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from cocreation.lib.forms import NHSDateField

from ..changes.forms import REASON_HELP
from ..forms.staff.activity import ActivityForm
from ..models import SeriesFrequency
from .services import MAX_SESSIONS, series_dates


class SeriesForm(ActivityForm):
    """The first session's details (as for one activity), how often, and until when."""

    frequency = forms.ChoiceField(
        label="How often",
        choices=SeriesFrequency.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Every month keeps the first session's day of the month. In a shorter month, a "
            "session on the 29th, 30th or 31st is on the month's last day."
        ),
        error_messages={
            "required": "Choose how often the sessions happen",
            "invalid_choice": "Choose every week or every month",
        },
    )
    repeat_until = NHSDateField(
        label="Last date",
        required=False,
        help_text="Sessions up to and including this date. For example, 30 6 2027",
    )
    repeat_count = forms.IntegerField(
        label="Or the number of sessions",
        required=False,
        min_value=1,
        max_value=MAX_SESSIONS,
        help_text=f"Instead of a last date: how many sessions, up to {MAX_SESSIONS}.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "The number of sessions must be a whole number, like 10",
            "min_value": "The number of sessions must be 1 or more",
            "max_value": f"A series can have up to {MAX_SESSIONS} sessions",
        },
    )

    def clean(self):
        cleaned = super().clean()
        until, count = cleaned.get("repeat_until"), cleaned.get("repeat_count")
        if "repeat_until" in self.errors or "repeat_count" in self.errors:
            return cleaned
        if until is None and count is None:
            self.add_error("repeat_until", "Enter a last date, or the number of sessions")
            return cleaned
        if until is not None and count is not None:
            self.add_error("repeat_count", "Enter a last date or a number of sessions, not both")
            return cleaned
        if "starts_at" not in cleaned or not cleaned.get("frequency"):
            return cleaned
        try:
            cleaned["dates"] = series_dates(
                first=cleaned["start_date"],
                frequency=cleaned["frequency"],
                until=until,
                count=count,
            )
        except ValidationError as error:
            self.add_error("repeat_until" if until else "repeat_count", error)
        return cleaned


class SeriesDatesForm(forms.Form):
    """Step two: every date of the series, ticked; untick the ones to skip."""

    dates = forms.MultipleChoiceField(
        label="Dates",
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick any date with no session, for example a bank holiday.",
        error_messages={
            "required": "Choose at least one date",
            "invalid_choice": "Choose from the dates given",
        },
    )

    def __init__(self, *args, days: list[datetime.date], labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dates"].choices = [(day.isoformat(), labels[day]) for day in days]
        self.fields["dates"].initial = [day.isoformat() for day in days]

    def chosen(self) -> list[datetime.date]:
        return [datetime.date.fromisoformat(value) for value in self.cleaned_data["dates"]]


class SeriesFollowingForm(ActivityForm):
    """Change this session and the following ones: what they share, and the times of day."""

    KEPT = (
        "title",
        "summary",
        "level",
        "project",
        "format",
        "setting",
        "venue",
        "locality",
        "joining_link",
        "start_time",
        "end_time",
        "capacity",
    )
    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=1000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.KEPT and name != "change_reason":
                del self.fields[name]
        self.fields["start_time"].help_text = "Each session keeps its own date."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start is not None and end is not None and end <= start:
            self.add_error("end_time", "End time must be after the start time")
        return cleaned

    def _post_clean(self):
        # Each session is changed by the service, not this form's instance.
        pass
