"""Forms for the staff's "Have your say" pages: a consultation (with its opening and closing
dates and times, its audience and what people can do), a question, a document, and the one-button
confirmations. Forms validate what they can see; the services check the rest (answers already
given, an ended consultation) and the views show those errors on the form."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from activities.forms.staff.fields import (
    NHSTimeField,
    RadiosWithHints,
    StaffUserChoiceField,
    staff_users,
)
from activities.models import LEVEL_MEANINGS
from cocreation.lib.forms import NHSDateField
from cocreation.lib.pickers import PickerFormMixin, PickOneField
from community.models import Interest, InterestKind
from impact.forms.records import ImpactDocumentForm
from reporting.groups.models import SavedGroup
from reporting.groups.selectors import saved_groups_for

from ..models import Audience, Consultation, ConsultationLevel, Question, QuestionKind

LEVEL_HINTS = {
    int(ConsultationLevel.ENGAGE): LEVEL_MEANINGS[ConsultationLevel.ENGAGE]
    + " For example, a survey about opening hours.",
    int(ConsultationLevel.INVOLVE): LEVEL_MEANINGS[ConsultationLevel.INVOLVE]
    + " For example, an idea board whose best ideas shape the plan.",
}
LEVEL_LOCKED = (
    "The level cannot change now: people have already taken part at this level, and their "
    "taking part is counted at it."
)


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a date and clock time mean in the site's time zone (Europe/London)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


class ConsultationForm(PickerFormMixin, forms.ModelForm):
    """Everything about one consultation. Opening and closing are typed as dates and times (UK)."""

    project = PickOneField(
        kind="projects",
        label="Project (optional)",
        search_label="Search for a project by its title",
        required=False,
        empty_label="Not part of a project",
    )
    level = forms.TypedChoiceField(
        label="Engagement level",
        help_text="How deeply people take part. Taking part counts as involvement at this level.",
        choices=ConsultationLevel.choices,
        coerce=int,
        widget=RadiosWithHints(hints=LEVEL_HINTS),
        error_messages={
            "required": "Choose an engagement level",
            "invalid_choice": "Choose Engage or Involve",
        },
    )
    opens_date = NHSDateField(label="Opening date", help_text="For example, 14 6 2026")
    opens_time = NHSTimeField(
        label="Opening time", help_text="Use the 24-hour clock, for example 09:00 or 14:00."
    )
    closes_date = NHSDateField(label="Closing date", help_text="For example, 28 6 2026")
    closes_time = NHSTimeField(label="Closing time", help_text="For example, 17:00 or 23:59.")
    minutes_to_take_part = forms.IntegerField(
        label="About how long taking part takes, in minutes",
        help_text="Each person who takes part is counted as involved for this long.",
        min_value=1,
        max_value=600,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter about how long taking part takes, in minutes",
            "invalid": "Minutes must be a whole number, like 15",
            "min_value": "Minutes must be 1 or more",
            "max_value": "Minutes must be 600 or fewer",
        },
    )

    class Meta:
        model = Consultation
        fields = [
            "title",
            "summary",
            "project",
            "service_area",
            "level",
            # Not on the model: `clean` makes opens_at and closes_at from these four.
            "opens_date",
            "opens_time",
            "closes_date",
            "closes_time",
            "audience",
            "group",
            "ideas_on",
            "discussion_on",
            "premoderate",
            "minutes_to_take_part",
            "owner",
        ]
        labels = {
            "title": "Topic",
            "summary": "Summary, in plain English",
            "service_area": "Service area (optional)",
            "audience": "Who can take part",
            "group": "The chosen group",
            "ideas_on": "An idea board: people add ideas and support others' ideas",
            "discussion_on": "A discussion: people post and reply",
            "premoderate": "Check every idea and post before it is shown",
        }
        help_texts = {
            "title": "What people are asked about, for example: crisis line opening hours.",
            "summary": (
                "Say what you are asking, why, and what will happen with the answers. Use short "
                "sentences and everyday words: the public may read this."
            ),
            "group": "Only if you chose 'a chosen group' above. Groups are saved on the "
            "'Messages to groups' pages.",
            "premoderate": (
                "Recommended. If you do not check first, anyone can report an idea or post and "
                "you can hide it."
            ),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "audience": forms.RadioSelect,
        }
        error_messages = {
            "title": {
                "required": "Enter the topic",
                "max_length": "The topic must be 200 characters or fewer",
            },
            "summary": {"required": "Enter a plain-English summary"},
            "audience": {"required": "Choose who can take part"},
        }

    def __init__(self, *args, user, level_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = Audience.choices
        self.fields["service_area"].queryset = Interest.objects.filter(
            kind=InterestKind.SERVICE_AREA
        ).order_by("name")
        self.fields["service_area"].empty_label = "Not for one service area"
        # The groups this user may choose, and the one chosen now (even if they could not choose it).
        self.fields["group"].queryset = SavedGroup.objects.filter(
            Q(pk__in=saved_groups_for(user).values("pk")) | Q(pk=self.instance.group_id)
        ).order_by("name", "pk")
        self.fields["group"].empty_label = "Choose a group"
        self.fields["owner"] = StaffUserChoiceField(
            label="Who looks after it",
            queryset=staff_users(also_pk=self.instance.owner_id),
            required=False,
            empty_label="You",
            help_text="The member of staff told about crisis flags and posts waiting for a check.",
        )
        for name in ("service_area", "group", "owner", "audience"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the options given"
        if level_locked:
            self.fields["level"].disabled = True
            self.fields["level"].help_text = LEVEL_LOCKED
        if self.instance.pk and not self.is_bound:
            opens = timezone.localtime(self.instance.opens_at)
            closes = timezone.localtime(self.instance.closes_at)
            self.initial.update(
                {
                    "opens_date": opens.date(),
                    "opens_time": opens.time().replace(second=0, microsecond=0),
                    "closes_date": closes.date(),
                    "closes_time": closes.time().replace(second=0, microsecond=0),
                }
            )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Enter the topic", code="required")
        return title

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise ValidationError("Enter a plain-English summary", code="required")
        return summary

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == Audience.GROUP:
            if not cleaned.get("group") and "group" not in self.errors:
                self.add_error("group", "Choose the group who can take part")
        else:
            cleaned["group"] = None
        parts = [cleaned.get(name) for name in ("opens_date", "opens_time")]
        parts += [cleaned.get(name) for name in ("closes_date", "closes_time")]
        if any(part is None for part in parts):
            return cleaned
        opens_at, closes_at = _local(parts[0], parts[1]), _local(parts[2], parts[3])
        if closes_at <= opens_at:
            if parts[2] < parts[0]:
                self.add_error("closes_date", "Closing date must be on or after the opening date")
            else:
                self.add_error("closes_time", "Closing time must be after the opening time")
            return cleaned
        cleaned["opens_at"], cleaned["closes_at"] = opens_at, closes_at
        return cleaned

    def _post_clean(self):
        if "opens_at" in self.cleaned_data:
            self.instance.opens_at = self.cleaned_data["opens_at"]
            self.instance.closes_at = self.cleaned_data["closes_at"]
        if "group" in self.cleaned_data and self.cleaned_data["group"] is None:
            self.instance.group = None
        super()._post_clean()


class QuestionForm(forms.ModelForm):
    """One question. Choice questions need at least two answers to choose from."""

    class Meta:
        model = Question
        fields = ["kind", "text", "hint", "options", "scale_low", "scale_high", "required"]
        labels = {
            "kind": "Kind of question",
            "text": "Question",
            "hint": "Hint (optional)",
            "options": "Answers to choose from",
            "scale_low": "What 1 means",
            "scale_high": "What 5 means",
            "required": "People must answer this question",
        }
        help_texts = {
            "hint": "A few words under the question to help people answer.",
            "options": "For 'choose one' and 'choose any' questions: one answer on each line.",
            "scale_low": "For scale questions only.",
            "scale_high": "For scale questions only.",
        }
        widgets = {"kind": forms.RadioSelect, "options": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "kind": {"required": "Choose the kind of question"},
            "text": {
                "required": "Enter the question",
                "max_length": "The question must be 300 characters or fewer",
            },
            "hint": {"max_length": "The hint must be 300 characters or fewer"},
            "scale_low": {"max_length": "What 1 means must be 60 characters or fewer"},
            "scale_high": {"max_length": "What 5 means must be 60 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = QuestionKind.choices
        self.fields["kind"].error_messages["invalid_choice"] = "Choose from the options given"

    def clean_text(self):
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise ValidationError("Enter the question", code="required")
        return text

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        options = [line.strip() for line in cleaned.get("options", "").splitlines() if line.strip()]
        if kind in (QuestionKind.CHOICE, QuestionKind.CHOICES):
            if len(options) < 2:
                self.add_error(
                    "options", "Enter at least 2 answers to choose from, one on each line"
                )
            elif len(set(options)) < len(options):
                self.add_error("options", "Each answer to choose from must be different")
            cleaned["options"] = "\n".join(options)
        else:
            cleaned["options"] = ""
        if kind == QuestionKind.SCALE:
            for name, what in (("scale_low", "1"), ("scale_high", "5")):
                if not cleaned.get(name, "").strip() and name not in self.errors:
                    self.add_error(name, f"Enter what {what} means on the scale")
        return cleaned


class DocumentForm(ImpactDocumentForm):
    """A document people read before taking part: checked by content as impact's evidence is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload a document"


class ConfirmForm(forms.Form):
    """A page whose only question is the button (publish, close, tell people)."""
