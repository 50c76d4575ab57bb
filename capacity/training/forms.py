"""Forms for the training offer: a course, a run, a session (an existing activity), a completion
recorded by hand, and "what should change in this course". Forms validate; views call services."""

from django import forms
from django.utils import timezone

from activities.models import Activity, ActivityStatus
from cocreation.lib.forms import NHSDateField
from cocreation.lib.pickers import PickerFormMixin, PickOneField
from community.models import CoCreator, CoCreatorStatus

from ..models import Completion, Course, CourseDelivery, CourseSession


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "title",
            "summary",
            "outcomes",
            "for_cocreators",
            "for_staff",
            "for_partners",
            "delivery",
            "partner",
            "expires_after_months",
            "is_active",
        ]
        error_messages = {
            "title": {"required": "Enter the course's title"},
            "summary": {"required": "Say what the course is about, in plain English"},
            "outcomes": {"required": "Say what people will be able to do after it"},
            "delivery": {"required": "Choose how it is delivered"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery"].choices = CourseDelivery.choices
        self.fields["partner"].empty_label = "No partner"
        self.fields["expires_after_months"].error_messages["min_value"] = (
            "A refresher must be due at least 1 month after completing it, or leave this empty"
        )
        self.fields["expires_after_months"].widget.attrs["min"] = 1

    def clean_expires_after_months(self):
        months = self.cleaned_data.get("expires_after_months")
        if months is not None and months < 1:
            raise forms.ValidationError(
                "A refresher must be due at least 1 month after completing it, or leave this empty"
            )
        if months is not None and months > 240:
            raise forms.ValidationError("A refresher must be due within 240 months (20 years)")
        return months

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("for_cocreators", "for_staff", "for_partners")):
            self.add_error(
                "for_cocreators", "Choose who the course is for: co-creators, staff or partners"
            )
        return cleaned


class RunForm(forms.Form):
    name = forms.CharField(
        label="Name of the run",
        max_length=100,
        help_text="For example: spring 2027.",
        error_messages={
            "required": "Enter a name for the run, like spring 2027",
            "max_length": "The name must be 100 characters or fewer",
        },
    )


def session_activities():
    """Activities that can become a course's session: not yet started, not cancelled, and not
    already a session of a run."""
    return (
        Activity.objects.filter(starts_at__gt=timezone.now())
        .exclude(status=ActivityStatus.CANCELLED)
        .exclude(pk__in=CourseSession.objects.values("activity_id"))
        .order_by("starts_at", "pk")
    )


class SessionForm(PickerFormMixin, forms.Form):
    activity = PickOneField(
        kind="activities",
        label="Which activity",
        search_label="Search for an activity by its title",
        help_text=(
            "Only activities that have not started and are not already a course's session are "
            "shown. People book it the usual way."
        ),
        error_messages={"required": "Choose an activity"},
    )
    required = forms.TypedChoiceField(
        label="Is it needed to complete the course?",
        choices=[("yes", "Yes, it is required"), ("no", "No, it is an optional extra")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Say whether the session is needed to complete the course"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = session_activities()
        self.fields["activity"].browse = "soonest"


class CompletionForm(PickerFormMixin, forms.Form):
    cocreator = PickOneField(
        kind="people",
        label="Who completed it",
        search_label="Search for a person by name, email or phone number",
        error_messages={"required": "Choose the person who completed the course"},
    )
    completed_on = NHSDateField(
        label="Date they completed it",
        help_text="For example, 14 3 2026",
        error_messages={"required": "Enter the date they completed the course"},
    )

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["cocreator"].queryset = CoCreator.objects.exclude(status=CoCreatorStatus.LEFT)

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date they completed it must be today or in the past")
        return day

    def clean(self):
        cleaned = super().clean()
        person, day = cleaned.get("cocreator"), cleaned.get("completed_on")
        if person and day and self.course is not None:
            if Completion.objects.filter(
                course=self.course, cocreator=person, completed_on=day
            ).exists():
                self.add_error(
                    "completed_on", f"{person.full_name} already has a completion on that date"
                )
        return cleaned


class FeedbackForm(forms.Form):
    what_should_change = forms.CharField(
        label="What should change in this course?",
        help_text=(
            "For example, what was hard to follow, what was missing, or what would help the "
            "next group. The training team reads every answer."
        ),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter what should change in this course",
            "max_length": "Your answer must be 3,000 characters or fewer",
        },
    )

    def clean_what_should_change(self):
        text = self.cleaned_data["what_should_change"].strip()
        if not text:
            raise forms.ValidationError("Enter what should change in this course")
        return text
