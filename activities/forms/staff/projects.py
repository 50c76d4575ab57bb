"""Forms for the staff's project pages: the list's filters and adding or editing a project.

Forms validate; the views pass what they cleaned to `activities.services`.
"""

from django import forms
from django.core.exceptions import ValidationError

from cocreation.lib.forms import NHSDateField
from community.models import Interest, InterestKind, PartnerOrganisation

from ...models import Objective, Project, ProjectStage, ProjectStatus
from .fields import (
    StaffUserChoiceField,
    any_choice_field,
    staff_users,
    title_errors,
)


class ProjectFilterForm(forms.Form):
    stage = any_choice_field("Stage", "Any stage", ProjectStage.choices)
    status = any_choice_field("Status", "Any status", ProjectStatus.choices)
    objective = any_choice_field("Objective in the plan", "Any objective", Objective.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Choose from the list"


class ProjectForm(forms.ModelForm):
    """A project's details. The view passes the objectives and partners to `project_save`."""

    started_on = NHSDateField(label="Started on", required=False, help_text="For example, 1 4 2025")
    objectives = forms.MultipleChoiceField(
        label="Objectives in the plan",
        help_text="Which of the strategic plan's objectives this project serves. Select all that apply.",
        choices=Objective.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one objective the project serves",
            "invalid_choice": "Choose from the objectives given",
        },
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "stage",
            "service_area",
            "lead",
            "partners",
            "objectives",
            "status",
            "started_on",
        ]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "stage": "Stage",
            "service_area": "Service area",
            "lead": "Lead",
            "partners": "Partner organisations",
            "status": "Status",
        }
        help_texts = {
            "summary": "What the project is for and what it hopes to change, in plain English.",
            "lead": "The member of the involvement team who leads it.",
            "partners": "Select all that apply.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "stage": forms.RadioSelect,
            "status": forms.RadioSelect,
            "partners": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": title_errors("project"),
            "stage": {"required": "Choose the project's stage"},
            "status": {"required": "Choose the project's status"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        service_area = self.fields["service_area"]
        service_area.queryset = Interest.objects.filter(kind=InterestKind.SERVICE_AREA)
        service_area.empty_label = "Not set"
        lead = StaffUserChoiceField(
            label="Lead",
            queryset=staff_users(also_pk=self.instance.lead_id),
            required=False,
            empty_label="Not set",
            help_text=self.fields["lead"].help_text,
        )
        self.fields["lead"] = lead
        self.fields["partners"].queryset = PartnerOrganisation.objects.order_by("name")
        self.fields["stage"].choices = ProjectStage.choices
        self.fields["status"].choices = ProjectStatus.choices
        for name in ("service_area", "lead", "partners", "stage", "status"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the options given"
        self.fields["partners"].error_messages["invalid_pk_value"] = "Choose from the options given"
        if self.instance.pk and not self.is_bound:
            self.initial["objectives"] = [o.objective for o in self.instance.objectives.all()]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Enter a title for the project", code="required")
        return title
