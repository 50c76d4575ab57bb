"""Forms for the staff's activity pages: the list's filters, adding or editing an activity, session notes.

Forms validate; the views pass what they cleaned to `activities.services`.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreation.lib.forms import NHSDateField
from cocreation.lib.pickers import PickerFormMixin, PickOneField
from community.models import Locality, PartnerOrganisation

from ...models import (
    LEVEL_MEANINGS,
    Activity,
    ActivityFormat,
    ActivitySetting,
    ActivityStatus,
    ActivityWhen,
    EngagementLevel,
)
from .fields import (
    NHSTimeField,
    RadiosWithHints,
    StaffUserChoiceField,
    any_choice_field,
    choices_with_any,
    staff_users,
    title_errors,
)


def _local(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a date and clock time mean in the site's time zone (Europe/London)."""
    return timezone.make_aware(datetime.datetime.combine(date, time))


EVENING_OR_WEEKEND = [
    ("evening", "Evening sessions"),
    ("weekend", "Weekend sessions"),
    ("either", "Evening or weekend sessions"),
]


class ActivityFilterForm(forms.Form):
    when = forms.ChoiceField(
        label="When",
        choices=ActivityWhen.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    level = forms.TypedChoiceField(
        label="Engagement level",
        choices=choices_with_any("Any level", EngagementLevel.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = any_choice_field("Status", "Any status", ActivityStatus.choices)
    project = PickOneField(
        kind="projects",
        label="Project",
        search_label="Search for a project by its title",
        empty_label="Any project",
        required=False,
    )
    locality = forms.ModelChoiceField(
        label="Area",
        queryset=Locality.objects.all(),
        empty_label="Any area",
        required=False,
    )
    setting = any_choice_field("Setting", "Any setting", ActivitySetting.choices)
    time = any_choice_field("Evenings and weekends", "Any time", EVENING_OR_WEEKEND)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].initial = ActivityWhen.UPCOMING
        # Read the areas once: the template walks them twice (label and select).
        self.fields["locality"].choices = list(self.fields["locality"].choices)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Choose from the list"

    def search_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "when": data.get("when") or ActivityWhen.UPCOMING,
            "level": data.get("level"),
            "status": data.get("status", ""),
            "project_id": data["project"].pk if data.get("project") else None,
            "locality_id": data["locality"].pk if data.get("locality") else None,
            "setting": data.get("setting", ""),
            "time": data.get("time", ""),
        }


class ActivityForm(PickerFormMixin, forms.ModelForm):
    """Everything about one activity. Start and end are typed as dates and times (UK time)."""

    project = PickOneField(
        kind="projects",
        label="Project",
        search_label="Search for a project by its title",
        required=False,
        empty_label="Not part of a project",
    )
    level = forms.TypedChoiceField(
        label="Engagement level",
        help_text="How deeply people take part, from the plan's five levels.",
        choices=EngagementLevel.choices,
        coerce=int,
        widget=RadiosWithHints(hints={int(k): v for k, v in LEVEL_MEANINGS.items()}),
        error_messages={
            "required": "Choose an engagement level",
            "invalid_choice": "Choose one of the five engagement levels",
        },
    )
    start_date = NHSDateField(label="Start date", help_text="For example, 14 6 2025")
    start_time = NHSTimeField(
        label="Start time", help_text="Use the 24-hour clock, for example 09:30 or 14:00."
    )
    end_time = NHSTimeField(label="End time", help_text="For example, 11:30 or 16:00.")
    end_date = NHSDateField(
        label="End date",
        required=False,
        help_text="Leave this empty if it ends on the day it starts.",
    )
    joining_link = forms.URLField(
        label="Joining link",
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text=(
            "For online or hybrid sessions, the address people use to join. Only people "
            "with a place see it, never the public calendar."
        ),
        error_messages={
            "invalid": "Enter the joining link as a web address, like https://meet.example.org/abc"
        },
    )
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=10000,
        help_text="How many people can book. Leave this empty for no limit.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Places must be a whole number, like 20",
            "min_value": "Places must be 1 or more, or leave it empty for no limit",
            "max_value": "Places must be 10,000 or fewer",
        },
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "summary",
            "level",
            "project",
            "format",
            "setting",
            "venue",
            "locality",
            "joining_link",
            # Not on the model: `clean` makes starts_at and ends_at from these four.
            "start_date",
            "start_time",
            "end_time",
            "end_date",
            "capacity",
            "audience",
            "access_provisions",
            "recognition",
            "payment",
            "expenses_covered",
            "lead",
            "partners",
            "status",
            "is_public",
        ]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "project": "Project",
            "format": "Format",
            "setting": "Setting",
            "venue": "Venue",
            "locality": "Area",
            "audience": "Who it is for",
            "access_provisions": "Access provisions",
            "recognition": "Recognition offered",
            "payment": "Payment for taking part",
            "expenses_covered": "Expenses covered",
            "lead": "Lead",
            "partners": "Partner organisations",
            "status": "Status",
            "is_public": "Show on the public calendar",
        }
        help_texts = {
            "summary": (
                "Write in plain English: what will happen and why it matters. "
                "Co-creators and the public may read this."
            ),
            "venue": "The place and address, or how to join online.",
            "audience": "For example, carers of young people, or anyone with experience of our services.",
            "access_provisions": (
                "For example, step-free access, a hearing loop, British Sign Language, "
                "quiet room, travel expenses."
            ),
            "recognition": "For example, a voucher, payment for time, or a certificate.",
            "payment": (
                "People see this, with the rates, before they book. Recording attendance at a "
                "paid activity starts a claim for each person who came, unless they said no to payment."
            ),
            "expenses_covered": (
                "Shown to people before they book. For example: travel by public transport or "
                "45p a mile, parking, care cover."
            ),
            "partners": "Select all that apply.",
            "is_public": "Public activities appear on the events calendar anyone can see.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "access_provisions": forms.Textarea(attrs={"rows": 3}),
            "format": forms.RadioSelect,
            "payment": forms.RadioSelect,
            "status": forms.RadioSelect,
            "partners": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": title_errors("activity"),
            "summary": {"required": "Enter a plain-English summary of the activity"},
            "format": {"required": "Choose whether it is in person, online or both"},
            "setting": {"required": "Choose the setting"},
            "status": {"required": "Choose the activity's status"},
            "payment": {"required": "Choose whether taking part is paid"},
            "expenses_covered": {"max_length": "Expenses covered must be 300 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.add_prefix("payment") not in self.data:
            # A form sent without the question (from before it was asked) keeps what is saved.
            self.data = self.data.copy()
            self.data[self.add_prefix("payment")] = self.instance.payment
        locality = self.fields["locality"]
        locality.queryset = Locality.objects.all()
        locality.empty_label = "Not set"
        self.fields["setting"].choices = choices_with_any(
            "Choose a setting", ActivitySetting.choices
        )
        self.fields["format"].choices = ActivityFormat.choices
        self.fields["status"].choices = ActivityStatus.choices
        self.fields["lead"] = StaffUserChoiceField(
            label="Lead",
            queryset=staff_users(also_pk=self.instance.lead_id),
            required=False,
            empty_label="Not set",
            help_text="The member of the involvement team who leads it.",
        )
        self.fields["partners"].queryset = PartnerOrganisation.objects.order_by("name")
        for name in (
            "project",
            "locality",
            "setting",
            "format",
            "payment",
            "status",
            "lead",
            "partners",
        ):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the options given"
        self.fields["partners"].error_messages["invalid_pk_value"] = "Choose from the options given"
        if self.instance.pk and not self.is_bound:
            starts = timezone.localtime(self.instance.starts_at)
            ends = timezone.localtime(self.instance.ends_at)
            self.initial.update(
                {
                    "start_date": starts.date(),
                    "start_time": starts.time().replace(second=0, microsecond=0),
                    "end_time": ends.time().replace(second=0, microsecond=0),
                    "end_date": ends.date() if ends.date() != starts.date() else None,
                }
            )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Enter a title for the activity", code="required")
        return title

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise ValidationError("Enter a plain-English summary of the activity", code="required")
        return summary

    def clean(self):
        cleaned = super().clean()
        start_date, start_time = cleaned.get("start_date"), cleaned.get("start_time")
        end_time = cleaned.get("end_time")
        if start_date is None or start_time is None or end_time is None:
            return cleaned
        if "end_date" in self.errors:
            return cleaned
        end_date = cleaned.get("end_date") or start_date
        starts_at, ends_at = _local(start_date, start_time), _local(end_date, end_time)
        if ends_at <= starts_at:
            if end_date < start_date:
                self.add_error("end_date", "End date must be the same as or after the start date")
            elif end_date == start_date:
                self.add_error("end_time", "End time must be after the start time")
            else:
                self.add_error("end_time", "The end must be after the start")
            return cleaned
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def _post_clean(self):
        if "starts_at" in self.cleaned_data:
            self.instance.starts_at = self.cleaned_data["starts_at"]
            self.instance.ends_at = self.cleaned_data["ends_at"]
        super()._post_clean()


class ActivityNotesForm(forms.ModelForm):
    """After the session: the plan's curiosity prompts, and anything else worth keeping."""

    class Meta:
        model = Activity
        fields = ["notes_missing", "notes_not_thought_of", "notes_unheard_voices", "notes"]
        labels = {
            "notes_missing": "What's missing?",
            "notes_not_thought_of": "What haven't we thought of?",
            "notes_unheard_voices": "Whose voices are still unheard?",
            "notes": "Other notes from the session",
        }
        help_texts = {
            "notes_unheard_voices": "Which communities or groups were not in the room, and how we might reach them.",
            "notes": "Do not record clinical information or anything that identifies a person.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
