"""Forms for case studies: the story and what it is linked to."""

from django import forms

from cocreation.lib.forms import CheckboxFilterWidget
from community.models import CoCreator

from ..models import CaseStudy, ImpactRecord


class CoCreatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CaseStudyForm(forms.ModelForm):
    cocreator = CoCreatorChoiceField(
        label="Co-creator",
        help_text="The person whose story this is, if it is about one person.",
        queryset=CoCreator.objects.order_by("full_name", "pk"),
        required=False,
        empty_label="No one in particular",
    )
    impact_records = forms.ModelMultipleChoiceField(
        label="Linked impact records",
        help_text="The changes this story shows. Select all that apply.",
        queryset=ImpactRecord.objects.order_by("title", "pk"),
        required=False,
        widget=CheckboxFilterWidget(filter_label="Find an impact record by its title"),
    )

    class Meta:
        model = CaseStudy
        fields = ["title", "story", "cocreator", "impact_records"]
        labels = {"title": "Title", "story": "The story"}
        error_messages = {
            "title": {"required": "Enter a title"},
            "story": {"required": "Write the story"},
        }
