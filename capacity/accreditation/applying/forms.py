"""Forms for applying for accreditation: a version of the criteria, its standards and criteria, a
service and a contact for it, and a service's answer and evidence for one criterion. Forms
validate; views call services."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from activities.models import Activity
from cocreation.lib.pickers import PickerFormMixin, PickerWidget, PickOneField
from impact.documents import DocumentRefused, check_upload
from impact.models import ImpactRecord

from ...models import (
    AccreditationCriterion,
    AccreditationEvidence,
    AccreditationFramework,
    AccreditationStandard,
    ApplicationStatus,
    SelfAssessment,
    Service,
)
from ...partners.forms import PartnerPersonForm


def _text(value) -> str:
    return (value or "").strip()


# --- The criteria ---------------------------------------------------------------------------------


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = AccreditationFramework
        fields = ["version", "introduction"]
        labels = {
            "version": "Version",
            "introduction": "Introduction (optional)",
        }
        help_texts = {
            "version": "A short name services will see, for example 2027.1.",
            "introduction": "What the accreditation is and how to apply, in plain English.",
        }
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "version": {
                "required": "Enter the version, for example 2027.1",
                "max_length": "The version must be 20 characters or fewer",
                "unique": "There is already a version with that name. Choose another",
            }
        }

    def clean_version(self):
        version = _text(self.cleaned_data.get("version"))
        if not version:
            raise forms.ValidationError("Enter the version, for example 2027.1")
        return version


class _NumberedForm(forms.ModelForm):
    """A standard or criterion: its number is unique among its siblings."""

    sibling_field = ""

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        number = self.fields["number"]
        number.widget.attrs.update({"min": 1, "class": "nhsuk-input nhsuk-input--width-4"})
        number.error_messages.update(
            {
                "required": "Enter its number, for example 1",
                "invalid": "The number must be a whole number, like 1",
                "min_value": "The number must be 1 or more",
            }
        )

    def clean_number(self):
        number = self.cleaned_data.get("number")
        if number is not None and number < 1:
            raise forms.ValidationError("The number must be 1 or more")
        if number is not None and number > 99:
            raise forms.ValidationError("The number must be 99 or less")
        siblings = self._meta.model.objects.filter(**{self.sibling_field: self.parent})
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        if number is not None and siblings.filter(number=number).exists():
            raise forms.ValidationError(f"There is already a number {number} here. Choose another")
        return number


class StandardForm(_NumberedForm):
    sibling_field = "framework"

    class Meta:
        model = AccreditationStandard
        fields = ["number", "title", "guidance"]
        labels = {"number": "Number", "title": "Title", "guidance": "Guidance (optional)"}
        help_texts = {
            "title": "What the standard is about, for example: Lived experience shapes the service.",
            "guidance": "What services should think about for this standard as a whole.",
        }
        widgets = {"guidance": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {
                "required": "Enter the standard's title",
                "max_length": "The title must be 200 characters or fewer",
            }
        }


class CriterionForm(_NumberedForm):
    sibling_field = "standard"

    class Meta:
        model = AccreditationCriterion
        fields = ["number", "text", "guidance", "evidence_needed"]
        labels = {
            "number": "Number",
            "text": "The criterion",
            "guidance": "Guidance (optional)",
            "evidence_needed": "The evidence it needs",
        }
        help_texts = {
            "text": "One thing a service does, said plainly, for example: People with lived "
            "experience shape the service's priorities.",
            "guidance": "What meeting it looks like in practice.",
            "evidence_needed": "What a service should show, for example: minutes, an impact "
            "record, a 'you said, we did'.",
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "guidance": forms.Textarea(attrs={"rows": 4}),
            "evidence_needed": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "text": {"required": "Enter the criterion"},
            "evidence_needed": {"required": "Say what evidence the criterion needs"},
        }


# --- Services -------------------------------------------------------------------------------------


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "directorate", "about"]
        labels = {
            "name": "Name of the service",
            "directorate": "Directorate or care group (optional)",
            "about": "What the service does (optional)",
        }
        widgets = {"about": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {
                "required": "Enter the name of the service",
                "max_length": "The name must be 200 characters or fewer",
                "unique": "There is already a service with that name",
            }
        }

    def clean_name(self):
        name = _text(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError("Enter the name of the service")
        clash = Service.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already a service with that name")
        return name


class ContactForm(PartnerPersonForm):
    """A contact for a service: a partner-section login (given if they have none)."""


# --- A service's answer and evidence --------------------------------------------------------------


class AssessmentForm(forms.Form):
    rating = forms.ChoiceField(
        label="How well does the service meet this criterion now?",
        choices=SelfAssessment.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how well the service meets this criterion",
            "invalid_choice": "Choose how well the service meets this criterion",
        },
    )
    how_we_meet_it = forms.CharField(
        label="How we meet it",
        help_text="Say what the service does, with examples. If you do not meet it yet, say "
        "what you plan to do.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Say how the service meets this criterion",
            "max_length": "Your answer must be 5,000 characters or fewer",
        },
    )

    def clean_how_we_meet_it(self):
        text = _text(self.cleaned_data.get("how_we_meet_it"))
        if not text:
            raise forms.ValidationError("Say how the service meets this criterion")
        return text


NOTE_FIELD = {
    "label": "What it shows (optional)",
    "help_text": "For example: the minutes record co-creators choosing the priorities.",
    "max_length": 300,
    "required": False,
    "error_messages": {"max_length": "The note must be 300 characters or fewer"},
}


class _NoLiveSearchWidget(PickerWidget):
    """A picker whose search goes back to the page (no live search as you type): the live search
    is staff-only, so a service team's picker searches by sending the form."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = ""
        return context


