"""Forms for composing, scheduling and sending a newsletter issue.

Forms validate; the views pass what they cleaned to `services`.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.forms.staff.fields import NHSTimeField
from cocreation.lib.forms import NHSDateField
from cocreation.lib.pickers import PickerFormMixin, PickManyField

from .services import MAX_SECTIONS

BLANK_SECTIONS = 3


class NewsletterForm(PickerFormMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, 'Spring news from the co-creation community'.",
        error_messages={"required": "Enter a title for the newsletter"},
    )
    intro = forms.CharField(
        label="Introduction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few short sentences to open the newsletter.",
    )
    highlights = PickManyField(
        kind="published-impact-records",
        label="'You said, we did' highlights",
        search_label="Search for a published change by its title",
        required=False,
        browse="newest",
        help_text="Choose published changes to tell people about.",
    )


class SectionForm(forms.Form):
    heading = forms.CharField(label="Heading", max_length=200, required=False)
    body = forms.CharField(
        label="Text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Leave a blank line between paragraphs.",
    )

    def clean(self):
        data = super().clean()
        heading, body = data.get("heading", "").strip(), data.get("body", "").strip()
        if heading and not body:
            self.add_error("body", f"Enter the text for {self.name}, or clear its heading")
        if body and not heading:
            self.add_error("heading", f"Enter a heading for {self.name}")
        data["heading"], data["body"] = heading, body
        return data

    @property
    def name(self) -> str:
        """'section 2' for the second form of the formset."""
        number = (self.prefix or "0").rsplit("-", 1)[-1]
        return f"section {int(number) + 1}" if number.isdigit() else "this section"

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("heading") or data.get("body"))


class BaseSectionFormSet(forms.BaseFormSet):
    def sections(self) -> list[tuple[str, str]]:
        """The filled-in sections, in order, as (heading, text)."""
        return [
            (f.cleaned_data["heading"], f.cleaned_data["body"])
            for f in self.forms
            if not f.is_blank
        ]


def section_formset(*, filled: int):
    """The section forms: those already written, then up to 3 blank ones (6 sections at most)."""
    extra = max(0, min(BLANK_SECTIONS, MAX_SECTIONS - filled))
    return forms.formset_factory(
        SectionForm,
        formset=BaseSectionFormSet,
        extra=extra,
        max_num=MAX_SECTIONS,
        validate_max=True,
        absolute_max=MAX_SECTIONS,
    )


class ScheduleForm(forms.Form):
    send_on = NHSDateField(label="Date to send", help_text="For example, 15 3 2027")
    send_time = NHSTimeField(
        label="Time to send", help_text="Use the 24-hour clock, for example 09:30 or 14:00"
    )

    def __init__(self, *args, now=None, **kwargs):
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        day, time = data.get("send_on"), data.get("send_time")
        if day is not None and time is not None:
            moment = timezone.make_aware(datetime.datetime.combine(day, time))
            if moment <= self.now:
                raise ValidationError(
                    {"send_on": "The date and time to send must be in the future"}
                )
            data["send_at"] = moment
        return data


class SendNowForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked the preview and want to send this newsletter now",
        error_messages={"required": "Confirm that you want to send this newsletter now"},
    )
