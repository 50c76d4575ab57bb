"""Forms for impact records, their evidence and documents, and the public "You said, we did" filter.

Forms validate; the views pass what they cleaned to `impact.services`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreation.lib.forms import NHSDateField
from cocreation.lib.periods import period_containing
from cocreation.lib.pickers import PickerFormMixin, PickManyField, PickOneField
from community.models import CoCreator, Interest, InterestKind

from ..documents import DocumentRefused, check_upload
from ..models import ChangeKind, EvidenceItem, ImpactRecord, ImpactStatus

FIRST_FINANCIAL_YEAR = 2020


def _service_areas():
    return Interest.objects.filter(kind=InterestKind.SERVICE_AREA).order_by("name")


class ImpactRecordForm(PickerFormMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label="Kind of change", choices=ChangeKind.choices, widget=forms.RadioSelect
    )
    project = PickOneField(
        kind="projects",
        label="Project",
        search_label="Search for a project by its title",
        required=False,
        empty_label="No project",
    )
    activities = PickManyField(
        kind="activities",
        label="Activities",
        search_label="Search for an activity by its title or year",
        required=False,
        help_text="The activities that led to the change. Choose all that apply.",
    )
    contributors = PickManyField(
        kind="people",
        label="Contributing co-creators",
        search_label="Search for a co-creator by name or email",
        required=False,
        help_text=(
            "They will be told by email when the record is published. Choose all that apply."
        ),
    )

    class Meta:
        model = ImpactRecord
        fields = [
            "title",
            "what_changed",
            "kind",
            "how_influenced",
            "project",
            "activities",
            "contributors",
            "service_area",
            "you_said",
            "we_did",
            "we_could_not",
        ]
        labels = {
            "title": "Title",
            "what_changed": "What changed",
            "how_influenced": "How co-creation influenced it",
            "project": "Project",
            "service_area": "Service area",
            "you_said": "You said",
            "we_did": "We did",
            "we_could_not": "We couldn't, because",
        }
        help_texts = {
            "you_said": "What co-creators told us, in plain English. This is shown to the public.",
            "we_did": "What we changed because of it. This is shown to the public.",
            "we_could_not": "Only where action was not possible: say why, in plain English.",
        }
        widgets = {
            "what_changed": forms.Textarea(attrs={"rows": 4}),
            "how_influenced": forms.Textarea(attrs={"rows": 4}),
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "we_did": forms.Textarea(attrs={"rows": 3}),
            "we_could_not": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "what_changed": {"required": "Enter what changed"},
            "how_influenced": {"required": "Enter how co-creation influenced it"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the kind of change"
        self.fields["service_area"].queryset = _service_areas()
        self.fields["service_area"].empty_label = "No service area"
        if self.instance.pk:
            # Keep people already named even if they have since left.
            named = CoCreator.objects.filter(pk__in=self.instance.contributors.values("pk"))
            current = self.fields["contributors"].queryset | named
            self.fields["contributors"].queryset = current.distinct().order_by("full_name", "pk")

    def clean(self):
        cleaned = super().clean()
        project, activities = cleaned.get("project"), cleaned.get("activities")
        if project and activities:
            other = [a for a in activities if a.project_id not in (None, project.pk)]
            if other:
                self.add_error(
                    "activities",
                    "Choose activities of the chosen project, or ones not in any project. "
                    f"“{other[0].title}” belongs to another project",
                )
        return cleaned


class ImpactRecordFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ImpactStatus.choices]
    )
    kind = forms.ChoiceField(
        label="Kind of change", required=False, choices=[("", "Any kind"), *ChangeKind.choices]
    )
    service_area = forms.ModelChoiceField(
        label="Service area",
        required=False,
        queryset=Interest.objects.none(),
        empty_label="Any service area",
        error_messages={"invalid_choice": "Choose a service area from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = _service_areas()
        self.fields["status"].error_messages["invalid_choice"] = "Choose a status from the list"
        self.fields["kind"].error_messages["invalid_choice"] = "Choose a kind from the list"


class EvidenceItemForm(forms.ModelForm):
    source = forms.ChoiceField(
        label="Source", choices=EvidenceItem._meta.get_field("source").choices
    )
    better = forms.ChoiceField(
        label="Which direction is better",
        choices=EvidenceItem._meta.get_field("better").choices,
        widget=forms.RadioSelect,
    )
    baseline_date = NHSDateField(
        label="Baseline date", help_text="For example, 31 3 2025.", required=True
    )
    followup_date = NHSDateField(
        label="Follow-up date",
        help_text="Leave the follow-up value and date empty until you have them.",
        required=False,
    )

    class Meta:
        model = EvidenceItem
        fields = [
            "measure",
            "unit",
            "source",
            "baseline_value",
            "baseline_date",
            "followup_value",
            "followup_date",
            "better",
        ]
        labels = {
            "measure": "Measure",
            "unit": "Unit",
            "baseline_value": "Baseline value",
            "followup_value": "Follow-up value",
        }
        error_messages = {
            "measure": {"required": "Enter the measure"},
            "baseline_value": {
                "required": "Enter the baseline value",
                "invalid": "Baseline value must be a number",
            },
            "followup_value": {"invalid": "Follow-up value must be a number"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].error_messages["required"] = "Choose the source"
        self.fields["better"].error_messages["required"] = "Choose which direction is better"
        self.fields["baseline_date"].error_messages["required"] = "Enter the baseline date"
        for name in ("baseline_value", "followup_value"):
            self.fields[name].widget.attrs["class"] = "nhsuk-input--width-10"

    def clean(self):
        cleaned = super().clean()
        value, date = cleaned.get("followup_value"), cleaned.get("followup_date")
        value_given = value is not None or "followup_value" in self.errors
        date_given = date is not None or "followup_date" in self.errors
        if value_given and not date_given:
            self.add_error("followup_date", "Enter the follow-up date, or leave both empty")
        elif date_given and not value_given:
            self.add_error("followup_value", "Enter the follow-up value, or leave both empty")
        baseline = cleaned.get("baseline_date")
        if date and baseline and date <= baseline:
            self.add_error("followup_date", "Follow-up date must be after the baseline date")
        return cleaned


class ImpactDocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, Word, Excel or image file (PNG, JPEG, GIF or WebP), up to 10 MB.",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file is empty. Choose the file again and try again.",
        },
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.checked = check_upload(uploaded)
        except DocumentRefused as refusal:
            raise ValidationError(str(refusal)) from None
        return uploaded


def financial_year_choices(today=None):
    today = today or timezone.localdate()
    latest = period_containing(today, "year").year
    return [("", "Any year")] + [
        (str(year), f"April {year} to March {year + 1}")
        for year in range(latest, FIRST_FINANCIAL_YEAR - 1, -1)
    ]


class YouSaidFilterForm(forms.Form):
    service_area = forms.ModelChoiceField(
        label="Service area",
        required=False,
        queryset=Interest.objects.none(),
        empty_label="All service areas",
        error_messages={"invalid_choice": "Choose a service area from the list"},
    )
    year = forms.ChoiceField(label="Year (April to March)", required=False, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = _service_areas()
        self.fields["year"].choices = financial_year_choices()
        self.fields["year"].error_messages["invalid_choice"] = "Choose a year from the list"