def pickable_activities(*, for_staff: bool):
    """Activities evidence may link: staff any; a service only those on the public calendar that
    have taken place (not cancelled)."""
    rows = Activity.objects.order_by("-starts_at", "-pk")
    if for_staff:
        return rows
    return rows.public().filter(starts_at__lt=timezone.now())


def pickable_impact_records(*, for_staff: bool):
    """Impact records evidence may link: only published ones, for staff as for a service. The
    service's contacts and the panel (co-creators among them) read what each says, so a record
    not yet checked and published is never shown to them this way."""
    return ImpactRecord.objects.published().order_by("-published_at", "-pk")


class _EvidenceLinkForm(PickerFormMixin, forms.Form):
    field_name = ""
    browse = "newest"

    def __init__(self, *args, for_staff: bool, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        field = self.fields[self.field_name]
        if not for_staff:
            field.widget = _NoLiveSearchWidget()
            field.widget.field = field
        field.browse = self.browse
        self.fields["note"] = forms.CharField(**NOTE_FIELD)

    def clean_note(self):
        return _text(self.cleaned_data.get("note"))

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get(self.field_name)
        if chosen is not None and self.assessment is not None:
            if AccreditationEvidence.objects.filter(
                assessment=self.assessment, **{self.field_name: chosen}
            ).exists():
                self.add_error(
                    self.field_name, f"“{chosen}” is already evidence for this criterion"
                )
        return cleaned


class ImpactEvidenceForm(_EvidenceLinkForm):
    field_name = "impact_record"

    impact_record = PickOneField(
        kind="impact-records",
        label="Which impact record",
        search_label="Search for an impact record by its title",
        error_messages={"required": "Choose an impact record"},
    )

    def __init__(self, *args, for_staff: bool, **kwargs):
        super().__init__(*args, for_staff=for_staff, **kwargs)
        field = self.fields["impact_record"]
        field.queryset = pickable_impact_records(for_staff=for_staff)
        field.kind_key = "published-impact-records"
        field.help_text = (
            "Only impact records published on the “You said, we did” page can be linked. "
            "The newest are shown first."
        )


class ActivityEvidenceForm(_EvidenceLinkForm):
    field_name = "activity"
    browse = "latest"

    activity = PickOneField(
        kind="activities",
        label="Which activity",
        search_label="Search for an activity by its title",
        error_messages={"required": "Choose an activity"},
    )

    def __init__(self, *args, for_staff: bool, **kwargs):
        super().__init__(*args, for_staff=for_staff, **kwargs)
        field = self.fields["activity"]
        field.queryset = pickable_activities(for_staff=for_staff)
        if for_staff:
            field.help_text = "Any activity. The latest are shown first."
        else:
            field.help_text = (
                "Only activities on the public calendar that have already taken place can be "
                "linked. The latest are shown first."
            )


class DocumentEvidenceForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, Word, Excel or image file (PNG, JPEG, GIF or WebP), up to 10 MB. "
        "Do not upload anything that names a patient.",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file is empty. Choose the file again and try again.",
        },
    )
    note = forms.CharField(**NOTE_FIELD)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.checked = check_upload(uploaded)
        except DocumentRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return uploaded

    def clean_note(self):
        return _text(self.cleaned_data.get("note"))


class ServiceStatusFilter(forms.Form):
    """The services list's filter: by the status of each service's latest application."""

    status = forms.ChoiceField(
        label="Latest application",
        required=False,
        choices=[("", "Any status")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *ApplicationStatus.choices]
