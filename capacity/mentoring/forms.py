"""Forms for peer support and mentoring: pairing two people (with the staff person picker), a
peer group and inviting people to it, agreeing or declining, logging a meeting and ending a
pairing. Forms validate what they can see; the services check the rest (an open pair, someone who
left) and the views show those errors on the form."""

from django import forms
from django.utils import timezone

from cocreation.lib.forms import NHSDateField
from cocreation.lib.pickers import PickerFormMixin, PickManyField, PickOneField
from community.models import CoCreator

from ..models import MeetingFeeling, PeerGroup


def _everyone():
    # Everyone, so that choosing someone who has left gets a plain error saying so (the search
    # offers only people still in the community).
    return CoCreator.objects.order_by("full_name", "pk")


class PairForm(PickerFormMixin, forms.Form):
    mentor = PickOneField(
        kind="people",
        label="Mentor",
        search_label="Search for the mentor by name, email or phone number",
        error_messages={"required": "Choose the mentor"},
    )
    mentee = PickOneField(
        kind="people",
        label="Mentee",
        search_label="Search for the mentee by name, email or phone number",
        error_messages={"required": "Choose the mentee"},
    )
    purpose = forms.CharField(
        label="What it is for",
        help_text=(
            "Both people will see this. For example: getting ready to sit on interview panels."
        ),
        max_length=300,
        required=False,
        error_messages={"max_length": "What it is for must be 300 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = _everyone()
        self.fields["mentee"].queryset = _everyone()

    def clean(self):
        cleaned = super().clean()
        mentor, mentee = cleaned.get("mentor"), cleaned.get("mentee")
        if mentor and mentee and mentor.pk == mentee.pk:
            self.add_error(
                "mentee", "Choose two different people: the mentor and the mentee are the same"
            )
        return cleaned


class PeerGroupForm(forms.ModelForm):
    class Meta:
        model = PeerGroup
        fields = ["name", "about", "meets"]
        labels = {
            "name": "Name of the group",
            "about": "What it is for, in plain English",
            "meets": "When and where it meets",
        }
        help_texts = {
            "about": "Members see this when they are invited.",
            "meets": "For example: first Tuesday of the month, 6pm, online.",
        }
        widgets = {"about": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {
                "required": "Enter the name of the group",
                "max_length": "The name must be 150 characters or fewer",
            },
            "about": {"required": "Say what the group is for, in plain English"},
            "meets": {"max_length": "When and where it meets must be 300 characters or fewer"},
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the name of the group")
        return name

    def clean_about(self):
        about = self.cleaned_data["about"].strip()
        if not about:
            raise forms.ValidationError("Say what the group is for, in plain English")
        return about


class InviteForm(PickerFormMixin, forms.Form):
    people = PickManyField(
        kind="people",
        label="Who to invite",
        search_label="Search for a person by name, email or phone number",
        help_text="Each person is asked to agree in their portal, or by their usual way of contact.",
        error_messages={"required": "Choose at least one person to invite"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = _everyone()


YES, NO = "yes", "no"


class AnswerForm(forms.Form):
    """Agree or decline: the question is the form's label, set by the view."""

    answer = forms.ChoiceField(
        choices=[(YES, "Yes, I agree"), (NO, "No, thank you")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no"},
    )

    def __init__(self, *args, question: str, yes: str = "Yes, I agree", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question
        self.fields["answer"].choices = [(YES, yes), (NO, "No, thank you")]

    @property
    def agreed(self) -> bool:
        return self.cleaned_data["answer"] == YES


class MeetingForm(forms.Form):
    met_on = NHSDateField(
        label="Date you met",
        help_text="For example, 14 3 2026",
        error_messages={"required": "Enter the date you met"},
    )
    how_it_went = forms.ChoiceField(
        label="How did it go?",
        choices=MeetingFeeling.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it went"},
    )
    note = forms.CharField(
        label="Anything to note",
        help_text=(
            "You do not need to say what you talked about. Both of you, and the involvement "
            "team, can read this."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 1,000 characters or fewer"},
    )

    def __init__(self, *args, shared_with: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if shared_with:
            self.fields[
                "note"
            ].help_text = (
                f"You do not need to say what you talked about. {shared_with} can read this."
            )

    def clean_met_on(self):
        day = self.cleaned_data["met_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date you met must be today or in the past")
        return day


class EndForm(forms.Form):
    reason = forms.CharField(
        label="Why is it ending?",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )

    def __init__(self, *args, hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = hint
